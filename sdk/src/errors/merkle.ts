import { BaseError } from "./base";

/** A Merkle tree needs at least one leaf. */
export class MerkleEmptyTreeError extends BaseError {
  override name = "MerkleEmptyTreeError";
  constructor() {
    super("cannot build a Merkle tree of zero leaves", {
      code: "MERKLE_EMPTY",
      fix: "Give at least one digest (a batch needs at least one credential).",
      docsPath: "SPEC.md#3-leaf-and-merkle-tree",
    });
  }
}

/** A digest given to the tree is not 32 bytes (`0x` and 64 hex digits), or the flat array is not n*32 bytes. */
export class MerkleInvalidDigestError extends BaseError {
  override name = "MerkleInvalidDigestError";
  /** Position of the offending digest, when one digest is at fault. */
  readonly index?: number;
  readonly value?: string;
  constructor(shortMessage: string, parameters: { index?: number; value?: string } = {}) {
    super(parameters.index === undefined ? shortMessage : `digest ${parameters.index}: ${shortMessage}`, {
      code: "MERKLE_INVALID_DIGEST",
      details: parameters.value === undefined ? undefined : `value: ${parameters.value.slice(0, 80)}`,
      fix: "Each digest must be 32 bytes: 0x followed by 64 hex digits, or 32 bytes of a flat Uint8Array.",
      docsPath: "SPEC.md#3-leaf-and-merkle-tree",
    });
    this.index = parameters.index;
    this.value = parameters.value;
  }
}

/** A leaf index outside the tree (proofs), or one the leaf encoding cannot take. */
export class MerkleIndexOutOfRangeError extends BaseError {
  override name = "MerkleIndexOutOfRangeError";
  readonly index: number;
  readonly leafCount: number;
  constructor(index: number, leafCount: number) {
    super(`leaf index ${index} is outside the tree of ${leafCount} leaves`, {
      code: "MERKLE_INDEX_OUT_OF_RANGE",
      fix: `Use an integer index from 0 to ${Math.max(0, leafCount - 1)}.`,
      docsPath: "SPEC.md#3-leaf-and-merkle-tree",
    });
    this.index = index;
    this.leafCount = leafCount;
  }
}

/** More leaves than the tree supports (2^31 - 1: leaf indices stay 32-bit integers in the fast path). */
export class MerkleTooManyLeavesError extends BaseError {
  override name = "MerkleTooManyLeavesError";
  readonly leafCount: number;
  constructor(leafCount: number) {
    super(`a tree of ${leafCount} leaves is too large (at most 2,147,483,647)`, {
      code: "MERKLE_TOO_MANY_LEAVES",
      fix: "Split the recipients into several batches.",
      docsPath: "SPEC.md#3-leaf-and-merkle-tree",
    });
    this.leafCount = leafCount;
  }
}
