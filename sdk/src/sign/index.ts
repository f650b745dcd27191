/** The issuer's signature (eddsa-rdfc-2022), Multikey keys and the bundled JSON-LD contexts. Browser-safe. */
export * from "./contexts";
export { createDocumentLoader, type CreateDocumentLoaderOptions } from "./documentLoader";
export { createCanonizer, type Canonizer, type CanonizerStats, type CreateCanonizerOptions } from "./canonize";
export {
  DATA_INTEGRITY_PROOF,
  EDDSA_RDFC_2022,
  decodeProofValue as decodeSignatureProofValue,
  eddsaRdfc2022HashData,
  encodeProofValue as encodeSignatureProofValue,
  isEddsaRdfc2022Proof,
  proofDateTime,
  withoutProof,
  type EddsaRdfc2022Proof,
} from "./eddsaRdfc2022";
export {
  decodePublicKeyMultibase,
  decodeSecretKeyMultibase,
  encodePublicKeyMultibase,
  encodeSecretKeyMultibase,
} from "./multikey";
export { signCredential, type Ed25519Signer, type SignCredentialOptions } from "./signCredential";
export {
  ed25519Verify,
  verifyCredentialSignature,
  type AssertionKey,
  type ResolveAssertionKey,
  type SignatureCheckResult,
  type SignatureStatus,
  type VerifyCredentialSignatureOptions,
} from "./verifyCredentialSignature";
export {
  assertionKeyFromDidDocument,
  createDidWebKeyResolver,
  type CreateDidWebKeyResolverOptions,
} from "./resolveAssertionKey";
