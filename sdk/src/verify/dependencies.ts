/**
 * The functions of other SDK modules that the verification pipeline calls, in one place.
 */
export { computeDigestWithProof } from "../canonical/computeDigest";
export { locateProofEntry } from "../credential/findProofEntry";
export { readProofEntry } from "../credential/proofEntry";
export { parseCredentialJson } from "../credential/parseCredentialJson";
export { validateCredential } from "../credential/validateCredential";
export { verifyInclusion } from "../merkle/verifyInclusion";
