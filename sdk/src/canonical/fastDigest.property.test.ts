import { expect } from "chai";
import fc from "fast-check";
import { entryOf, withProof } from "../../../test/fixtures/samples";
import { documentArb, key, leaf, odd, outcome, setAt, type Outcome } from "../../../test/helpers/digestDocuments";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { DisclosureError } from "../errors/credential";
import { initKeccak } from "../hash/keccak";
import { swapKeccakWasmForTests } from "../hash/keccakWasm";
import type { Hex } from "../types";
import { computeDigest, computeDigestReference, computeDigestWithProof } from "./computeDigest";
import { discloseCredential, redactablePointers } from "./discloseCredential";
import { fastDigest } from "./fastDigest";

/**
 * Differential tests: the fast digest (fastDigest.ts, behind computeDigest and computeDigestWithProof)
 * against the step-by-step reference (computeDigestReference) on random credentials, as issued,
 * disclosed, edited and broken. Same digest byte for byte, or the same error (class, message, pointer).
 */

type Json = Record<string, unknown>;

/** Both paths give the same digest, or throw the same error. */
function expectSame(credential: object, proof: { salts: Record<string, Hex>; redactedHashes: Hex[] }): Outcome {
  const reference = outcome(() => computeDigestReference(credential, proof));
  expect(outcome(() => computeDigestWithProof(credential, proof))).to.deep.equal(reference);
  const fast = fastDigest(credential, proof.salts, proof.redactedHashes);
  if (fast !== undefined) expect({ digest: fast }).to.deep.equal(reference);
  return reference;
}

/** Every container path of `doc` (outside `proof`), and every leaf path. */
function paths(doc: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (n: unknown, path: (string | number)[]) => {
    out.push(path);
    if (typeof n !== "object" || n === null) return;
    if (Array.isArray(n)) n.forEach((v, i) => walk(v, [...path, i]));
    else for (const k of Object.keys(n)) if (!(path.length === 0 && k === "proof")) walk((n as Json)[k], [...path, k]);
  };
  walk(doc, []);
  return out.slice(1);
}

function deleteAt(root: unknown, path: readonly (string | number)[]): void {
  let n = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) n = n[path[i]] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(n)) n.splice(last as number, 1);
  else delete n[last];
}

const RUNS = { numRuns: 300 };

describe("fast digest = reference digest (fast-check differential)", function () {
  before(async function () {
    await initKeccak();
  });

  it("as issued, read back from a file, and after any disclosure: same digest, and the fast path handles it", function () {
    fc.assert(
      fc.property(documentArb, fc.infiniteStream(fc.boolean()), (doc, coin) => {
        const issued = withProof(doc);
        const entry = entryOf(issued);
        expect(expectSame(issued, entry)).to.deep.equal({ digest: entry.digest });
        // the fast path must not hand ordinary credentials to the reference
        expect(fastDigest(issued, entry.salts, entry.redactedHashes)).to.equal(entry.digest);
        const file = parseCredentialJson(JSON.stringify(issued, null, 2)) as object;
        expect(computeDigest(file)).to.equal(entry.digest);
        let shared: Json;
        try {
          shared = discloseCredential(
            issued,
            redactablePointers(issued).filter(() => coin.next().value),
          ) as Json;
        } catch (error) {
          expect(error).to.be.instanceOf(DisclosureError);
          return;
        }
        const sharedEntry = entryOf(shared as { proof: unknown });
        expect(expectSame(shared, sharedEntry)).to.deep.equal({ digest: entry.digest });
      }),
      RUNS,
    );
  });

  it("after a value is changed, added or removed, or a salt is dropped or added: same digest or same error", function () {
    fc.assert(
      fc.property(
        documentArb,
        fc.nat(),
        fc.constantFrom("change", "add", "remove", "dropSalt", "extraSalt"),
        leaf,
        key,
        (doc, pick, edit, value, name) => {
          const issued = withProof(doc);
          const entry = entryOf(issued);
          const all = paths(issued);
          const path = all.length ? all[pick % all.length] : [];
          const salts = { ...entry.salts };
          const saltNames = Object.keys(salts);
          if (edit === "change" && path.length) setAt(issued, path, value);
          if (edit === "add") setAt(issued, [name === "proof" ? "proof2" : name], value);
          if (edit === "remove" && path.length) deleteAt(issued, path);
          if (edit === "dropSalt" && saltNames.length) delete salts[saltNames[pick % saltNames.length]];
          if (edit === "extraSalt") salts[`/${name}`] = "0x000102030405060708090a0b0c0d0e0f";
          expectSame(issued, { salts, redactedHashes: entry.redactedHashes });
        },
      ),
      RUNS,
    );
  });

  it("a value JSON cannot hold anywhere (protected or not): the same DigestError with its pointer", function () {
    fc.assert(
      fc.property(documentArb, fc.nat(), odd, (doc, pick, value) => {
        const issued = withProof(doc);
        const entry = entryOf(issued);
        const all = paths(issued);
        if (all.length === 0) return;
        setAt(issued, all[pick % all.length], value);
        expectSame(issued, entry);
      }),
      { numRuns: 200 },
    );
  });

  it("nesting deeper than the limit is refused by both, inside and outside the protected part", function () {
    let deep: unknown = "x";
    for (let i = 0; i < 70; i++) deep = { d: deep };
    for (const member of ["description", "issuer"]) {
      const issued = withProof({ name: "n", [member]: { ok: 1 } });
      const entry = entryOf(issued);
      (issued as Json)[member] = deep;
      expect(expectSame(issued, entry))
        .to.have.property("error")
        .that.matches(/nesting deeper than 64 levels/);
    }
  });

  it("without WebAssembly (the @noble/hashes fallback): the same digests", function () {
    const previous = swapKeccakWasmForTests(null);
    try {
      fc.assert(
        fc.property(documentArb, (doc) => {
          const issued = withProof(doc);
          const entry = entryOf(issued);
          expect(fastDigest(issued, entry.salts, entry.redactedHashes)).to.equal(entry.digest);
        }),
        { numRuns: 50 },
      );
    } finally {
      swapKeccakWasmForTests(previous);
    }
  });
});
