import { BaseError, CodedError, type BaseErrorParameters, type ErrorLocation } from "./base";

/** One broken rule found by `validateCredential` / `validateTemplate`. */
export interface ValidationIssue {
  /** RFC 6901 JSON pointer to the offending value ("" is the whole document). */
  pointer: string;
  /** The rule that was broken, in words: `required string is missing`. */
  message: string;
  /** A stable code where one rule has its own (e.g. `PROOF_VALUE_VERSION` for a proofValue, SPEC.md 7.3). */
  code?: string;
}

/** `pointer: message`, with "/" for the document root. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.pointer || "/"}: ${issue.message}`;
}

/**
 * A credential (or a template) does not match the credanchor profile of Open Badges 3.0.
 * `issues` lists every broken rule; the message names the first ones.
 */
export class CredentialValidationError extends BaseError {
  override name = "CredentialValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(
    issues: readonly ValidationIssue[],
    parameters: { file?: string; what?: string; code?: string; fix?: string; docsPath?: string } = {},
  ) {
    const what = parameters.what ?? "credential";
    const first = issues[0];
    const shown = issues.slice(0, 10).map(formatIssue);
    const more = issues.length > shown.length ? [`... and ${issues.length - shown.length} more`] : [];
    super(first ? `invalid ${what}: ${first.message}` : `invalid ${what}`, {
      code: parameters.code ?? "CREDENTIAL_INVALID",
      details: [...shown, ...more].join("\n"),
      fix: parameters.fix ?? `Correct the ${what} so that it matches the credanchor profile of Open Badges 3.0.`,
      location: { file: parameters.file, pointer: first?.pointer },
      docsPath: parameters.docsPath ?? "SPEC.md#1-credential-profile",
    });
    this.issues = issues;
  }
}

/** A JSON text could not be read: syntax error (with line and column), duplicate key, or nesting too deep. */
export class CredentialParseError extends BaseError {
  override name = "CredentialParseError";
  constructor(shortMessage: string, location: ErrorLocation, parameters: Omit<BaseErrorParameters, "location"> = {}) {
    super(shortMessage, {
      code: "CREDENTIAL_PARSE",
      fix: "Fix the JSON text at the position shown.",
      ...parameters,
      location,
    });
  }
}

/** A recipient row cannot become a credential (names the row and the field). */
export class RecipientError extends BaseError {
  override name = "RecipientError";
  readonly row?: number;
  readonly field?: string;
  constructor(shortMessage: string, parameters: { row?: number; field?: string; file?: string; fix?: string }) {
    // With a file, the location says "recipients.csv:7"; without one, the message names the row.
    const parts: string[] = [];
    if (parameters.file === undefined) parts.push(parameters.row !== undefined ? `row ${parameters.row}` : "recipient");
    if (parameters.field) parts.push(`field "${parameters.field}"`);
    super(`${parts.join(", ")}${parts.length ? ": " : ""}${shortMessage}`, {
      code: "RECIPIENT_INVALID",
      fix: parameters.fix ?? "Correct this row of the recipients file and run the command again.",
      location: parameters.file === undefined ? undefined : { file: parameters.file, line: parameters.row },
      docsPath: "SPEC.md#1-credential-profile",
    });
    this.row = parameters.row;
    this.field = parameters.field;
  }
}

/** The digest cannot be computed: a field without salt, a salt without field, a value JSON cannot hold. */
export class DigestError extends BaseError {
  override name = "DigestError";
  readonly pointer: string;
  constructor(shortMessage: string, pointer: string, parameters: Omit<BaseErrorParameters, "location"> = {}) {
    super(shortMessage, {
      code: "DIGEST_INVALID",
      docsPath: "SPEC.md#2-digest-and-selective-disclosure",
      ...parameters,
      location: { pointer },
    });
    this.pointer = pointer;
  }
}

/** A selective-disclosure request cannot be carried out (unknown pointer, protected field, array element). */
export class DisclosureError extends BaseError {
  override name = "DisclosureError";
  readonly pointer: string;
  constructor(shortMessage: string, pointer: string, parameters: Omit<BaseErrorParameters, "location"> = {}) {
    super(shortMessage, {
      code: "DISCLOSURE_REFUSED",
      docsPath: "SPEC.md#26-selective-disclosure",
      ...parameters,
      location: { pointer },
    });
    this.pointer = pointer;
  }
}

/** The credential has no credanchor proof entry, more than one, or a malformed one. */
export class ProofEntryError extends CodedError {
  override name = "ProofEntryError";
  static override readonly defaults: BaseErrorParameters = {
    code: "PROOF_ENTRY_INVALID",
    docsPath: "SPEC.md#4-the-proof-entry",
  };
}

/** Why a proofValue was refused; each maps to the verify code `FORMAT_<code>` (SPEC.md 7.3). */
export type ProofValueProblem =
  | "PROOF_VALUE_MULTIBASE"
  | "PROOF_VALUE_CBOR"
  | "PROOF_VALUE_NON_CANONICAL"
  | "PROOF_VALUE_TRAILING_BYTES"
  | "PROOF_VALUE_VERSION"
  | "PROOF_VALUE_CONTENT";

/**
 * The `proofValue` of a credanchor Data Integrity proof cannot be decoded (docs/SPEC.md 4.3): not
 * `u` + canonical base64url, not deterministic CBOR, an unknown version, bytes after the value, or
 * an element of the wrong kind or length. `code` says which.
 */
export class ProofValueError extends BaseError {
  override name = "ProofValueError";
  override readonly code: ProofValueProblem;
  constructor(code: ProofValueProblem, shortMessage: string, parameters: Omit<BaseErrorParameters, "code"> = {}) {
    super(shortMessage, { docsPath: "SPEC.md#43-proofvalue", ...parameters, code });
    this.code = code;
  }
}
