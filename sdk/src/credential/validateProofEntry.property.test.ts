import { expect } from "chai";
import fc from "fast-check";
import { escapePointerToken } from "../canonical/pointer";
import type { ValidationIssue } from "../errors/credential";
import { ProofValueError } from "../errors/credential";
import { CRYPTOSUITE, DATA_INTEGRITY_PROOF_TYPE, type Hex } from "../types";
import { isDateTime } from "./dateTime";
import { decodeProofValue, encodeProofValue, registryVerificationMethod, type ProofValueData } from "./proofValue";
import { validateProofData, validateProofEntry } from "./validateProofEntry";

/**
 * Differential test: validateProofEntry on a DataIntegrityProof entry against its former definition,
 * kept here as the reference: the decoded data (a copy, `created` set to a valid date-time) checked in
 * full by validateProofData, each issue reported under proofValue. Random anchor data, valid or breaking
 * the rules that decoding does not enforce (path length, pointer syntax, order of redactedHashes),
 * with random entry members: the same issues (pointer, message, code) in the same order.
 */

const ENTRY_MEMBERS = new Set(["type", "cryptosuite", "created", "proofPurpose", "verificationMethod", "proofValue"]);

function reference(value: Record<string, unknown>, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const push = (pointer: string, message: string, code?: string) =>
    issues.push(code ? { pointer, message, code } : { pointer, message });
  if (value.type !== DATA_INTEGRITY_PROOF_TYPE) push(`${at}/type`, `must be "${DATA_INTEGRITY_PROOF_TYPE}"`);
  if (value.cryptosuite !== CRYPTOSUITE) push(`${at}/cryptosuite`, `must be "${CRYPTOSUITE}"`);
  if (!isDateTime(value.created)) push(`${at}/created`, "must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z");
  if (value.proofPurpose !== "assertionMethod") push(`${at}/proofPurpose`, 'must be "assertionMethod"');
  for (const key of Object.keys(value)) {
    if (!ENTRY_MEMBERS.has(key)) push(`${at}/${escapePointerToken(key)}`, "is not a member of the proof entry");
  }
  const where = `${at}/proofValue`;
  let data: ProofValueData;
  try {
    data = decodeProofValue(value.proofValue);
  } catch (error) {
    if (!(error instanceof ProofValueError)) throw error;
    push(where, error.shortMessage, error.code);
    return issues;
  }
  for (const issue of validateProofData({ ...data, created: "1970-01-01T00:00:00Z" }, "")) {
    push(where, `decoded ${issue.pointer.slice(1)} ${issue.message}`, "PROOF_VALUE_CONTENT");
  }
  const vm = value.verificationMethod;
  if (data.anchor) {
    const expected = registryVerificationMethod(data.anchor);
    if (vm !== expected) {
      push(`${at}/verificationMethod`, `must be "${expected}", the registry named by the anchor record in proofValue`);
    }
  } else if (vm !== undefined) {
    push(`${at}/verificationMethod`, "must be absent until the batch is anchored (proofValue holds no anchor record)");
  }
  return issues;
}

const hexOf = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;
const hash = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hexOf),
  fc.constantFrom(`0x${"00".repeat(32)}`, `0x${"ff".repeat(32)}`) as fc.Arbitrary<Hex>,
);
const salt = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hexOf);
const pointer = fc.oneof(
  fc.constantFrom("/name", "/a~1b", "/a~0", "/a~", "/a~2b", "~1", "name", "", "/", "/é", "/__proto__x"),
  fc.string({ maxLength: 8 }),
  fc.string({ maxLength: 8 }).map((s) => `/${s}`),
);
const dataArb: fc.Arbitrary<ProofValueData> = fc
  .record({
    digest: hash,
    root: hash,
    leafIndex: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    path: fc.oneof(fc.array(hash, { maxLength: 8 }), fc.array(hash, { minLength: 63, maxLength: 70 })),
    salts: fc.dictionary(pointer, salt, { maxKeys: 8 }),
    redactedHashes: fc.oneof(
      fc.uniqueArray(hash, { maxLength: 5 }).map((hashes) => hashes.sort()),
      fc.array(hash, { maxLength: 5 }),
    ),
    anchor: fc.option(
      fc.record({
        chain: fc.integer({ min: 1, max: 100_000 }).map((id) => `eip155:${id}` as const),
        registry: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hexOf),
        transactionHash: hash,
        blockNumber: fc.nat(),
        anchoredAt: fc
          .integer({ min: 0, max: 253402300799 })
          .map((seconds) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z")),
      }),
      { nil: undefined },
    ),
  })
  .map(({ anchor, ...rest }) => (anchor ? { ...rest, anchor } : rest));

