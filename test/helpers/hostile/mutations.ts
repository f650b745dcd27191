/**
 * fast-check arbitraries that change a credential the way an attacker (or a careless tool) would:
 * a visible value, the structure (members added, removed, renamed, moved), or the proof entry (index,
 * path, root, digest, salts, redacted hashes). Each mutant differs from its source in what it says,
 * never only in spelling, so no mutant may ever verify. Shared by the offline property tests and the
 * chain-backed ones.
 */
import fc from "fast-check";
import { canonicalize } from "json-canonicalize";
import { visibleFieldHashes } from "../../../sdk/src/canonical/computeDigest";
import { flattenCredential } from "../../../sdk/src/canonical/flatten";
import type { PathToken } from "../../../sdk/src/canonical/pointer";
import { pointerFromPath } from "../../../sdk/src/canonical/pointer";
import type { Hex } from "../../../sdk/src/types";

/** A credential as JSON. */
export type Credential = Record<string, unknown>;

/** A changed credential and how it was changed. */
export interface Mutant {
  label: string;
  credential: Credential;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

/** The value at `path` (undefined when absent). */
export function getAt(root: unknown, path: readonly PathToken[]): unknown {
  let node = root;
  for (const token of path) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string, unknown>)[token as string];
  }
  return node;
}

/** Sets the value at `path` (the parent must exist). */
export function setAt(root: unknown, path: readonly PathToken[], value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string] = value;
}

/** Every path in `value` (objects' members and arrays' elements, at any depth), `skip` excluded. */
export function allPaths(value: unknown, skip: (path: PathToken[]) => boolean = () => false): PathToken[][] {
  const out: PathToken[][] = [];
  const walk = (node: unknown, path: PathToken[]) => {
    if (!isContainer(node)) return;
    const entries: [PathToken, unknown][] = Array.isArray(node)
      ? node.map((item, i) => [i, item])
      : Object.entries(node);
    for (const [key, child] of entries) {
      const childPath = [...path, key];
      if (skip(childPath)) continue;
      out.push(childPath);
      walk(child, childPath);
    }
  };
  walk(value, []);
  return out;
}

const notProof = (path: PathToken[]) => path[0] === "proof";

/** True when `a` and `b` are the same JSON value (RFC 8785: same numbers, same strings, member order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalize(a) === canonicalize(b);
}

/** A JSON value of any kind, including odd strings (lone surrogates, controls, bidi overrides, non-NFC). */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("\u202e", "\ufeff", "\u0000", "\u200b", "e\u0301", "\u00e9", "\ud800", "\udc00x", "\u0410"),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Edits of a string that look harmless on screen. */
export const stringEdits: readonly { name: string; apply: (text: string) => string }[] = [
  { name: "NFD", apply: (text) => text.normalize("NFD") },
  { name: "NFC", apply: (text) => text.normalize("NFC") },
  { name: "NFKC", apply: (text) => text.normalize("NFKC") },
  { name: "BOM in front", apply: (text) => `\ufeff${text}` },
  { name: "NUL at the end", apply: (text) => `${text}\u0000` },
  { name: "RTL override", apply: (text) => `\u202e${text}` },
  { name: "zero-width space", apply: (text) => `${text.slice(0, 1)}\u200b${text.slice(1)}` },
  { name: "lone high surrogate", apply: (text) => `${text}\ud83d` },
  { name: "lone low surrogate", apply: (text) => `\ude00${text}` },
  { name: "trailing space", apply: (text) => `${text} ` },
  { name: "upper case", apply: (text) => text.toUpperCase() },
];

/** Changes one visible value (a leaf of the credential outside `proof`) into a different JSON value. */
export function visibleValueMutant(credentials: readonly Credential[]): fc.Arbitrary<Mutant> {
  return fc
    .record({ which: fc.nat(), field: fc.nat(), value: anyJsonValue })
    .map(({ which, field, value }) => {
      const source = credentials[which % credentials.length];
      const fields = flattenCredential(source);
      const target = fields[field % fields.length];
      const credential = structuredClone(source);
      setAt(credential, target.path, value);
      return { label: `${target.pointer} := ${JSON.stringify(value)}`, credential, old: target.value, value };
    })
    .filter(({ old, value }) => !sameJson(old, value))
    .map(({ label, credential }) => ({ label, credential }));
}

