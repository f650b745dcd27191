/**
 * Errors of the issuer signature (eddsa-rdfc-2022), the signing key and the bundled JSON-LD contexts
 * (docs/SPEC.md section 8).
 */
import { BaseError } from "./base";

/**
 * A document names a JSON-LD context that credanchor does not bundle. Nothing is ever fetched.
 *
 * @example
 * try {
 *   await signCredential({ credential, signingKey });
 * } catch (error) {
 *   if (error instanceof ContextNotBundledError) console.error(error.url);
 * }
 */
export class ContextNotBundledError extends BaseError {
  override name = "ContextNotBundledError";
  readonly url: string;
  constructor(url: string) {
    super(`JSON-LD context ${JSON.stringify(url)} is not bundled with credanchor`, {
      code: "JSONLD_CONTEXT_UNKNOWN",
      details:
        "credanchor loads contexts offline only: VC 2.0, Open Badges 3.0.3 and its extensions, DID v1, Multikey v1 " +
        "and Data Integrity v1/v2. A context from anywhere else is never fetched.",
      fix: "Use only the bundled contexts in @context (see docs/SPEC.md section 8.2).",
      docsPath: "SPEC.md#82-bundled-json-ld-contexts",
    });
    this.url = url;
  }
}

/**
 * JSON-LD processing of a credential failed: an undefined term (safe mode), a malformed context or value.
 * `pointer` is not known (JSON-LD reports terms, not positions); `details` names the term.
 */
export class JsonLdError extends BaseError {
  override name = "JsonLdError";
  constructor(shortMessage: string, parameters: { details?: string; cause?: unknown; file?: string } = {}) {
    super(shortMessage, {
      code: "JSONLD_INVALID",
      details: parameters.details,
      cause: parameters.cause,
      location: parameters.file ? { file: parameters.file } : undefined,
      fix: "Every member of the credential must be defined by its @context (VC 2.0, Open Badges 3.0.3); rename or remove the member named above.",
      docsPath: "SPEC.md#8-issuer-signature-eddsa-rdfc-2022",
    });
  }
}

/** Which part of a signing key was unusable. */
export type SigningKeyProblem = "format" | "password" | "file" | "missing" | "mismatch";

/**
 * The issuer's signing key cannot be used: unreadable file, wrong password, bad multibase, or a key
 * that does not match the configured public key. Never carries the secret.
 *
 * @example
 * try {
 *   await readSigningKeyFile({ file: "signing-key.json", password });
 * } catch (error) {
 *   if (error instanceof SigningKeyError && error.problem === "password") console.error("wrong password");
 * }
 */
export class SigningKeyError extends BaseError {
  override name = "SigningKeyError";
  readonly problem: SigningKeyProblem;
  constructor(
    problem: SigningKeyProblem,
    shortMessage: string,
    parameters: { file?: string; fix?: string; cause?: unknown } = {},
  ) {
    super(shortMessage, {
      code: "SIGNING_KEY_" + problem.toUpperCase(),
      fix: parameters.fix,
      cause: parameters.cause,
      location: parameters.file ? { file: parameters.file } : undefined,
      docsPath: "SPEC.md#81-signing-key",
    });
    this.problem = problem;
  }
}

/** A credential cannot be signed as asked (e.g. its issuer id is not the signing key's controller). */
export class SignCredentialError extends BaseError {
  override name = "SignCredentialError";
  constructor(shortMessage: string, parameters: { fix?: string; pointer?: string; file?: string } = {}) {
    super(shortMessage, {
      code: "SIGN_CREDENTIAL",
      fix: parameters.fix,
      location:
        parameters.pointer !== undefined || parameters.file
          ? { file: parameters.file, pointer: parameters.pointer }
          : undefined,
      docsPath: "SPEC.md#8-issuer-signature-eddsa-rdfc-2022",
    });
  }
}
