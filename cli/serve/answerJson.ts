/**
 * verify-batch's answers as UTF-8 bytes from templates: the bytes of
 * `Buffer.from(JSON.stringify(answers))` (each answer `toVcApiVerification(result)`), made without
 * serialising every answer whole.
 *
 * The answers of one batch are alike: a valid credential's answer differs from the next one's in a
 * few values (its digest, index, dates, holder, summary), not in its members or its messages. The
 * first answer of a shape becomes a template: its JSON, cut into bytes encoded once and holes. An
 * answer with the same members (same names in the same order, same array lengths, same kinds of
 * value) is written as the template's bytes with its own values in the holes. A value that differs
 * from the template's where the template has none becomes a hole from then on (the template's bytes
 * are cut again), so the values that vary are found by the answers themselves, never listed here.
 * Any other answer, or one holding anything but plain objects, arrays, strings, finite numbers,
 * booleans and null, is written by JSON.stringify itself. The bytes are JSON.stringify's either way:
 * the differential test (answerJson.test.ts) compares them on every kind of verdict and on random
 * values.
 *
 * An answer whose result has a class (the SDK's ResultClass, `verifyCredentialsWithClasses`) is the
 * class's first answer but for its row's values (RESULT_ROW_POINTERS): it is written from the class's
 * template, cut at those values alone, with no check of the rest (`fits` over each answer's ~100
 * values was most of a template's cost, docs/PERFORMANCE.md "verify-batch, December 8, second round").
 */

import { RESULT_ROW_POINTERS, type ResultClass } from "../../sdk/src/node";

/**
 * Where a JsonBytesWriter gets its memory: `take` gives a buffer of at least `capacity` bytes, from
 * offset 0 of an ArrayBuffer or SharedArrayBuffer that holds nothing else; `giveBack` takes one the
 * writer outgrew (its bytes copied into a larger one).
 */
export interface BytesAllocator {
  take(capacity: number): Buffer;
  giveBack(buffer: Buffer): void;
}

/** Memory of its own for each buffer, never Node's shared pool of small buffers (`allocUnsafeSlow`). */
export const OWN_MEMORY: BytesAllocator = {
  take: (capacity) => Buffer.allocUnsafeSlow(capacity),
  giveBack: () => undefined,
};

/**
 * A growing UTF-8 buffer that JSON is written into. Its memory is never Node's shared pool of small
 * buffers, so the (Shared)ArrayBuffer under `bytes()` holds these bytes alone and may be handed to
 * another thread as it is (batchWorker.ts).
 */
