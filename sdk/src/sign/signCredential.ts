import { SignCredentialError } from "../errors/sign";
import { createCanonizer, type Canonizer } from "./canonize";
import {
  DATA_INTEGRITY_PROOF,
  EDDSA_RDFC_2022,
  eddsaRdfc2022HashData,
  encodeProofValue,
  proofDateTime,
  withoutProof,
  type EddsaRdfc2022Proof,
} from "./eddsaRdfc2022";

/** Anything that signs bytes with Ed25519 (a `SigningKey` from signingKey.ts, or a KMS client). */
export interface Ed25519Signer {
  publicKeyMultibase: string;
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

export interface SignCredentialOptions<T extends { "@context"?: unknown; issuer?: unknown }> {
  /** The credential; an existing `proof` is kept and the signature goes first. */
  credential: T;
  signer: Ed25519Signer;
  /** The key's id in the issuer's DID document; `<issuer.id>#<publicKeyMultibase>` by default. */
  verificationMethod?: string;
  /** Defaults to now. */
  created?: Date | string;
  /** Reuse one per batch (or per worker): it caches the template's JSON-LD shape. */
  canonizer?: Canonizer;
}

/**
 * Signs a credential with eddsa-rdfc-2022 (W3C Data Integrity EdDSA Cryptosuites v1.0): RDFC-1.0
 * canonical N-Quads of the credential (without `proof`) and of the proof options, SHA-256 of each,
 * Ed25519 over both hashes. Returns a new credential whose `proof` array starts with the signature.
 * The verification method's controller (the part before `#`) must be the credential's issuer id.
 *
 * @example
 * const signed = await signCredential({ credential, signer: readSigningKeyFile({ file, password }) });
 */
export async function signCredential<T extends { "@context"?: unknown; issuer?: unknown }>(
  options: SignCredentialOptions<T>,
): Promise<T & { proof: unknown[] }> {
  const { credential, signer } = options;
  const issuerId = issuerIdOf(credential);
  if (issuerId === undefined) {
    throw new SignCredentialError("the credential has no issuer id to sign for", {
      pointer: "/issuer/id",
      fix: "Give the issuer an id: the issuer's DID, e.g. did:web:example.edu.",
    });
  }
  const verificationMethod = options.verificationMethod ?? `${issuerId}#${signer.publicKeyMultibase}`;
  const controller = verificationMethod.split("#")[0];
  if (controller !== issuerId) {
    throw new SignCredentialError(
      `the signing key belongs to ${controller}, but the credential's issuer is ${issuerId}`,
      { pointer: "/issuer/id", fix: `Set issuer.id to ${controller} in the template, or sign with that issuer's key.` },
    );
  }
  const created = options.created === undefined ? new Date() : new Date(options.created);
  if (Number.isNaN(created.getTime()))
    throw new SignCredentialError(`created ${String(options.created)} is not a date`);
  const proofConfig = {
    type: DATA_INTEGRITY_PROOF,
    cryptosuite: EDDSA_RDFC_2022,
    created: proofDateTime(created),
    verificationMethod,
    proofPurpose: "assertionMethod" as const,
  };
  const document = withoutProof(credential);
  const data = await eddsaRdfc2022HashData({
    document,
    proofConfig,
    canonizer: options.canonizer ?? createCanonizer(),
  });
  const proof: EddsaRdfc2022Proof = { ...proofConfig, proofValue: encodeProofValue(await signer.sign(data)) };
  const existing = (credential as { proof?: unknown }).proof;
  const others = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return { ...credential, proof: [proof, ...others] };
}

function issuerIdOf(credential: { issuer?: unknown }): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === "string") return issuer;
  if (issuer && typeof issuer === "object" && typeof (issuer as { id?: unknown }).id === "string") {
    return (issuer as { id: string }).id;
  }
  return undefined;
}