describe("validateProofEntry (differential against the full check of the decoded data)", function () {
  it("gives the same issues as the reference on random entries", function () {
    fc.assert(
      fc.property(
        dataArb,
        fc.record({
          type: fc.constantFrom(DATA_INTEGRITY_PROOF_TYPE, "Other"),
          created: fc.constantFrom("2026-03-01T12:00:00Z", "2026-02-30T12:00:00Z", "yesterday"),
          proofPurpose: fc.constantFrom("assertionMethod", "authentication"),
          extra: fc.boolean(),
          vm: fc.constantFrom("right", "wrong", "absent"),
        }),
        (data, shape) => {
          const entry: Record<string, unknown> = {
            type: shape.type,
            cryptosuite: CRYPTOSUITE,
            created: shape.created,
            proofPurpose: shape.proofPurpose,
            proofValue: encodeProofValue(data),
          };
          if (shape.extra) entry.extra = 1;
          if (shape.vm === "wrong") entry.verificationMethod = "did:pkh:eip155:1:0x0";
          if (shape.vm === "right" && data.anchor) entry.verificationMethod = registryVerificationMethod(data.anchor);
          const expected = reference(entry, "/proof/1");
          // Twice: the second reading of the same proofValue comes from the decoder's memory.
          expect(validateProofEntry(entry, "/proof/1")).to.deep.equal(expected);
          expect(validateProofEntry(entry, "/proof/1")).to.deep.equal(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reports an unsorted redactedHashes and a bad salt key of the decoded data with their pointers", function () {
    const [low, high] = [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`] as Hex[];
    const proofValue = encodeProofValue({
      digest: low,
      root: low,
      leafIndex: 0,
      path: [],
      salts: { "/a~2": `0x${"00".repeat(16)}` },
      redactedHashes: [high, low],
    });
    const entry = { type: DATA_INTEGRITY_PROOF_TYPE, cryptosuite: CRYPTOSUITE, created: "2026-03-01T12:00:00Z" };
    expect(validateProofEntry({ ...entry, proofPurpose: "assertionMethod", proofValue }, "/proof")).to.deep.equal([
      {
        pointer: "/proof/proofValue",
        message: "decoded salts/~1a~02 key must be an RFC 6901 JSON pointer starting with /",
        code: "PROOF_VALUE_CONTENT",
      },
      {
        pointer: "/proof/proofValue",
        message: "decoded redactedHashes/1 must be in strictly ascending order (sorted, no duplicates)",
        code: "PROOF_VALUE_CONTENT",
      },
    ]);
  });

  it("decodes salt keys of the same length but other bytes after a remembered key", function () {
    const zero = `0x${"00".repeat(32)}` as Hex;
    const base = { digest: zero, root: zero, leafIndex: 0, path: [], redactedHashes: [] };
    const s = `0x${"01".repeat(16)}` as Hex;
    expect(decodeProofValue(encodeProofValue({ ...base, salts: { "/aa": s, "/bb": s } })).salts).to.deep.equal({
      "/aa": s,
      "/bb": s,
    });
    expect(decodeProofValue(encodeProofValue({ ...base, salts: { "/ab": s, "/bc": s } })).salts).to.deep.equal({
      "/ab": s,
      "/bc": s,
    });
  });
});