export class JsonBytesWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(
    capacity = 1 << 16,
    private readonly allocator: BytesAllocator = OWN_MEMORY,
  ) {
    this.buffer = allocator.take(capacity);
  }

  /** The bytes written so far (a view, from offset 0, of the writer's buffer: copy it before writing more). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Room for `more` bytes after the ones written. */
  private reserve(more: number): void {
    const needed = this.length + more;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = this.allocator.take(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.allocator.giveBack(this.buffer);
    this.buffer = grown;
  }

  /** One byte (ASCII punctuation). */
  byte(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /** Text that is JSON already. */
  text(json: string): void {
    this.reserve(json.length * 3);
    this.length += this.buffer.write(json, this.length, "utf8");
  }

  /** Bytes that are JSON already. */
  bytesOf(json: Buffer): void {
    this.reserve(json.length);
    this.buffer.set(json, this.length); // TypedArray#set: Buffer#copy checks its arguments in JavaScript first
    this.length += json.length;
  }

  /** A template's leaf value, as JSON.stringify writes it. */
  leaf(value: Leaf): void {
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
      this.digits(value); // an index, a leaf index, a length: no text made to be encoded
    } else if (typeof value === "string" && !NEEDS_ESCAPE.test(value)) {
      this.reserve(value.length * 3 + 2);
      const buffer = this.buffer;
      buffer[this.length++] = 0x22;
      this.length += buffer.write(value, this.length, "utf8");
      buffer[this.length++] = 0x22;
    } else {
      this.text(JSON.stringify(value));
    }
  }

  /** A whole number from 0 to Number.MAX_SAFE_INTEGER, as JSON.stringify writes it (its decimal digits). */
  private digits(value: number): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    this.reserve(count);
    const buffer = this.buffer;
    let at = this.length + count;
    this.length = at;
    let rest = value;
    do {
      buffer[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }
}

/** Where a class's answers have their rows' values: the result's RESULT_ROW_POINTERS, in the answer's `credanchor`. */
const CLASS_HOLES: readonly (readonly string[])[] = RESULT_ROW_POINTERS.map((pointer) =>
  `/credanchor${pointer}`.slice(1).split("/"),
);

/** A class's template: its first answer's JSON cut at its rows' values, and where to read each (in the answer). */
interface ClassTemplate {
  segments: Buffer[];
  reads: (readonly string[])[];
}

/** A value a template holds as it is or as a hole. */
type Leaf = string | number | boolean | null;

/** What a template's node stands for. */
const LEAF = 0;
const OBJECT = 1;
const ARRAY = 2;
/** A member JSON.stringify leaves out (`undefined`, a function, a symbol). */
const ABSENT = 3;

/**
 * A node of a template's tree (one class for every kind, so that walking the tree reads one shape
 * of object): an object's member names and members, an array's items, or a leaf's value.
 */
class Node {
  constructor(
    readonly kind: typeof LEAF | typeof OBJECT | typeof ARRAY | typeof ABSENT,
    readonly keys: readonly string[],
    readonly members: readonly Node[],
    readonly value: Leaf,
    public hole: boolean,
  ) {}
}

const NO_KEYS: readonly string[] = [];
const NO_NODES: readonly Node[] = [];
const ABSENT_NODE = new Node(ABSENT, NO_KEYS, NO_NODES, null, false);

/** A template: its tree and its JSON cut at the holes (segment, hole, segment, …, segment). */
interface Template {
  root: Node;
  segments: Buffer[];
  /** Answers written with it (for dropping the least used when there are too many). */
  uses: number;
}

/** The most templates one writer keeps: a batch's answers take a handful of shapes. */
const MAX_TEMPLATES = 16;

/**
 * Writes the JSON of answers (`toVcApiVerification(result)` for each) joined by commas, as verify-batch
 * puts them between `"results":[` and `]`, keeping the templates of the shapes it meets for the next
 * call (a batch's next part).
 *
 * @example
 * const answers = new AnswerWriter();
 * answers.write(results.map(toVcApiVerification)); // <Buffer 7b 22 76 65 72 69 66 69 65 64 22 3a 74 72 75 65 ...>
 */
export class AnswerWriter {
  private readonly templates: Template[] = [];
  /** The templates of the result classes met (null: a class whose first answer made none). */
  private readonly classTemplates = new WeakMap<ResultClass, ClassTemplate | null>();
  /** The last class met and its template: a part's answers of one class come one after another. */
  private lastClass: ResultClass | undefined;
  private lastClassTemplate: ClassTemplate | null = null;
  /** Bytes and answers written so far: the next call's buffer is sized from them. */
  private bytesWritten = 0;
  private answersWritten = 0;
  /** Answers written from a class's template, from a template, and by JSON.stringify (for the tests and the profile). */
  readonly counts = { class: 0, template: 0, stringify: 0 };

  /**
   * The answers' JSON, joined by commas, in a buffer of its own (from offset 0 of memory of its own,
   * from `allocator`). `classes[k]`, when given, is the class of answer k's result, as
   * `verifyCredentialsWithClasses` gave it, and answer k is `toVcApiVerificationOwned(result)` (its
   * `credanchor` the result itself): so the answers of one class are the same but at their results'
   * row values, and each but its class's first is written from those values alone.
   */
  write(
    answers: readonly unknown[],
    allocator: BytesAllocator = OWN_MEMORY,
    classes?: readonly (ResultClass | undefined)[],
  ): Buffer {
    // Sized for the answers (from those written before): one buffer, no copies while it grows.
    const perAnswer = this.answersWritten > 0 ? Math.ceil(this.bytesWritten / this.answersWritten) : 4096;
    const writer = new JsonBytesWriter(Math.ceil(answers.length * perAnswer * 1.1) + 1024, allocator);
    const holes: Leaf[] = [];
    for (let k = 0; k < answers.length; k++) {
      const answer = answers[k];
      if (k > 0) writer.byte(0x2c);
      holes.length = 0;
      const resultClass = classes?.[k];
      if (resultClass !== undefined) {
        const segments = this.classSegments(resultClass, answer, holes);
        if (segments !== undefined) {
          writeCut(writer, segments, holes);
          this.counts.class++;
          continue;
        }
        holes.length = 0;
      }
      const template = this.templateFor(answer, holes);
      if (template === undefined) {
        writer.text(JSON.stringify(answer) ?? "null"); // a list entry JSON.stringify has no text for is null
        this.counts.stringify++;
        continue;
      }
      template.uses++;
      writeCut(writer, template.segments, holes);
      this.counts.template++;
    }
    const bytes = writer.bytes();
    this.bytesWritten += bytes.length;
    this.answersWritten += answers.length;
    return bytes;
  }

  /**
   * The segments of the template of `answer`'s class (made from it when it is the class's first), its
   * row's values pushed to `holes`; undefined when the class has no template or a value is not one a
   * template holds (then the answer is written as any other).
   */
  private classSegments(resultClass: ResultClass, answer: unknown, holes: Leaf[]): Buffer[] | undefined {
    let template = resultClass === this.lastClass ? this.lastClassTemplate : this.classTemplates.get(resultClass);
    if (template === undefined) {
      template = classTemplateOf(answer) ?? null;
      this.classTemplates.set(resultClass, template);
    }
    this.lastClass = resultClass;
    this.lastClassTemplate = template;
    if (template === null || !readHoles(template.reads, answer, holes)) return undefined;
    return template.segments;
  }

  /** The template `answer` fits (its values for the holes pushed to `holes`), or undefined. */
  private templateFor(answer: unknown, holes: Leaf[]): Template | undefined {
    for (const template of this.templates) {
      const fit = fits(template.root, answer, holes);
      if (fit === FIT) return template;
      holes.length = 0;
      if (fit === FIT_WITH_NEW_HOLES) {
        // Same shape, other values where the template had its own: those are holes from now on.
        makeHoles(template.root, answer);
        template.segments = cut(template.root);
        if (fits(template.root, answer, holes) === FIT) return template;
        holes.length = 0;
      }
    }
    const root = shapeOf(answer, 0);
    if (root === undefined) return undefined;
    if (this.templates.length >= MAX_TEMPLATES) {
      let least = 0;
      for (let i = 1; i < this.templates.length; i++) {
        if (this.templates[i].uses < this.templates[least].uses) least = i;
      }
      this.templates.splice(least, 1);
    }
    const template: Template = { root, segments: cut(root), uses: 0 };
    this.templates.push(template);
    return fits(root, answer, holes) === FIT ? template : undefined;
  }
}

const FIT = 0;
const FIT_WITH_NEW_HOLES = 1;
const NO_FIT = 2;

/** Deeper than any answer (a stack's components go 3 deep); a deeper value is JSON.stringify's. */
const MAX_DEPTH = 64;

/** The template tree of a value, or undefined when it holds anything JSON.stringify must write itself. */
function shapeOf(value: unknown, depth: number): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (isLeaf(value)) return new Node(LEAF, NO_KEYS, NO_NODES, value, false);
  if (typeof value !== "object" || value === null || !isPlain(value)) return undefined;
  if (Array.isArray(value)) {
    const items: Node[] = [];
    for (const item of value as unknown[]) {
      // An array's undefined (a function, a symbol) is JSON's null: not worth a kind of its own.
      const node = shapeOf(item, depth + 1);
      if (node === undefined) return undefined;
      items.push(node);
    }
    return new Node(ARRAY, NO_KEYS, items, null, false);
  }
  const keys = Object.keys(value);
  const members: Node[] = [];
  for (const key of keys) {
    const member = (value as Record<string, unknown>)[key];
    if (isAbsent(member)) {
      members.push(ABSENT_NODE);
      continue;
    }
    const node = shapeOf(member, depth + 1);
    if (node === undefined) return undefined;
    members.push(node);
  }
  return new Node(OBJECT, keys, members, null, false);
}

