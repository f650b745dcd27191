/**
 * eddsa-rdfc-2022 (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3): the proof options, the
 * hash data and the proof value. Browser-safe; signing itself is in `signCredential.ts` (node:crypto)
 * and verification in `verifyCredentialSignature.ts` (node:crypto in Node, WebCrypto in browsers).
 *
 * hashData = SHA-256(RDFC-1.0(proofConfig)) ‖ SHA-256(RDFC-1.0(document without proof)), where
 * proofConfig is the proof without `proofValue` and with the document's `@context`.
 */
import { base58Decode, base58Encode } from "./base58";
import type { Canonizer } from "./canonize";
import { sha256Utf8 } from "./hashing";

export const DATA_INTEGRITY_PROOF = "DataIntegrityProof" as const;
export const EDDSA_RDFC_2022 = "eddsa-rdfc-2022" as const;

/** The issuer's signature in a credential's `proof` (a Data Integrity proof, eddsa-rdfc-2022). */
export interface EddsaRdfc2022Proof {
  type: typeof DATA_INTEGRITY_PROOF;
  cryptosuite: typeof EDDSA_RDFC_2022;
  /** XML Schema date-time, UTC, whole seconds. */
  created: string;
  /** The Multikey's id in the issuer's DID document, e.g. `did:web:example.edu#z6Mk…`. */
  verificationMethod: string;
  proofPurpose: "assertionMethod";
  /** `z` + base58btc(64-byte Ed25519 signature). */
  proofValue: string;
}

/** A proof entry that claims to be eddsa-rdfc-2022 (type DataIntegrityProof and that cryptosuite). */
export function isEddsaRdfc2022Proof(entry: unknown): entry is Partial<EddsaRdfc2022Proof> & { type: string } {
  return (
    entry !== null &&
    typeof entry === "object" &&
    (entry as { type?: unknown }).type === DATA_INTEGRITY_PROOF &&
    (entry as { cryptosuite?: unknown }).cryptosuite === EDDSA_RDFC_2022
  );
}

/** The credential without `proof` (what the signature covers). */
export function withoutProof<T extends object>(credential: T): Omit<T, "proof"> {
  const { proof: _proof, ...rest } = credential as T & { proof?: unknown };
  return rest;
}

/**
 * The 64 bytes an eddsa-rdfc-2022 signature is over: SHA-256 of the canonical proof configuration,
 * then SHA-256 of the canonical document.
 *
 * @example
 * const data = await eddsaRdfc2022HashData({ document, proofConfig, canonizer: createCanonizer() });
 */
export async function eddsaRdfc2022HashData(args: {
  /** The credential without `proof`. */
  document: { "@context"?: unknown };
  /** The proof without `proofValue` (its own `@context`, if any, is replaced by the document's). */
  proofConfig: Record<string, unknown>;
  canonizer: Canonizer;
}): Promise<Uint8Array> {
  // Without `delete`: an object that lost a member is slower to read (dictionary mode) for the shape match.
  const { proofValue: _proofValue, ...rest } = args.proofConfig;
  const config: Record<string, unknown> = { ...rest, "@context": args.document["@context"] };
  const [configNquads, documentNquads] = await Promise.all([
    args.canonizer.canonize(config),
    args.canonizer.canonize(args.document),
  ]);
  const out = new Uint8Array(64);
  // The credentials of a batch share their proof configuration but for the signature: its hash is kept.
  if (configNquads !== lastConfigNquads) {
    lastConfigHash = sha256Utf8(configNquads);
    lastConfigNquads = configNquads;
  }
  out.set(lastConfigHash!, 0);
  out.set(sha256Utf8(documentNquads), 32);
  return out;
}

/** The last canonical proof configuration hashed, and its SHA-256. */
let lastConfigNquads: string | undefined;
let lastConfigHash: Uint8Array | undefined;

/** XML Schema date-time in UTC with whole seconds, as `created` is written. */
export function proofDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `z` + base58btc of a 64-byte signature, as `proofValue` is written. */
export function encodeProofValue(signature: Uint8Array): string {
  return "z" + base58Encode(signature);
}

/** The signature in a `proofValue`, or `undefined` when it is not `z` + base58btc of 64 bytes. */
export function decodeProofValue(proofValue: unknown): Uint8Array | undefined {
  if (typeof proofValue !== "string" || !proofValue.startsWith("z")) return undefined;
  const bytes = base58Decode(proofValue.slice(1));
  return bytes && bytes.length === 64 ? bytes : undefined;
}
