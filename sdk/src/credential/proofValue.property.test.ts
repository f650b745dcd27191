import { expect } from "chai";
import { setFlagsFromString } from "node:v8";
import { runInThisContext } from "node:vm";
import fc from "fast-check";
import { toBase64Url } from "../canonical/base64url";
import { encodeCbor, type CborValue } from "../canonical/cbor";
import { ProofValueError } from "../errors/credential";
import type { Hex } from "../types";
import { verifyInclusion, verifyInclusionBytes } from "../merkle/verifyInclusion";
import {
  createProofValueLike,
  decodeBytes,
  decodedProofFacts,
  decodeProofValue,
  decodeProofValueLayout,
  digestOfLike,
  encodeProofValue,
  inclusionBytesOf,
  proofValueReference,
  readProofValueLike,
  type ProofValueData,
} from "./proofValue";

/**
 * Differential test: decodeProofValue (the direct reading of the deterministic layout, with the
 * step-by-step decoding for anything else) against decodeBytes (the step-by-step decoding alone) on
 * random proofValues, as encoded and with bytes flipped, cut, inserted or appended: the same data, or
 * the same ProofValueError (code and message).
 */

const hexOf = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hexOf);
const salt = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hexOf);
const pointer = fc.oneof(
  fc.constantFrom("/name", "/credentialSubject/name", "/a~1b", "/é", "/😀", "/__proto__", "/", "/validFrom"),
  fc.string({ maxLength: 12 }).map((s) => `/${s}`),
);
const bigNumber = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom(23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  fc.nat(),
);
const dataArb: fc.Arbitrary<ProofValueData> = fc
  .record({
    digest: hash,
    root: hash,
    leafIndex: bigNumber,
    path: fc.array(hash, { maxLength: 20 }),
    salts: fc.dictionary(pointer, salt, { maxKeys: 10 }),
    redactedHashes: fc.uniqueArray(hash, { maxLength: 5 }).map((hashes) => hashes.sort()),
    anchor: fc.option(
      fc.record({
        chain: fc
          .oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 24, 31337, 2 ** 40))
          .map((id) => `eip155:${id}` as const),
        registry: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hexOf),
        transactionHash: hash,
        blockNumber: bigNumber,
        anchoredAt: fc
          .integer({ min: 0, max: 253402300799 })
          .map((seconds) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z")),
      }),
      { nil: undefined },
    ),
  })
  .map(({ anchor, ...rest }) => (anchor ? { ...rest, anchor } : rest));

/** Bytes of a proofValue edited in one of several ways (or left as encoded). */
const edit = (bytes: Uint8Array, how: number, at: number, byte: number): Uint8Array => {
  const position = bytes.length === 0 ? 0 : at % bytes.length;
  const copy = Uint8Array.from(bytes);
  switch (how) {
    case 1:
      copy[position] = byte;
      return copy;
    case 2:
      copy[position] ^= 1 << (byte % 8);
      return copy;
    case 3:
      return copy.subarray(0, position);
    case 4:
      return Uint8Array.from([...copy.subarray(0, position), byte, ...copy.subarray(position)]);
    case 5:
      return Uint8Array.from([...copy, byte]);
    default:
      return copy;
  }
};

