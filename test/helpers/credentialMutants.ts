/**
 * Credential texts mutated the ways an attacker (or a careless tool) would change a credential file, for
 * the differential fuzzers of the verification fast paths (test/sdk/verify/fastPaths.fuzz.test.ts):
 * a byte flipped in a slot value or anywhere in the text, members reordered, duplicated, removed or
 * added, whitespace changed, a character `\u`-escaped, a number spelt 1e0 / 1.0, a string's case
 * changed, Unicode lookalikes, a very long value, a BOM, CRLF line ends, and proof fields (proofValue,
 * leaf index, path, salts, digest) taken from another credential of the same batch. Deterministic:
 * every choice comes from `random`, a seeded generator (`seededRandom`, test/helpers/seededRandom.ts).
 */
import { editEntry, entryOf } from "../fixtures/samples";
import type { CredAnchorProof } from "../../sdk/src/types";

/** A mutated text, the kind of mutation, and the index of the credential it was made from. */
export interface Mutant {
  kind: string;
  text: string;
  base: number;
}

/** A JSON document as the mutations handle it. */
type Doc = Record<string, unknown> & { proof: unknown };

/** The text of a document as a batch folder holds it: two-space indents, a final newline. */
export function credentialText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Where each JSON string value (not a member name) of `text` lies, its quotes excluded. */
function stringValues(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"(\s*:)?/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[2] === undefined) found.push({ start: match.index + 1, end: match.index + 1 + match[1].length });
  }
  return found;
}

/** The slot values of the template fast path: the leaves that differ between the credentials of a batch. */
const SLOT_MEMBERS = /"(id|name|identityHash|salt|value|proofValue)": "/g;

function slotValues(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (let match = SLOT_MEMBERS.exec(text); match !== null; match = SLOT_MEMBERS.exec(text)) {
    const start = match.index + match[0].length;
    found.push({ start, end: text.indexOf('"', start) });
  }
  return found.filter((range) => range.end > range.start);
}

/** `hex` (0x...) with one of its digits changed. */
function flipHex(hex: string, random: () => number): `0x${string}` {
  const i = 2 + Math.floor(random() * (hex.length - 2));
  const digit = "0123456789abcdef"[(parseInt(hex[i], 16) + 1 + Math.floor(random() * 15)) % 16];
  return `${hex.slice(0, i)}${digit}${hex.slice(i + 1)}` as `0x${string}`;
}

/** Every object of `document` (itself included), with the path of members that leads to it. */
function objectsOf(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objectsOf(item, into);
  else if (typeof value === "object" && value !== null) {
    into.push(value as Record<string, unknown>);
    for (const member of Object.values(value)) objectsOf(member, into);
  }
  return into;
}

/** Lookalikes of Latin letters (Cyrillic and Greek), as a phishing name would use. */
const LOOKALIKES: Record<string, string> = {
  a: "\u0430",
  e: "\u0435",
  o: "\u043e",
  p: "\u0440",
  c: "\u0441",
  A: "\u0391",
};

/**
 * One mutant of `texts[base]` of each kind the generator knows, with its choices drawn from `random`;
 * `texts` are valid credentials of one batch (the proof swaps take another's fields).
 */