/** Changes the structure: removes, adds, renames or moves members and array elements outside `proof`. */
export function structureMutant(credentials: readonly Credential[]): fc.Arbitrary<Mutant> {
  return fc
    .record({
      which: fc.nat(),
      at: fc.nat(),
      other: fc.nat(),
      op: fc.constantFrom("remove", "add", "rename", "swap", "duplicate-element", "wrap"),
      name: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom("proof", "__proto__", "name", "0")),
      value: anyJsonValue,
    })
    .map(({ which, at, other, op, name, value }) => {
      const source = credentials[which % credentials.length];
      const credential = structuredClone(source);
      const paths = allPaths(credential, notProof);
      const path = paths[at % paths.length];
      const parentPath = path.slice(0, -1);
      const parent = getAt(credential, parentPath) as Container;
      const key = path[path.length - 1];
      const pointer = pointerFromPath(path);
      const mutant = (label: string) => ({ label, credential, source });
      switch (op) {
        case "remove":
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key as string];
          return mutant(`remove ${pointer}`);
        case "add": {
          const target = isContainer(getAt(credential, path)) ? path : parentPath;
          const container = getAt(credential, target) as Container;
          if (Array.isArray(container)) container.push(value);
          else {
            if (Object.prototype.hasOwnProperty.call(container, name)) return undefined;
            Object.defineProperty(container, name, { value, enumerable: true, writable: true, configurable: true });
          }
          return mutant(`add ${JSON.stringify(value)} under ${pointerFromPath(target)} as ${JSON.stringify(name)}`);
        }
        case "rename": {
          if (Array.isArray(parent) || Object.prototype.hasOwnProperty.call(parent, name)) return undefined;
          const moved = parent[key as string];
          delete parent[key as string];
          Object.defineProperty(parent, name, { value: moved, enumerable: true, writable: true, configurable: true });
          return mutant(`rename ${pointer} to ${JSON.stringify(name)}`);
        }
        case "swap": {
          const otherPath = paths[other % paths.length];
          const a = getAt(credential, path);
          const b = getAt(credential, otherPath);
          if (
            sameJson(a, b) ||
            otherPath.length <= path.length ||
            pointerFromPath(otherPath).startsWith(pointer + "/")
          ) {
            return undefined;
          }
          setAt(credential, path, structuredClone(b));
          setAt(credential, otherPath, structuredClone(a));
          return mutant(`swap ${pointer} and ${pointerFromPath(otherPath)}`);
        }
        case "duplicate-element": {
          if (!Array.isArray(parent)) return undefined;
          parent.splice(key as number, 0, structuredClone(parent[key as number]));
          return mutant(`duplicate ${pointer}`);
        }
        case "wrap": {
          const current = getAt(credential, path);
          setAt(credential, path, Array.isArray(current) ? { 0: current[0] } : [current]);
          return mutant(`wrap ${pointer}`);
        }
      }
      return undefined;
    })
    .filter((mutant): mutant is Mutant & { source: Credential } => mutant !== undefined)
    .filter(({ source, credential }) => {
      const strip = (c: Credential) => ({ ...c, proof: undefined });
      return !sameJson(strip(source), strip(credential));
    })
    .map(({ label, credential }) => ({ label, credential }));
}

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString("hex")}`);

/** Flips one hex digit of `value` (after the 0x) to another digit. */
function flipDigit(value: string, at: number, to: number): string {
  const i = 2 + (at % (value.length - 2));
  const digits = "0123456789abcdef";
  let next = digits[to % 16];
  if (next === value[i]) next = digits[(to + 1) % 16];
  return value.slice(0, i) + next + value.slice(i + 1);
}

/**
 * Changes the credanchor proof entry in a way that matters: the leaf index, the path, the root, the
 * digest, the salts, the redacted hashes, the type or purpose. `others` are credentials of the same
 * and of another batch, whose proof parts are borrowed.
 */
export function proofMutant(credentials: readonly Credential[], others: readonly Credential[]): fc.Arbitrary<Mutant> {
  const all = [...credentials, ...others];
  return fc
    .record({
      which: fc.nat(),
      donor: fc.nat(),
      at: fc.nat(),
      to: fc.nat(),
      op: fc.constantFrom(
        "leafIndex",
        "path-remove",
        "path-insert",
        "path-replace",
        "path-flip",
        "path-reverse",
        "path-upper",
        "path-borrow",
        "root-flip",
        "root-random",
        "root-borrow",
        "digest-flip",
        "digest-borrow",
        "salt-flip",
        "salt-delete",
        "salt-add",
        "salt-swap",
        "salt-borrow",
        "redacted-add",
        "redacted-visible",
        "proof-borrow",
        "type",
        "purpose",
      ),
      index: fc.oneof(
        fc.integer(),
        fc.integer({ min: -3, max: 8 }),
        fc.double(),
        fc.constantFrom(2 ** 53, 2 ** 64, 0.5),
      ),
      hash: hex(32),
      salt: hex(16),
      name: fc.string({ maxLength: 12 }),
    })
    .map(({ which, donor, at, to, op, index, hash, salt, name }) => {
      const source = credentials[which % credentials.length];
      const credential = structuredClone(source);
      const proofs = credential.proof as Record<string, unknown>[];
      const proof = proofs[proofs.length - 1];
      const path = proof.path as string[];
      const salts = proof.salts as Record<string, string>;
      const saltKeys = Object.keys(salts);
      const other = all[donor % all.length];
      const otherProofs = other.proof as Record<string, unknown>[];
      const otherProof = otherProofs[otherProofs.length - 1];
      const label = (what: string) => ({ label: `${op}: ${what}`, credential });
      switch (op) {
        case "leafIndex":
          if (JSON.stringify(index) === JSON.stringify(proof.leafIndex)) return undefined;
          proof.leafIndex = index;
          return label(String(index));
        case "path-remove":
          if (path.length === 0) return undefined;
          path.splice(at % path.length, 1);
          return label(`sibling ${at % (path.length + 1)}`);
        case "path-insert":
          path.splice(at % (path.length + 1), 0, hash);
          return label(hash);
        case "path-replace":
          if (path.length === 0) return undefined;
          path[at % path.length] = hash;
          return label(hash);
        case "path-flip":
          if (path.length === 0) return undefined;
          path[at % path.length] = flipDigit(path[at % path.length], to, to >> 4);
          return label(`sibling ${at % path.length}`);
        case "path-reverse":
          if (path.length < 2 || path[0] === path[path.length - 1]) return undefined;
          path.reverse();
          return label("reversed");
        case "path-upper":
          if (path.length === 0 || !/[a-f]/.test(path[at % path.length].slice(2))) return undefined;
          path[at % path.length] = `0x${path[at % path.length].slice(2).toUpperCase()}`;
          return label(`sibling ${at % path.length}`);
        case "path-borrow":
          if (sameJson(otherProof.path, path) && otherProof.leafIndex === proof.leafIndex) return undefined;
          proof.path = structuredClone(otherProof.path);
          if (to % 2 === 0) proof.leafIndex = otherProof.leafIndex;
          return label(`from ${String(other.id)}`);
        case "root-flip":
          proof.root = flipDigit(proof.root as string, at, to);
          return label("one digit");
        case "root-random":
          proof.root = hash;
          return label(hash);
        case "root-borrow":
          if (otherProof.root === proof.root) return undefined;
          proof.root = otherProof.root;
          return label(`from ${String(other.id)}`);
        case "digest-flip":
          proof.digest = flipDigit(proof.digest as string, at, to);
          return label("one digit");
        case "digest-borrow":
          if (otherProof.digest === proof.digest) return undefined;
          proof.digest = otherProof.digest;
          return label(`from ${String(other.id)}`);
        case "salt-flip": {
          const key = saltKeys[at % saltKeys.length];
          salts[key] = flipDigit(salts[key], to, to >> 4);
          return label(key);
        }
        case "salt-delete": {
          const key = saltKeys[at % saltKeys.length];
          delete salts[key];
          return label(key);
        }
        case "salt-add": {
          const key = `/${name}`;
          if (Object.prototype.hasOwnProperty.call(salts, key)) return undefined;
          Object.defineProperty(salts, key, { value: salt, enumerable: true, writable: true, configurable: true });
          return label(key);
        }
        case "salt-swap": {
          const a = saltKeys[at % saltKeys.length];
          const b = saltKeys[to % saltKeys.length];
          if (a === b) return undefined;
          [salts[a], salts[b]] = [salts[b], salts[a]];
          return label(`${a} and ${b}`);
        }
        case "salt-borrow":
          if (sameJson(otherProof.salts, salts)) return undefined;
          proof.salts = structuredClone(otherProof.salts);
          return label(`from ${String(other.id)}`);
        case "redacted-add":
          proof.redactedHashes = [...(proof.redactedHashes as string[]), hash].sort();
          return label(hash);
        case "redacted-visible": {
          // the hash a visible field really has, listed again as hidden
          const visible = [...visibleFieldHashes(source, (source.proof as { salts: Record<string, Hex> }[])[0].salts)];
          const [pointer, fieldHash] = visible[at % visible.length];
          proof.redactedHashes = [...(proof.redactedHashes as string[]), fieldHash].sort();
          return label(`${pointer} counted twice`);
        }
        case "proof-borrow":
          if (other.id === credential.id) return undefined;
          proofs[proofs.length - 1] = structuredClone(otherProof);
          return label(`from ${String(other.id)}`);
        case "type":
          if (name === proof.type) return undefined;
          proof.type = name;
          return label(JSON.stringify(name));
        case "purpose":
          if (name === proof.proofPurpose) return undefined;
          proof.proofPurpose = name;
          return label(JSON.stringify(name));
      }
      return undefined;
    })
    .filter((mutant): mutant is Mutant => mutant !== undefined);
}