function outcome(run: () => ProofValueData): unknown {
  try {
    return { data: run() };
  } catch (error) {
    if (!(error instanceof ProofValueError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe("decodeProofValue: the direct layout reader against the step-by-step decoding", function () {
  it("gives the same data or the same error on random proofValues, as encoded and edited", function () {
    let kept = 0;
    fc.assert(
      fc.property(dataArb, fc.nat(5), fc.nat(4000), fc.nat(255), (data, how, at, byte) => {
        const bytes = edit(Buffer.from(encodeProofValue(data).slice(1), "base64url"), how, at, byte);
        const text = `u${toBase64Url(bytes)}`;
        const expected = outcome(() => decodeBytes(bytes));
        expect(
          outcome(() => decodeProofValue(text)),
          text,
        ).to.deep.equal(expected);
        if (how === 0) {
          expect(expected).to.deep.equal({ data });
          kept++;
        }
      }),
      { numRuns: 1_500 },
    );
    expect(kept).to.be.greaterThan(100);
  });

  it("decodeProofValueLayout: the layout's bytes and texts are the data's, and the facts validation reads are too", function () {
    let laidOut = 0;
    fc.assert(
      fc.property(dataArb, fc.nat(5), fc.nat(4000), fc.nat(255), (data, how, at, byte) => {
        const bytes = edit(Buffer.from(encodeProofValue(data).slice(1), "base64url"), how, at, byte);
        const text = `u${toBase64Url(bytes)}`;
        const expected = outcome(() => decodeBytes(bytes));
        let layout: ReturnType<typeof decodeProofValueLayout>;
        try {
          layout = decodeProofValueLayout(text);
        } catch (error) {
          // Decoded again (not from the remembered text): the same error as the step-by-step decoding.
          expect(
            outcome(() => decodeProofValue(`${text}`)),
            text,
          ).to.deep.equal(expected);
          expect(expected).to.have.property("code");
          return;
        }
        const decoded = (expected as { data: ProofValueData }).data;
        const { leafIndex, redactedHashes, anchor } = decoded;
        const facts = {
          leafIndex,
          pathLength: decoded.path.length,
          saltKeys: Object.keys(decoded.salts),
          redactedHashes,
        };
        expect(decodedProofFacts(text), text).to.deep.equal({ ...facts, anchor });
        if (layout === undefined) return; // another layout: decodeBytes decoded it
        laidOut++;
        const hex = (start: number, length: number) => hexOf(layout.bytes.subarray(start, start + length));
        expect(hex(layout.digestAt, 32)).to.equal(decoded.digest).and.to.equal(layout.digest);
        expect(hex(layout.rootAt, 32)).to.equal(decoded.root).and.to.equal(layout.root);
        expect(layout.leafIndex).to.equal(decoded.leafIndex);
        expect(
          Array.from({ length: layout.pathCount }, (_, i) => hex(layout.pathAt + layout.pathStride * i, 32)),
        ).to.deep.equal(decoded.path);
        expect(Object.fromEntries(layout.saltKeys.map((key, i) => [key, hex(layout.saltAt[i], 16)]))).to.deep.equal(
          decoded.salts,
        );
        expect(layout.saltKeys).to.deep.equal(Object.keys(decoded.salts));
        expect(layout.redactedHashes).to.deep.equal(decoded.redactedHashes);
        expect(layout.anchor).to.deep.equal(decoded.anchor);
        // The data asked for after the layout (decodeProofValue of the same text) is the step-by-step one.
        expect(decodeProofValue(text)).to.deep.equal(decoded);
      }),
      { numRuns: 1_000 },
    );
    expect(laidOut).to.be.greaterThan(100);
  });

  it("leaves a layout it does not expect to the step-by-step decoding (non-ASCII key, keys out of order, long heads)", function () {
    const item = (value: CborValue) => encodeCbor(value);
    const bytes32 = new Uint8Array(32).fill(7);
    const base = (salts: Map<string, CborValue>, leafIndex: CborValue = 5): CborValue[] => [
      1,
      bytes32,
      bytes32,
      leafIndex,
      [],
      salts,
      [],
      null,
    ];
    const texts = [
      item(base(new Map([["/é", new Uint8Array(16)]]))),
      // Keys in the wrong order (written by hand: encodeCbor sorts them).
      Uint8Array.from([
        ...item(base(new Map()) as CborValue).subarray(0, 1 + 1 + 34 + 34 + 1 + 1),
        0xa2,
        ...item("/b"),
        ...item(new Uint8Array(16)),
        ...item("/a"),
        ...item(new Uint8Array(16)),
        0x80,
        0xf6,
      ]),
      // leafIndex 5 written with a one-byte argument (not the shortest form).
      Uint8Array.from([...item(base(new Map())).subarray(0, 70), 0x18, 0x05, 0x80, 0xa0, 0x80, 0xf6]),
    ];
    for (const bytes of texts) {
      const text = `u${toBase64Url(bytes)}`;
      expect(outcome(() => decodeProofValue(text))).to.deep.equal(outcome(() => decodeBytes(bytes)));
    }
    expect(outcome(() => decodeProofValue(`u${toBase64Url(texts[0])}`))).to.have.nested.property("data.salts./é");
    expect(outcome(() => decodeProofValue(`u${toBase64Url(texts[1])}`))).to.include({
      code: "PROOF_VALUE_NON_CANONICAL",
    });
    expect(outcome(() => decodeProofValue(`u${toBase64Url(texts[2])}`))).to.include({
      code: "PROOF_VALUE_NON_CANONICAL",
    });
  });

  it("decodes a run of proofValues that share the root, upper path levels and anchor, each with its own bytes", function () {
    // The reader remembers the hex of the last root, path levels, registry and transaction; a neighbour
    // whose byte string differs in any one byte (the last included) must still get its own text.
    const neighbour = (data: ProofValueData, which: number, byteAt: number, level: number): ProofValueData => {
      const change = (hex: Hex): Hex => {
        const at = 2 + 2 * (byteAt % ((hex.length - 2) / 2));
        const byte = (parseInt(hex.slice(at, at + 2), 16) ^ 1).toString(16).padStart(2, "0");
        return `${hex.slice(0, at)}${byte}${hex.slice(at + 2)}` as Hex;
      };
      const copy: ProofValueData = { ...data, path: [...data.path] };
      if (which === 0) copy.root = change(data.root);
      else if (which === 1 && data.path.length > 0)
        copy.path[level % data.path.length] = change(data.path[level % data.path.length]);
      else if (which === 2 && data.anchor) copy.anchor = { ...data.anchor, registry: change(data.anchor.registry) };
      else if (which === 3 && data.anchor)
        copy.anchor = { ...data.anchor, transactionHash: change(data.anchor.transactionHash) };
      else if (which === 4) copy.digest = change(data.digest);
      return copy;
    };
    const step = fc.tuple(fc.nat(4), fc.nat(40), fc.nat(30));
    fc.assert(
      fc.property(dataArb, fc.array(step, { minLength: 1, maxLength: 12 }), (first, steps) => {
        let data = first;
        const run = [first];
        for (const [which, byteAt, level] of steps) {
          // Each neighbour from the one before (a run of a batch), or the same one again.
          data = neighbour(data, which, byteAt, level);
          run.push(data);
        }
        for (const item of run) {
          const text = encodeProofValue(item);
          const expected = outcome(() => decodeBytes(Buffer.from(text.slice(1), "base64url")));
          expect(outcome(() => decodeProofValue(text))).to.deep.equal(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("inclusionBytesOf: the bytes of the last proofValue decoded, only for a proof that holds its values", function () {
    fc.assert(
      fc.property(dataArb, dataArb, fc.nat(4), fc.nat(40), (data, other, which, at) => {
        const decoded = decodeProofValue(encodeProofValue(data));
        const bytes = inclusionBytesOf(decoded)!;
        expect(bytes, "the proof just decoded").to.not.equal(undefined);
        // The same root, digest, index and path as the texts say (the answer of verifyInclusion).
        expect(bytes.pathCount).to.equal(data.path.length);
        const hexAt = (offset: number) => `0x${Buffer.from(bytes.bytes.subarray(offset, offset + 32)).toString("hex")}`;
        expect(hexAt(bytes.rootAt)).to.equal(data.root);
        expect(hexAt(bytes.digestAt)).to.equal(data.digest);
        expect(bytes.leafIndex).to.equal(data.leafIndex);
        data.path.forEach((hash, i) => expect(hexAt(bytes.pathAt + bytes.pathStride * i), `path ${i}`).to.equal(hash));
        expect(verifyInclusionBytes(bytes)).to.equal(verifyInclusion(decoded));
        // An equal copy is the same proof; a changed one, or one of another proofValue, is not.
        expect(inclusionBytesOf({ ...decoded, path: [...decoded.path] })).to.equal(bytes);
        const changed = { ...decoded, path: [...decoded.path] };
        const flip = (hex: Hex): Hex => `0x${hex[2] === "0" ? "1" : "0"}${hex.slice(3)}`;
        if (which === 0) changed.root = flip(changed.root);
        else if (which === 1) changed.digest = flip(changed.digest);
        else if (which === 2) changed.leafIndex += 1;
        else if (which === 3 && changed.path.length > 0) changed.path[at % changed.path.length] = other.root;
        else changed.path.push(other.root);
        expect(inclusionBytesOf(changed)).to.equal(undefined);
        decodeProofValue(encodeProofValue(other));
        if (other.root !== data.root || other.digest !== data.digest)
          expect(inclusionBytesOf(decoded)).to.equal(undefined);
      }),
      { numRuns: 200 },
    );
  });
});

describe("readProofValueLike: a batch's proofValue read against another's, as decodeProofValueLayout reads it", function () {
  /** The same texts as the layout's (or none), spelt out for comparison. */
  const partsOf = (
    bytes: Uint8Array,
    like: { digestAt: number; pathAt: number; pathCount: number; pathStride: number },
  ) => ({
    digest: hexOf(bytes.subarray(like.digestAt, like.digestAt + 32)),
    path: Array.from({ length: like.pathCount }, (_, i) =>
      hexOf(bytes.subarray(like.pathAt + like.pathStride * i, like.pathAt + like.pathStride * i + 32)),
    ),
  });
  /** A text of `bytes` edited in its spelling: as encoded, an unused bit set, padding, a character outside the alphabet. */
  const spell = (bytes: Uint8Array, how: number): string => {
    const text = toBase64Url(bytes);
    if (how === 1 && text.length % 4 !== 0) {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      return `u${text.slice(0, -1)}${alphabet[alphabet.indexOf(text[text.length - 1]) | 1]}`;
    }
    if (how === 2) return `u${text}==`;
    if (how === 3) return `u${text.slice(0, 4)}+${text.slice(5)}`;
    if (how === 4) return `U${text}`;
    return `u${text}`;
  };

  it("takes exactly the proofValues whose layout has the reference's root, salt pointers and anchor record, with the layout's digest, leaf index, path and salts", function () {
    let taken = 0;
    let refused = 0;
    const read = createProofValueLike();
    fc.assert(
      fc.property(
        dataArb,
        fc.record({ digest: hash, leafIndex: bigNumber, path: fc.array(hash, { maxLength: 20 }) }),
        fc.array(salt, { minLength: 10, maxLength: 10 }),
        fc.nat(7),
        fc.nat(4000),
        fc.nat(255),
        fc.nat(6),
        (data, mine, salts, how, at, byte, spelling) => {
          const referenceLayout = decodeProofValueLayout(encodeProofValue({ ...data, redactedHashes: [] }))!;
          const reference = proofValueReference(referenceLayout)!;
          // The anchor record as the layout gives it (the registry checksummed) and its salt pointers (in CBOR's order), before the next decoding.
          const anchor = JSON.stringify(referenceLayout.anchor);
          const saltKeys = referenceLayout.saltKeys.join("\0");
          // A proofValue with redacted hashes is no reference (the fast path takes none).
          const own = proofValueReference(decodeProofValueLayout(encodeProofValue(data))!);
          expect(own === undefined).to.equal(data.redactedHashes.length !== 0);
          // Another credential of the batch (or, for how 6 and 7, a proofValue of its own keys and anchor).
          const keys = Object.keys(data.salts);
          const other: ProofValueData = {
            ...data,
            ...mine,
            salts: Object.fromEntries(keys.map((key, i) => [key, salts[i]])),
            redactedHashes: how === 6 ? data.redactedHashes : [],
          };
          if (how === 7) delete other.anchor;
          const bytes = edit(Buffer.from(encodeProofValue(other).slice(1), "base64url"), how > 5 ? 0 : how, at, byte);
          const text = spell(bytes, spelling);
          let layout: ReturnType<typeof decodeProofValueLayout>;
          try {
            layout = decodeProofValueLayout(text);
          } catch {
            layout = undefined;
          }
          const expected =
            layout !== undefined &&
            hexOf(layout.bytes.subarray(layout.rootAt, layout.rootAt + 32)) === data.root &&
            layout.redactedHashes.length === 0 &&
            layout.saltKeys.join("\0") === saltKeys &&
            JSON.stringify(layout.anchor) === anchor;
          expect(readProofValueLike(text, reference, read), text).to.equal(expected);
          if (!expected) {
            refused++;
            return;
          }
          taken++;
          expect(read.leafIndex).to.equal(layout!.leafIndex);
          expect(digestOfLike(read)).to.equal(layout!.digest);
          expect(partsOf(read.bytes, read)).to.deep.equal(partsOf(layout!.bytes, layout!));
          expect(read.saltAt.map((a) => hexOf(read.bytes.subarray(a, a + 16)))).to.deep.equal(
            layout!.saltAt.map((a) => hexOf(layout!.bytes.subarray(a, a + 16))),
          );
        },
      ),
      { numRuns: 1_500 },
    );
    expect(taken).to.be.greaterThan(200);
    expect(refused).to.be.greaterThan(200);
  });

  it("gives verifyInclusionBytes one shape: every layout (anchored or not) and a ProofValueLike share V8's map and hold Buffers", function () {
    // %HaveSameMap is V8's own answer. Natives syntax stays allowed in this process from here on: the
    // function's body is parsed when first called (and may be again once V8 flushes its bytecode).
    setFlagsFromString("--allow-natives-syntax");
    const sameMap = runInThisContext("(function (a, b) { return %HaveSameMap(a, b); })") as (
      a: object,
      b: object,
    ) => boolean;
    const data: ProofValueData = {
      digest: `0x${"11".repeat(32)}`,
      root: `0x${"22".repeat(32)}`,
      leafIndex: 3,
      path: [`0x${"33".repeat(32)}`, `0x${"44".repeat(32)}`],
      salts: { "/name": `0x${"55".repeat(16)}` },
      redactedHashes: [],
      anchor: {
        chain: "eip155:31337",
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        transactionHash: `0x${"66".repeat(32)}`,
        blockNumber: 2,
        anchoredAt: "2026-12-08T01:00:00Z",
      },
    };
    const anchored = decodeProofValueLayout(encodeProofValue(data))!;
    const reference = proofValueReference(anchored)!;
    const { anchor: _, ...unanchoredData } = data;
    const unanchored = decodeProofValueLayout(encodeProofValue(unanchoredData))!;
    expect(unanchored.anchor).to.equal(undefined);
    const like = createProofValueLike();
    expect(
      readProofValueLike(
        encodeProofValue({ ...data, leafIndex: 70_000, digest: `0x${"77".repeat(32)}` }),
        reference,
        like,
      ),
    ).to.equal(true);
    expect(like.leafIndex).to.equal(70_000);
    expect(sameMap(anchored, unanchored), "anchored and unanchored layouts").to.equal(true);
    expect(sameMap(anchored, like), "a layout and a ProofValueLike").to.equal(true);
    for (const bytes of [anchored.bytes, unanchored.bytes, like.bytes]) expect(Buffer.isBuffer(bytes)).to.equal(true);
    expect(sameMap(anchored.bytes, like.bytes), "their bytes").to.equal(true);
  });
});
