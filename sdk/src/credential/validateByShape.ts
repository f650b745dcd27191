/**
 * Validation compiled once per credential shape, behind `validateCredential`. The credentials of one
 * batch share their shape (member names and order, nesting, arrays of the same lengths, the kind of
 * every value) and most of their values (contexts, type, issuer, achievement, dates). A credential
 * that `validateCredential` found valid is kept as a snapshot of its shape and its values (primitives
 * only: never a reference to the caller's objects, which may change). The next credential of that
 * shape is compared with it in one pass; each rule of the profile (CREDENTIAL_RULES in
 * validateCredential.ts: the same functions, the same order) runs again only when a member it reads
 * has a changed value, and a changed value is checked for what `assertHashable` checks (a lone
 * surrogate, a number JSON cannot hold); unchanged values passed all of that in the snapshot.
 *
 * The compiled path only ever answers "valid". A credential of another shape, a rule that reports an
 * issue, a CLR credential, anything unexpected: `validateByShape` returns false and the credential goes
 * through every rule as before, so every message, pointer and code is the full validator's.
 * Browser-safe.
 */
import { hasLoneSurrogate } from "../canonical/flatten";
import { isPlainObject, sameKeys, ShapeCache } from "../canonical/shapeCache";
import { isClrCredential } from "../stack/clr";
import { checkAchievementSubjectExceptAchievement, type Issues, type Obj } from "./rules";

/** What a rule needs besides the credential. */
export interface RuleContext {
  /** The credential is a CLR 2.0 ClrCredential (its own context, type and subject rules). */
  clr: boolean;
  /** validateCredential's `requireProof`. */
  requireProof: boolean;
}

/** One rule of the profile: the top-level members it reads, and the check (pushes its issues). */
export interface CredentialRule {
  members: readonly string[];
  check: (value: Obj, issues: Issues, context: RuleContext) => void;
}

const LEAF = 0;
const OBJECT = 1;
const ARRAY = 2;

/** A value of the snapshot. */
interface SnapshotNode {
  kind: 0 | 1 | 2;
  /** LEAF: the value (a string, number, boolean or null); replaced by the next valid credential's. */
  value: unknown;
  /** LEAF: typeof the value ("null" for null): a value of another kind is another shape. */
  type: string;
  /** OBJECT: member names in document order. */
  keys: string[];
  /** OBJECT: members' nodes in document order; ARRAY: the items' nodes. */
  children: SnapshotNode[];
}

interface Shape {
  topKeys: string[];
  top: SnapshotNode[];
  /** Per top-level member: the index in `rules` of the rule that reads it, or -1. */
  ruleOf: number[];
  /** Index of credentialSubject in topKeys (an object), of its achievement, and of the subject's rule; -1 when none. */
  subject: number;
  achievement: number;
  subjectRule: number;
}

const MAX_NODES = 4096;
const shapes = new ShapeCache<Shape>(16);

/** Thrown inside the comparison when the credential is not of the snapshot's shape; compared by identity. */
const MISS = new Error("credanchor: credential does not match its compiled shape");

function typeOf(value: unknown): string {
  return value === null ? "null" : typeof value;
}

function snapshot(value: unknown, budget: { nodes: number }): SnapshotNode | undefined {
  if (--budget.nodes < 0) return undefined;
  if (typeof value !== "object" || value === null) {
    const type = typeOf(value);
    if (type !== "string" && type !== "number" && type !== "boolean" && type !== "null") return undefined;
    return { kind: LEAF, value, type, keys: [], children: [] };
  }
  const node: SnapshotNode = { kind: OBJECT, value: undefined, type: "", keys: [], children: [] };
  if (Array.isArray(value)) {
    node.kind = ARRAY;
    for (let i = 0; i < value.length; i++) {
      const child = i in value ? snapshot(value[i], budget) : undefined;
      if (!child) return undefined;
      node.children.push(child);
    }
    return node;
  }
  if (!isPlainObject(value)) return undefined;
  node.keys = Object.keys(value);
  for (const key of node.keys) {
    const child = snapshot((value as Obj)[key], budget);
    if (!child) return undefined;
    node.children.push(child);
  }
  return node;
}

/** The tag of the shapes compiled under a value of `requireProof`. */
const tagOf = (requireProof: boolean) => (requireProof ? "requireProof" : "");

/**
 * Internal (validateCredential): keeps `value`, which the full validator has just found valid, as the
 * snapshot of its shape. Nothing for a ClrCredential or a shape over MAX_NODES values.
 */