export function mutantsOf(texts: readonly string[], base: number, random: () => number): Mutant[] {
  const text = texts[base];
  const document = JSON.parse(text) as Doc;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const other = (() => {
    const i = Math.floor(random() * (texts.length - 1));
    return i >= base ? i + 1 : i;
  })();
  const otherDocument = JSON.parse(texts[other]) as Doc;
  const at = (start: number, end: number, replacement: string) => text.slice(0, start) + replacement + text.slice(end);
  /** `text` with the character at `i` changed by `change`. */
  const charAt = (i: number, change: (c: string) => string) => at(i, i + 1, change(text[i]));
  const flipChar = (c: string) => {
    const code = c.charCodeAt(0) ^ (1 << Math.floor(random() * 6));
    // Keep the text a JSON text where the flip lands inside a string: no quote, backslash or control.
    return code < 0x20 || code === 0x22 || code === 0x5c ? "x" : String.fromCharCode(code);
  };
  const withDocument = (edit: (copy: Doc) => void) => {
    const copy = structuredClone(document);
    edit(copy);
    return credentialText(copy);
  };
  const withProof = (edit: (proof: CredAnchorProof, theirs: CredAnchorProof) => void) =>
    withDocument((copy) => editEntry(copy, (proof) => edit(proof, entryOf(otherDocument))));
  const slot = pick(slotValues(text));
  const value = pick(stringValues(text));
  const mutants: [string, string][] = [
    ["slot byte flipped", charAt(slot.start + Math.floor(random() * (slot.end - slot.start)), flipChar)],
    ["value byte flipped", charAt(value.start + Math.floor(random() * (value.end - value.start)), flipChar)],
    ["any byte flipped", charAt(Math.floor(random() * text.length), flipChar)],
    [
      "members reordered",
      withDocument((copy) => {
        const object = pick(objectsOf(copy).filter((o) => Object.keys(o).length > 1));
        const entries = Object.entries(object).reverse();
        for (const key of Object.keys(object)) delete object[key];
        for (const [key, member] of entries) object[key] = member;
      }),
    ],
    [
      "member duplicated, same value",
      (() => {
        const member = pick([...text.matchAll(/\n( +)("[^"\n]+": "[^"\n]*"),?\n/g)]);
        const line = `\n${member[1]}${member[2]},`;
        return at(member.index, member.index, line);
      })(),
    ],
    [
      "member duplicated, other value first",
      (() => {
        const member = pick([...text.matchAll(/\n( +)"([^"\n]+)": "[^"\n]*",?\n/g)]);
        return at(member.index, member.index, `\n${member[1]}"${member[2]}": "Mallory",`);
      })(),
    ],
    [
      "member removed",
      withDocument((copy) => {
        const object = pick(objectsOf(copy).filter((o) => Object.keys(o).length > 0));
        delete object[pick(Object.keys(object))];
      }),
    ],
    [
      "member added",
      withDocument((copy) => {
        const object = pick(objectsOf(copy));
        object[pick(["note", "id", "extra", "name", "@vocab"])] = pick(["x", 1, null, [], {}]);
      }),
    ],
    ["compact", `${JSON.stringify(document)}`],
    [
      "whitespace changed",
      (() => {
        const spaces = [...text.matchAll(/\n +/g)];
        const space = pick(spaces);
        return at(space.index, space.index + space[0].length, pick(["\n\t", " ", "\n    ", "\n\n  "]));
      })(),
    ],
    [
      "character \\u-escaped",
      (() => {
        const range = pick(stringValues(text).filter((r) => !text.slice(r.start, r.end).includes("\\")));
        const i = range.start + Math.floor(random() * (range.end - range.start));
        return at(i, i + 1, `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`);
      })(),
    ],
    [
      "string as a number",
      (() => {
        // A digit string spelt as a number (60 as 60, 60.0 or 6e1), or any string as 1e0.
        const digits = [...text.matchAll(/": "(\d+)"/g)];
        if (digits.length > 0 && random() < 0.7) {
          const found = pick(digits);
          const start = found.index + 3;
          const n = found[1];
          return at(start, start + n.length + 2, pick([n, `${n}.0`, `${Number(n) / 10}e1`]));
        }
        return at(value.start - 1, value.end + 1, pick(["1e0", "1.0", "1"]));
      })(),
    ],
    [
      "case changed",
      (() => {
        const range = pick(stringValues(text).filter((r) => /[a-zA-Z]/.test(text.slice(r.start, r.end))));
        const letters = [...text.slice(range.start, range.end).matchAll(/[a-zA-Z]/g)];
        const i = range.start + pick(letters).index;
        return charAt(i, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
      })(),
    ],
    [
      "lookalike",
      (() => {
        const candidates = stringValues(text)
          .flatMap((r) => [...text.slice(r.start, r.end).matchAll(/[aeopcA]/g)].map((m) => r.start + m.index))
          .filter((i) => !/proofValue/.test(text.slice(text.lastIndexOf("\n", i), i)));
        return charAt(pick(candidates), (c) => LOOKALIKES[c]);
      })(),
    ],
    [
      "very long value",
      withDocument((copy) => {
        const subject = copy.credentialSubject as Record<string, unknown>;
        subject.name = `${String(subject.name)}${"x".repeat(pick([1_000, 70_000]))}`;
      }),
    ],
    ["BOM", `\ufeff${text}`],
    ["CRLF", text.replace(/\n/g, "\r\n")],
    ["trailing space", `${text} `],
    ["proofValue swapped", withProof((mine, theirs) => Object.assign(mine, theirs))],
    ["leaf index swapped", withProof((mine, theirs) => (mine.leafIndex = theirs.leafIndex))],
    ["path swapped", withProof((mine, theirs) => (mine.path = theirs.path))],
    ["salts swapped", withProof((mine, theirs) => (mine.salts = theirs.salts))],
    ["digest swapped", withProof((mine, theirs) => (mine.digest = theirs.digest))],
    [
      "index and path swapped",
      withProof((mine, theirs) => {
        mine.leafIndex = theirs.leafIndex;
        mine.path = theirs.path;
      }),
    ],
    [
      "path node flipped",
      withProof((mine) => {
        const level = Math.floor(random() * mine.path.length);
        const node = mine.path[level];
        mine.path = mine.path.map((item, k) => (k === level ? flipHex(node, random) : item));
      }),
    ],
    ["path cut", withProof((mine) => (mine.path = mine.path.slice(0, -1)))],
    ["path node added", withProof((mine, theirs) => (mine.path = [...mine.path, theirs.digest]))],
    ["digest flipped", withProof((mine) => (mine.digest = flipHex(mine.digest, random)))],
    ["root flipped", withProof((mine) => (mine.root = flipHex(mine.root, random)))],
    [
      "slot value of another",
      (() => {
        const member = pick(["id", "name", "identityHash", "value"]);
        const pattern = new RegExp(`"${member}": "([^"\\\\]*)"`, "g");
        const theirs = [...texts[other].matchAll(pattern)];
        const mine = [...text.matchAll(pattern)];
        if (theirs.length === 0 || mine.length === 0) return text;
        const k = Math.floor(random() * Math.min(theirs.length, mine.length));
        const start = mine[k].index + member.length + 5;
        return at(start, start + mine[k][1].length, theirs[k][1]);
      })(),
    ],
    ["proof unwrapped", withDocument((copy) => (copy.proof = (copy.proof as unknown[])[0]))],
    [
      "proof entry twice",
      withDocument((copy) => (copy.proof = [...(copy.proof as unknown[]), ...(copy.proof as unknown[])])),
    ],
    [
      "proof entry of another added",
      withDocument((copy) => (copy.proof = [...(copy.proof as unknown[]), ...(otherDocument.proof as unknown[])])),
    ],
    [
      "content of another, own proof",
      withDocument((copy) => {
        copy.credentialSubject = structuredClone(otherDocument.credentialSubject);
        copy.id = otherDocument.id;
      }),
    ],
  ];
  return mutants.filter(([, mutated]) => mutated !== text).map(([kind, mutated]) => ({ kind, text: mutated, base }));
}
