import { expect } from "chai";
import fc from "fast-check";
import { editEntry, entryOf, withProof } from "../../../test/fixtures/samples";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { isProtectedPointer } from "../credential/profile";
import { DigestError, DisclosureError } from "../errors/credential";
import { initKeccak } from "../hash/keccak";
import type { Hex } from "../types";
import { computeDigest } from "./computeDigest";
import { discloseCredential, redactablePointers } from "./discloseCredential";
import { encodeLeaf, flattenCredential, hasLoneSurrogate, type JsonLeaf } from "./flatten";
import { hashField } from "./fieldHash";
import { isProtectedFieldPointer, isProtectedPath, PROTECTED_PATHS } from "./hashProtectedPart";
import { escapePointerToken, type PathToken } from "./pointer";

type Json = Record<string, unknown>;

const wellFormed = fc.string({ unit: "binary", maxLength: 8 }).filter((s) => !hasLoneSurrogate(s));
const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "a",
      "b",
      "c",
      "0",
      "1",
      "",
      "a/b",
      "m~n",
      "~1",
      "é",
      "e\u0301",
      "😀",
      "__proto__",
      "type",
      "name",
      "validUntil",
    ),
  },
  { weight: 1, arbitrary: wellFormed },
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  wellFormed,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, 1e21, 5e-324, -1.5, 9007199254740991, true, false, null),
  fc.constant({}),
  fc.constant([]),
);
const { node } = fc.letrec<{ node: unknown; obj: Json; arr: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("obj"), tie("arr")),
  obj: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  arr: fc.array(tie("node"), { maxLength: 4 }),
}));
/** A document with at least one member and no top-level "proof". */
const documentArb = fc
  .dictionary(key, node, { minKeys: 1, maxKeys: 6 })
  .filter((d) => !Object.prototype.hasOwnProperty.call(d, "proof"))
  .map((d) => JSON.parse(JSON.stringify(d)) as Json); // plain objects, as read from a file

/**
 * A credential-like document: the protected members at their places (the optional ones sometimes
 * absent, credentialSubject.type and .achievement inside a subject object) with arbitrary values,
 * next to arbitrary redactable members.
 */
const credentialArb = fc
  .record(
    {
      "@context": node,
      id: leaf,
      type: node,
      issuer: node,
      validFrom: leaf,
      validUntil: leaf,
      name: leaf,
      credentialStatus: node,
      credentialSubject: fc.record(
        { type: node, achievement: node, name: leaf, result: node, identifier: node },
        { requiredKeys: ["type", "achievement"] },
      ),
      description: node,
      evidence: node,
    },
    { requiredKeys: ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"] },
  )
  .chain((base) =>
    fc
      .dictionary(key, node, { maxKeys: 3 })
      .map((extra) => ({ ...extra, ...base }) as Json)
      .filter((d) => !Object.prototype.hasOwnProperty.call(d, "proof")),
  )
  .map((d) => JSON.parse(JSON.stringify(d)) as Json);

/** The pointers of the object members of `doc` (outside `proof`) that are protected fields or lie inside one. */
function protectedMembers(doc: unknown): PathToken[][] {
  return containers(doc).flatMap((c) =>
    Array.isArray(c.node)
      ? []
      : Object.keys(c.node as Json)
          .filter((k) => !(c.path.length === 0 && k === "proof"))
          .map((k) => [...c.path, k])
          .filter((path) => isProtectedPath(path)),
  );
}

/** The value at a path of member names, or undefined when a step is missing or not an object. */
function safeAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const t of path) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, t)) return undefined;
    node = (node as Json)[t];
  }
  return node;
}

function valueAt(root: unknown, path: readonly PathToken[]): unknown {
  let node = root;
  for (const t of path) node = (node as Record<string | number, unknown>)[t];
  return node;
}