/**
 * Whether `value` has the template's shape: FIT when its values equal the template's wherever the
 * template has no hole (the holes' values pushed to `holes`, in order), FIT_WITH_NEW_HOLES when some
 * differ, NO_FIT when its members, lengths or kinds of value differ.
 */
function fits(node: Node, value: unknown, holes: Leaf[]): number {
  const kind = node.kind;
  if (kind === LEAF) {
    const expected = node.value;
    if (value === expected) {
      if (node.hole) holes.push(expected);
      return FIT;
    }
    // Another value: of the same kind (a finite number for a number), else another shape.
    if (typeof expected === "string") {
      if (typeof value !== "string") return NO_FIT;
    } else if (typeof expected === "number") {
      if (typeof value !== "number" || !Number.isFinite(value)) return NO_FIT;
    } else if (typeof expected === "boolean") {
      if (typeof value !== "boolean") return NO_FIT;
    } else {
      return NO_FIT; // null, and the value is not null
    }
    if (node.hole) {
      holes.push(value);
      return FIT;
    }
    return FIT_WITH_NEW_HOLES;
  }
  if (kind === ABSENT) return isAbsent(value) ? FIT : NO_FIT;
  if (typeof value !== "object" || value === null || !isPlain(value)) return NO_FIT;
  const members = node.members;
  let fit = FIT;
  if (kind === ARRAY) {
    if (!Array.isArray(value) || value.length !== members.length) return NO_FIT;
    for (let i = 0; i < members.length; i++) {
      const item = fits(members[i], (value as unknown[])[i], holes);
      if (item === NO_FIT) return NO_FIT;
      if (item > fit) fit = item;
    }
    return fit;
  }
  if (Array.isArray(value)) return NO_FIT;
  // for-in, not Object.keys: no array made per object. It also lists inherited enumerable members,
  // which JSON.stringify leaves out: an object with any then has more names than its template and is
  // JSON.stringify's, never written wrong.
  const expected = node.keys;
  let i = 0;
  for (const key in value) {
    if (i >= expected.length || key !== expected[i]) return NO_FIT;
    const member = fits(members[i], (value as Record<string, unknown>)[key], holes);
    if (member === NO_FIT) return NO_FIT;
    if (member > fit) fit = member;
    i++;
  }
  return i === expected.length ? fit : NO_FIT;
}

