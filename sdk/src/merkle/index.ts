/** Merkle trees of credanchor batches (docs/SPEC.md §3). Browser-safe. */
export { buildMerkleTree } from "./buildMerkleTree";
export { merkleTreeFromLeaves } from "./merkleTreeFromLeaves";
export { MerkleTree, type MerkleTreeOptions } from "./MerkleTree";
export { hashLeaves, MAX_LEAF_INDEX } from "./hashLeaves";
export { hashPairs } from "./hashPairs";
export { leafHash } from "./leafHash";
export { verifyInclusion, rootFromPath, type InclusionParameters } from "./verifyInclusion";
