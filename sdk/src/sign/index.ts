/** The issuer's signature (eddsa-rdfc-2022), Multikey keys and the bundled JSON-LD contexts. Browser-safe. */
export { bundledContexts } from "./contexts";
export { createDocumentLoader, type CreateDocumentLoaderOptions } from "./documentLoader";
export { createCanonizer, type Canonizer, type CanonizerStats, type CreateCanonizerOptions } from "./canonize";
export {
  EDDSA_RDFC_2022,
  decodeProofValue as decodeSignatureProofValue,
  encodeProofValue as encodeSignatureProofValue,
  isEddsaRdfc2022Proof,
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
