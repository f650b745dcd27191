export * from "./types";
export { attachProof, type WithCredAnchorProof } from "./attachProof";
export { findProofEntry } from "./findProofEntry";
export { validateAnchorRecord, validateProofEntry, MAX_PATH_LENGTH } from "./validateProofEntry";