/** Makes a hole of each of the template's values that `value` (of its shape) does not share. */
function makeHoles(node: Node, value: unknown): void {
  if (node.kind === LEAF) {
    if (!node.hole && value !== node.value) node.hole = true;
  } else if (node.kind === ARRAY) {
    node.members.forEach((item, i) => makeHoles(item, (value as unknown[])[i]));
  } else if (node.kind === OBJECT) {
    node.members.forEach((member, i) => makeHoles(member, (value as Record<string, unknown>)[node.keys[i]]));
  }
}

/** A template's segments with the holes' values between them. */
function writeCut(writer: JsonBytesWriter, segments: readonly Buffer[], holes: readonly Leaf[]): void {
  writer.bytesOf(segments[0]);
  for (let i = 0; i < holes.length; i++) {
    writer.leaf(holes[i]);
    writer.bytesOf(segments[i + 1]);
  }
}

/**
 * The template of a class whose first answer is `answer`: its JSON cut at the rows' values
 * (CLASS_HOLES that it has), or undefined when it holds what JSON.stringify must write itself. Its
 * bytes are checked once against JSON.stringify of the answer itself, so that a template is never kept
 * that would write its first answer wrong.
 */
function classTemplateOf(answer: unknown): ClassTemplate | undefined {
  const root = shapeOf(answer, 0);
  if (root === undefined) return undefined;
  const readOf = new Map<Node, readonly string[]>();
  for (const tokens of CLASS_HOLES) {
    const node = nodeAt(root, tokens);
    if (node?.kind !== LEAF) continue; // a member the class's answers do not have
    node.hole = true;
    readOf.set(node, tokens);
  }
  const reads: (readonly string[])[] = [];
  const segments = cut(root, (node) => reads.push(readOf.get(node)!));
  const holes: Leaf[] = [];
  if (!readHoles(reads, answer, holes)) return undefined;
  const writer = new JsonBytesWriter(4096);
  writeCut(writer, segments, holes);
  return writer.bytes().toString("utf8") === JSON.stringify(answer) ? { segments, reads } : undefined;
}