export function compileShapeOf(value: Obj, requireProof: boolean, rules: readonly CredentialRule[]): void {
  if (isClrCredential(value) || !isPlainObject(value)) return;
  const topKeys = Object.keys(value);
  const budget = { nodes: MAX_NODES };
  const top: SnapshotNode[] = [];
  for (const key of topKeys) {
    const node = snapshot(value[key], budget);
    if (!node) return;
    top.push(node);
  }
  const ruleOf = topKeys.map((key) => rules.findIndex((rule) => rule.members.includes(key)));
  const subject = topKeys.indexOf("credentialSubject");
  const shape: Shape = {
    topKeys,
    top,
    ruleOf,
    subject: subject >= 0 && top[subject].kind === OBJECT ? subject : -1,
    achievement: subject >= 0 ? top[subject].keys.indexOf("achievement") : -1,
    subjectRule: subject >= 0 ? ruleOf[subject] : -1,
  };
  shapes.add(shape, tagOf(requireProof));
}

/** Leaves whose value changed, and their new values: written into the snapshot once the credential is valid. */
const changedNodes: SnapshotNode[] = [];
const changedValues: unknown[] = [];

/** Compares `value` with the snapshot `node`; true when a value differs. MISS when the shape differs or a new value cannot be hashed. */
function differs(node: SnapshotNode, value: unknown): boolean {
  if (node.kind === LEAF) {
    if (value === node.value) return false;
    if (typeOf(value) !== node.type) throw MISS;
    if (typeof value === "string" ? hasLoneSurrogate(value) : typeof value === "number" && !Number.isFinite(value)) {
      throw MISS;
    }
    changedNodes.push(node);
    changedValues.push(value);
    return true;
  }
  if (typeof value !== "object" || value === null) throw MISS;
  let changed = false;
  if (node.kind === ARRAY) {
    if (!Array.isArray(value) || value.length !== node.children.length) throw MISS;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw MISS;
      if (differs(node.children[i], value[i])) changed = true;
    }
    return changed;
  }
  if (Array.isArray(value) || !isPlainObject(value)) throw MISS;
  const keys = Object.keys(value);
  const expected = node.keys;
  if (keys.length !== expected.length) throw MISS;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== expected[i]) throw MISS;
  for (let i = 0; i < keys.length; i++) if (differs(node.children[i], (value as Obj)[keys[i]])) changed = true;
  return changed;
}

/** Rules to run again, by index (reused). */
const rerun: boolean[] = [];

/**
 * Internal (validateCredential): true when `value` has the shape of a credential found valid before and
 * every rule whose members changed finds no issue in it, i.e. when `validateCredential` returns no
 * issue for it. False means "not known here", never "invalid": the caller runs every rule.
 */
export function validateByShape(value: Obj, requireProof: boolean, rules: readonly CredentialRule[]): boolean {
  if (!isPlainObject(value)) return false;
  const topKeys = Object.keys(value);
  const shape = shapes.find(topKeys, tagOf(requireProof));
  if (shape === undefined) return false;
  changedNodes.length = 0;
  changedValues.length = 0;
  rerun.length = 0;
  for (let r = 0; r < rules.length; r++) rerun.push(false);
  let subjectOnly = false; // credentialSubject changed outside its achievement only
  try {
    for (let k = 0; k < topKeys.length; k++) {
      const node = shape.top[k];
      const member = value[topKeys[k]];
      if (k !== shape.subject) {
        if (differs(node, member) && shape.ruleOf[k] >= 0) rerun[shape.ruleOf[k]] = true;
        continue;
      }
      // credentialSubject: its achievement (the same in a whole batch) and the rest apart.
      if (typeof member !== "object" || member === null || Array.isArray(member) || !isPlainObject(member)) throw MISS;
      const keys = Object.keys(member);
      if (!sameKeys(keys, node.keys)) throw MISS;
      let achievementChanged = false;
      let restChanged = false;
      for (let i = 0; i < keys.length; i++) {
        const changed = differs(node.children[i], (member as Obj)[keys[i]]);
        if (i === shape.achievement) achievementChanged = changed;
        else if (changed) restChanged = true;
      }
      if (shape.subjectRule >= 0 && (achievementChanged || restChanged)) {
        rerun[shape.subjectRule] = true;
        subjectOnly = !achievementChanged;
      }
    }
  } catch (error) {
    if (error === MISS) return false;
    throw error;
  }
  // The type may have changed: a ClrCredential has rules of its own.
  if (rerun.some((run, r) => run && rules[r].members.includes("type")) && isClrCredential(value)) return false;
  const issues: Issues = [];
  const context: RuleContext = { clr: false, requireProof };
  for (let r = 0; r < rules.length; r++) {
    if (!rerun[r]) continue;
    if (r === shape.subjectRule && subjectOnly) {
      checkAchievementSubjectExceptAchievement(value.credentialSubject as Obj, "/credentialSubject", issues);
    } else rules[r].check(value, issues, context);
    if (issues.length > 0) return false;
  }
  for (let i = 0; i < changedNodes.length; i++) changedNodes[i].value = changedValues[i];
  shapes.use(shape, tagOf(requireProof));
  return true;
}

/** Tests only: forgets every compiled shape. */
export function clearValidationShapesForTests(): void {
  shapes.clear();
}
