import { BaseError } from "../errors/base";
import { ContextNotBundledError } from "../errors/sign";
import { isDateTime } from "../credential/dateTime";
import { toBareHex } from "../canonical/hex";
import { createCanonizer, type Canonizer } from "./canonize";
import { decodeProofValue, eddsaRdfc2022HashData, isEddsaRdfc2022Proof, withoutProof } from "./eddsaRdfc2022";
import { nodeEd25519Verify } from "./hashing";
import { decodePublicKeyMultibase } from "./multikey";

/** A key the issuer lists for `assertionMethod` (from its DID document). */
export interface AssertionKey {
  /** e.g. `did:web:example.edu#z6Mk…`. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
}

/** `undefined`: the DID document does not list that method for assertionMethod. Throws when it cannot be read. */
export type ResolveAssertionKey = (verificationMethod: string) => Promise<AssertionKey | undefined>;

export type SignatureStatus = "passed" | "failed" | "absent" | "error";

export interface SignatureCheckResult {
  status: SignatureStatus;
  /** Stable code, e.g. `SIGNATURE_VALID`, `SIGNATURE_INVALID`, `SIGNATURE_ABSENT`. */
  code: string;
  message: string;
  /** The proof's verification method, when there is a proof. */
  verificationMethod?: string;
}

export interface VerifyCredentialSignatureOptions {
  credential: { "@context"?: unknown; issuer?: unknown; proof?: unknown; [member: string]: unknown };
  /** Looks the key up in the issuer's DID document (assertionMethod). */
  resolveKey: ResolveAssertionKey;
  /** Reuse one across many credentials (it caches JSON-LD shapes). */
  canonizer?: Canonizer;
}

/**
 * Verifies the issuer's eddsa-rdfc-2022 signature(s) of a credential: every such proof must name a
 * key of the issuer (controller = issuer id) that the issuer's DID document lists for assertionMethod,
 * and must verify over the credential without `proof`. Other proof entries are ignored. Browser-safe
 * (Ed25519 through node:crypto in Node, WebCrypto in browsers); never throws for a bad credential.
 *
 * @example
 * const result = await verifyCredentialSignature({ credential, resolveKey });
 * if (result.status === "failed") console.log(result.message);
 */
export async function verifyCredentialSignature(
  options: VerifyCredentialSignatureOptions,
): Promise<SignatureCheckResult> {
  const { credential } = options;
  const entries =
    credential.proof === undefined ? [] : Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  const proofs = entries.filter(isEddsaRdfc2022Proof);
  if (proofs.length === 0) {
    return {
      status: "absent",
      code: "SIGNATURE_ABSENT",
      message: "the credential carries no issuer signature (eddsa-rdfc-2022)",
    };
  }
  const issuer = credential.issuer;
  const issuerId = typeof issuer === "string" ? issuer : (issuer as { id?: unknown } | undefined)?.id;
  const canonizer = options.canonizer ?? createCanonizer();
  const document = withoutProof(credential);
  let last: SignatureCheckResult | undefined;
  for (const proof of proofs) {
    const vm = proof.verificationMethod;
    const failed = (code: string, message: string): SignatureCheckResult => ({
      status: "failed",
      code,
      message,
      verificationMethod: typeof vm === "string" ? vm : undefined,
    });
    if (typeof vm !== "string") return failed("SIGNATURE_MALFORMED", "the signature names no verificationMethod");
    if (proof.proofPurpose !== "assertionMethod") {
      return failed(
        "SIGNATURE_MALFORMED",
        `the signature's proofPurpose is ${JSON.stringify(proof.proofPurpose)}, not "assertionMethod"`,
      );
    }
    if (typeof proof.created !== "string" || !isDateTime(proof.created)) {
      return failed("SIGNATURE_MALFORMED", "the signature's created is not a date-time");
    }
    const signature = decodeProofValue(proof.proofValue);
    if (!signature) return failed("SIGNATURE_MALFORMED", "the signature's proofValue is not z + base58btc of 64 bytes");
    const hash = vm.indexOf("#");
    const controller = hash < 0 ? vm : vm.slice(0, hash);
    if (controller !== issuerId) {
      return failed(
        "SIGNATURE_WRONG_ISSUER",
        `the signature was made by ${controller}, not by the issuer ${String(issuerId)}`,
      );
    }
    let key: AssertionKey | undefined;
    try {
      key = await options.resolveKey(vm);
    } catch (error) {
      return {
        status: "error",
        code: "SIGNATURE_KEY_UNAVAILABLE",
        message: `the issuer's DID document could not be read to find ${vm}: ${errorText(error)}`,
        verificationMethod: vm,
      };
    }
    if (!key)
      return failed("SIGNATURE_KEY_NOT_LISTED", `the issuer's DID document does not list ${vm} for assertionMethod`);
    if (key.controller !== issuerId) {
      return failed("SIGNATURE_WRONG_ISSUER", `the key ${vm} is controlled by ${key.controller}, not by the issuer`);
    }
    let publicKey: Uint8Array;
    try {
      publicKey = publicKeyOf(key.publicKeyMultibase);
    } catch (error) {
      return failed(
        "SIGNATURE_KEY_NOT_LISTED",
        `the issuer's key ${vm} is not an Ed25519 Multikey: ${errorText(error)}`,
      );
    }
    let data: Uint8Array;
    try {
      data = await eddsaRdfc2022HashData({
        document: document as { "@context"?: unknown },
        proofConfig: proof,
        canonizer,
      });
    } catch (error) {
      if (error instanceof ContextNotBundledError) {
        return {
          status: "error",
          code: "SIGNATURE_CONTEXT_UNKNOWN",
          message: error.shortMessage,
          verificationMethod: vm,
        };
      }
      return failed("SIGNATURE_INVALID", `the signed document is not valid JSON-LD: ${errorText(error)}`);
    }
    // node:crypto answers at once; only a browser's WebCrypto is waited for.
    const verified = nodeEd25519Verify(publicKey, signature, data) ?? (await ed25519Verify(publicKey, signature, data));
    if (!verified) {
      return failed(
        "SIGNATURE_INVALID",
        "the issuer's signature does not match the credential: it was changed after signing",
      );
    }
    last = {
      status: "passed",
      code: "SIGNATURE_VALID",
      message: `signed by the issuer's key ${vm}`,
      verificationMethod: vm,
    };
  }
  return last!;
}

/**
 * Public keys decoded from their Multikey text, the last 256 issuers' keys: every credential of an issuer
 * names the same key. The bytes are shared, never written to.
 */
const decodedKeys = new Map<string, Uint8Array>();

function publicKeyOf(multibase: string): Uint8Array {
  let publicKey = decodedKeys.get(multibase);
  if (publicKey === undefined) {
    publicKey = decodePublicKeyMultibase(multibase);
    if (decodedKeys.size >= 256) decodedKeys.clear();
    decodedKeys.set(multibase, publicKey);
  }
  return publicKey;
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

/** Ed25519 verification: node:crypto in Node (synchronous, no thread-pool round trip), WebCrypto in browsers. */
export async function ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const inNode = nodeEd25519Verify(publicKey, signature, data);
  if (inNode !== undefined) return inNode;
  const cacheKey = toBareHex(publicKey);
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key = globalThis.crypto.subtle.importKey("raw", publicKey as BufferSource, { name: "Ed25519" }, false, ["verify"]);
    if (importedKeys.size > 1024) importedKeys.clear();
    importedKeys.set(cacheKey, key);
  }
  return globalThis.crypto.subtle.verify(
    { name: "Ed25519" },
    await key,
    signature as BufferSource,
    data as BufferSource,
  );
}

function errorText(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