const RUNS = { numRuns: 150 };

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setAt(root: unknown, path: readonly PathToken[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (typeof last === "string")
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  else node[last] = value;
}

/** Verification fails: computeDigest throws a DigestError, or returns another digest. */
function expectRejected(credential: object, digest: Hex): void {
  let recomputed: Hex | undefined;
  try {
    recomputed = computeDigest(credential);
  } catch (error) {
    expect(error).to.be.instanceOf(DigestError);
    return;
  }
  expect(recomputed).to.not.equal(digest);
}

/** Every container (object or array) of the document, by path, outside `proof`. */
function containers(doc: unknown): { path: PathToken[]; node: unknown }[] {
  const out: { path: PathToken[]; node: unknown }[] = [];
  const walk = (n: unknown, path: PathToken[]) => {
    if (typeof n !== "object" || n === null) return;
    out.push({ path, node: n });
    if (Array.isArray(n)) n.forEach((v, i) => walk(v, [...path, i]));
    else for (const k of Object.keys(n)) if (!(path.length === 0 && k === "proof")) walk((n as Json)[k], [...path, k]);
  };
  walk(doc, []);
  return out;
}

/**
 * An independent model of the disclosure rule: which refusal (if any) hiding `chosen` must give.
 * A non-empty object whose members are all hidden is hidden itself; that is refused for an array element
 * (its siblings would shift) and for a protected member.
 */
function expectedRefusal(doc: Json, chosen: Set<string>): string | undefined {
  let refusal: string | undefined;
  const hidden = (n: unknown, pointer: string, parentIsArray: boolean): boolean => {
    if (chosen.has(pointer)) return true;
    if (typeof n !== "object" || n === null) return false;
    if (Array.isArray(n)) {
      n.forEach((v, i) => hidden(v, `${pointer}/${i}`, true));
      return false;
    }
    const keys = Object.keys(n).filter((k) => !(pointer === "" && k === "proof"));
    const results = keys.map((k) => hidden((n as Json)[k], `${pointer}/${escapePointerToken(k)}`, false));
    const emptied = keys.length > 0 && results.every(Boolean) && pointer !== "";
    if (emptied && parentIsArray) refusal ??= "DISCLOSURE_EMPTIES_ARRAY_ELEMENT";
    if (emptied && !parentIsArray && isProtectedPointer(pointer)) refusal ??= "DISCLOSURE_PROTECTED";
    return emptied;
  };
  hidden(doc, "", false);
  return refusal;
}

describe("digest properties (fast-check)", function () {
  before(async function () {
    await initKeccak();
  });

  it("any document verifies, also after a JSON round trip through a file (empty containers, nulls, unicode names, numbers)", function () {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const signed = withProof(doc);
        const digest = entryOf(signed).digest;
        expect(computeDigest(signed)).to.equal(digest);
        expect(computeDigest(clone(signed))).to.equal(digest);
        // as a file: written indented, read back with the strict parser
        expect(computeDigest(parseCredentialJson(JSON.stringify(signed, null, 2)) as object)).to.equal(digest);
      }),
      RUNS,
    );
  });

  it("any change to a visible value fails", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), leaf, (doc, pick, replacement) => {
        const signed = withProof(doc);
        const fields = flattenCredential(signed);
        const field = fields[pick % fields.length];
        fc.pre(encodeLeaf(replacement as JsonLeaf) !== encodeLeaf(field.value));
        const tampered = clone(signed);
        setAt(tampered, field.path, replacement);
        expectRejected(tampered, entryOf(signed).digest);
      }),
      RUNS,
    );
  });

  it("any added field fails, with or without a salt for it", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), wellFormed, leaf, (doc, pick, name, value) => {
        const signed = withProof(doc);
        const digest = entryOf(signed).digest;
        const tampered = clone(signed);
        const all = containers(tampered);
        const target = all[pick % all.length];
        if (Array.isArray(target.node)) target.node.push(value);
        else {
          fc.pre(
            !Object.prototype.hasOwnProperty.call(target.node, name) && !(target.path.length === 0 && name === "proof"),
          );
          setAt(tampered, [...target.path, name], value);
        }
        expectRejected(tampered, digest);
        // Give every visible field without a salt a fresh one: the digest still differs.
        editEntry(tampered as never, (entry) => {
          for (const f of flattenCredential(tampered)) entry.salts[f.pointer] ??= ("0x" + "5a".repeat(16)) as Hex;
          const visible = new Set(flattenCredential(tampered).map((f) => f.pointer));
          for (const p of Object.keys(entry.salts)) if (!visible.has(p)) delete entry.salts[p];
        });
        expectRejected(tampered, digest);
      }),
      RUNS,
    );
  });

  it("any reordering of array elements fails", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), (doc, pick) => {
        const signed = withProof(doc);
        const arrays = containers(signed).filter(
          (c) => Array.isArray(c.node) && new Set((c.node as unknown[]).map((v) => JSON.stringify(v))).size > 1,
        );
        fc.pre(arrays.length > 0);
        const tampered = clone(signed);
        const target = arrays[pick % arrays.length];
        let array = tampered as unknown;
        for (const t of target.path) array = (array as Record<string | number, unknown>)[t];
        const items = array as unknown[];
        const j = items.findIndex((v) => JSON.stringify(v) !== JSON.stringify(items[0]));
        [items[0], items[j]] = [items[j], items[0]];
        expectRejected(tampered, entryOf(signed).digest);
      }),
      RUNS,
    );
  });

  it("any removed field fails unless its hash moves to redactedHashes", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), (doc, pick) => {
        const signed = withProof(doc);
        const members = containers(signed).flatMap((c) =>
          Array.isArray(c.node)
            ? []
            : Object.keys(c.node as Json)
                .filter((k) => !(c.path.length === 0 && k === "proof"))
                .map((k) => [...c.path, k]),
        );
        const path = members[pick % members.length];
        const tampered = clone(signed);
        let parent = tampered as unknown;
        for (const t of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[t];
        delete (parent as Json)[path[path.length - 1] as string];
        expectRejected(tampered, entryOf(signed).digest);
      }),
      RUNS,
    );
  });

  it("any redaction of any subset of redactable pointers verifies (or is refused exactly as the rule says)", function () {
    let disclosed = 0;
    fc.assert(
      fc.property(documentArb, fc.infiniteStream(fc.boolean()), (doc, coin) => {
        const signed = withProof(doc);
        const digest = entryOf(signed).digest;
        const candidates = redactablePointers(signed);
        const chosen = candidates.filter(() => coin.next().value);
        const refusal = expectedRefusal(signed as Json, new Set(chosen));
        let shared: object;
        try {
          shared = discloseCredential(signed, chosen);
        } catch (error) {
          expect(error).to.be.instanceOf(DisclosureError);
          expect((error as DisclosureError).code).to.equal(refusal);
          return;
        }
        expect(refusal).to.equal(undefined);
        disclosed++;
        expect(computeDigest(shared)).to.equal(digest);
        const before = flattenCredential(signed);
        const after = flattenCredential(shared);
        const entry = entryOf(shared as never);
        // Only redactable fields are salted and hidden; the protected ones all stay visible.
        const redactable = (fields: typeof before) => fields.filter((f) => !isProtectedPath(f.path));
        expect(redactable(after).length + entry.redactedHashes.length).to.equal(redactable(before).length);
        expect(after.length - redactable(after).length).to.equal(before.length - redactable(before).length);
        expect(Object.keys(entry.salts).sort()).to.deep.equal(
          redactable(after)
            .map((f) => f.pointer)
            .sort(),
        );
        // Visible fields are unchanged.
        const original = new Map(before.map((f) => [f.pointer, encodeLeaf(f.value)]));
        for (const f of after) expect(encodeLeaf(f.value)).to.equal(original.get(f.pointer));
        for (const pointer of chosen) {
          expect(after.some((f) => f.pointer === pointer || f.pointer.startsWith(pointer + "/"))).to.equal(false);
        }
      }),
      { numRuns: 200 },
    );
    expect(disclosed).to.be.greaterThan(60);
  });

  it("a redacted value cannot be recomputed without its salt", function () {
    fc.assert(
      fc.property(documentArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), (doc, guess) => {
        const signed = withProof(doc);
        const candidates = redactablePointers(signed).filter((p) => p.split("/").length === 2); // top-level members
        fc.pre(candidates.length > 0);
        const shared = discloseCredential(signed, [candidates[0]]);
        const originalSalts = entryOf(signed).salts;
        const hidden = flattenCredential(signed).filter(
          (f) => f.pointer === candidates[0] || f.pointer.startsWith(candidates[0] + "/"),
        );
        const redacted = new Set(entryOf(shared as never).redactedHashes);
        const text = JSON.stringify(shared);
        const guessedSalt = ("0x" + Buffer.from(guess).toString("hex")) as Hex;
        for (const f of hidden) {
          const salt = originalSalts[f.pointer];
          expect(redacted.has(hashField(f.path, f.value, salt))).to.equal(true); // with its salt: yes
          expect(text).to.not.contain(salt.slice(2)); // the salt is gone from the shared file
          fc.pre(guessedSalt !== salt);
          expect(redacted.has(hashField(f.path, f.value, guessedSalt))).to.equal(false); // knowing the value is not enough
          for (const other of Object.values(entryOf(shared as never).salts).slice(0, 4)) {
            expect(redacted.has(hashField(f.path, f.value, other))).to.equal(false);
          }
        }
      }),
      RUNS,
    );
  });
  it("hiding a protected field by hand (moving its hash or not) always fails integrity", function () {
    fc.assert(
      fc.property(
        credentialArb,
        fc.nat(),
        fc.constantFrom("delete", "move-hash", "move-hash-keep-salts"),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (doc, pick, how, saltBytes) => {
          const signed = withProof(doc);
          const digest = entryOf(signed).digest;
          const members = protectedMembers(signed);
          const path = members[pick % members.length];
          const pointer = path.map((t) => "/" + escapePointerToken(String(t))).join("");
          expect(isProtectedFieldPointer(pointer)).to.equal(true);
          const hidden = flattenCredential({ [path[0] as string]: (signed as Json)[path[0] as string] }).filter(
            (f) => f.pointer === pointer || f.pointer.startsWith(pointer + "/"),
          );
          const tampered = clone(signed);
          const parent = valueAt(tampered, path.slice(0, -1)) as Json;
          delete parent[path[path.length - 1] as string];
          if (how !== "delete") {
            // The holder makes up field hashes for what it removed (there are none to move: protected
            // fields are never hashed one by one) and may give them salts.
            const salt = ("0x" + Buffer.from(saltBytes).toString("hex")) as Hex;
            editEntry(tampered as never, (entry) => {
              entry.redactedHashes = [
                ...entry.redactedHashes,
                ...hidden.map((f) => hashField(f.path, f.value, salt)),
              ].sort();
              if (how === "move-hash-keep-salts") for (const f of hidden) entry.salts[f.pointer] = salt;
            });
          }
          expectRejected(tampered, digest);
        },
      ),
      RUNS,
    );
  });

  it("adding or removing an optional protected member (validUntil, credentialStatus) fails integrity", function () {
    fc.assert(
      fc.property(
        credentialArb,
        fc.constantFrom("validUntil", "credentialStatus"),
        leaf,
        fc.boolean(),
        (doc, member, value, salted) => {
          const signed = withProof(doc);
          const digest = entryOf(signed).digest;
          const tampered = clone(signed) as Json;
          const had = Object.prototype.hasOwnProperty.call(tampered, member);
          if (had) delete tampered[member];
          else tampered[member] = value;
          if (salted) {
            editEntry(tampered as never, (entry) => {
              if (had) entry.salts[`/${member}`] = ("0x" + "77".repeat(16)) as Hex;
              else
                for (const f of flattenCredential({ [member]: value }))
                  entry.salts[f.pointer] = ("0x" + "77".repeat(16)) as Hex;
            });
          }
          expectRejected(tampered, digest);
        },
      ),
      RUNS,
    );
  });

  it("a credential-like document verifies, salts only its redactable fields, and any redaction keeps its protected part", function () {
    fc.assert(
      fc.property(credentialArb, fc.infiniteStream(fc.boolean()), (doc, coin) => {
        const signed = withProof(doc);
        const entry = entryOf(signed);
        expect(computeDigest(signed)).to.equal(entry.digest);
        const fields = flattenCredential(signed);
        expect(Object.keys(entry.salts).sort()).to.deep.equal(
          fields
            .filter((f) => !isProtectedPath(f.path))
            .map((f) => f.pointer)
            .sort(),
        );
        for (const f of fields) expect(isProtectedFieldPointer(f.pointer)).to.equal(isProtectedPath(f.path));
        const chosen = redactablePointers(signed).filter(() => coin.next().value);
        let shared: Json;
        try {
          shared = discloseCredential(signed, chosen) as Json;
        } catch (error) {
          expect(error).to.be.instanceOf(DisclosureError);
          return;
        }
        expect(computeDigest(shared)).to.equal(entry.digest);
        for (const path of PROTECTED_PATHS) {
          expect(
            JSON.stringify(valueAt(shared, path.slice(0, 1)) === undefined ? undefined : safeAt(shared, path)),
          ).to.equal(JSON.stringify(safeAt(signed, path)));
        }
      }),
      RUNS,
    );
  });
});