/** The template's node at `tokens` (member names and array indices), or undefined. */
function nodeAt(root: Node, tokens: readonly string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const token of tokens) {
    if (node.kind === OBJECT) {
      const at = node.keys.indexOf(token);
      node = at < 0 ? undefined : node.members[at];
    } else if (node.kind === ARRAY) {
      node = node.members[Number(token)];
    } else {
      node = undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** Pushes to `holes` the values of `answer` at `reads`; false when one is not a value a template holds. */
function readHoles(reads: readonly (readonly string[])[], answer: unknown, holes: Leaf[]): boolean {
  for (let i = 0; i < reads.length; i++) {
    const tokens = reads[i];
    let value = answer;
    for (let t = 0; t < tokens.length; t++) {
      if (typeof value !== "object" || value === null) return false;
      value = (value as Record<string, unknown>)[tokens[t]];
    }
    if (!isLeaf(value)) return false;
    holes.push(value);
  }
  return true;
}

/** The template's JSON cut at its holes, each piece encoded; `onHole` is told each hole, in order. */
function cut(root: Node, onHole?: (node: Node) => void): Buffer[] {
  const pieces: string[] = [];
  let piece = "";
  const walk = (node: Node): void => {
    if (node.kind === LEAF) {
      if (node.hole) {
        pieces.push(piece);
        piece = "";
        onHole?.(node);
      } else {
        piece += JSON.stringify(node.value);
      }
    } else if (node.kind === ARRAY) {
      piece += "[";
      node.members.forEach((item, i) => {
        if (i > 0) piece += ",";
        walk(item);
      });
      piece += "]";
    } else if (node.kind === OBJECT) {
      piece += "{";
      let first = true;
      node.members.forEach((member, i) => {
        if (member.kind === ABSENT) return;
        if (!first) piece += ",";
        first = false;
        piece += `${JSON.stringify(node.keys[i])}:`;
        walk(member);
      });
      piece += "}";
    }
  };
  walk(root);
  pieces.push(piece);
  return pieces.map((text) => Buffer.from(text));
}

/** A value a template can hold: JSON.stringify writes it the same wherever it is. */
function isLeaf(value: unknown): value is Leaf {
  const type = typeof value;
  return type === "string" || type === "boolean" || value === null || (type === "number" && Number.isFinite(value));
}

/** What JSON.stringify leaves out as an object's member. */
function isAbsent(value: unknown): boolean {
  const type = typeof value;
  return type === "undefined" || type === "function" || type === "symbol";
}

/** An array or an object of Object's (or no) prototype without a `toJSON`: JSON.stringify walks it as data. */
function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** A character JSON.stringify escapes (a quote, a backslash, a control character) or a surrogate. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
