/** Where in an input something went wrong. */
export interface ErrorLocation {
  /** A file path, as the user gave it. */
  file?: string;
  /** 1-based line (or CSV/JSONL row) number. */
  line?: number;
  /** 1-based column number. */
  column?: number;
  /** An RFC 6901 JSON pointer into the document. */
  pointer?: string;
}

export interface BaseErrorParameters {
  /** A stable machine-readable code, e.g. `CREDENTIAL_INVALID`. */
  code?: string;
  /** Longer explanation, shown under the short message. */
  details?: string;
  /** What the user should do about it. */
  fix?: string;
  /** Where in the input the problem is. */
  location?: ErrorLocation;
  /** The error that caused this one. */
  cause?: unknown;
  /** Section of the docs that explains this, e.g. `SPEC.md#digest`. */
  docsPath?: string;
}

/**
 * The one error class of the SDK. Every error the SDK throws on purpose is a `BaseError` (or a
 * subclass from `sdk/src/errors/*.ts`), so callers can tell an expected failure from a bug.
 *
 * @example
 * try {
 *   await issueBatch({ template, recipients, outDir });
 * } catch (error) {
 *   if (error instanceof BaseError) console.error(error.message); // one clear paragraph
 *   else throw error; // a bug
 * }
 */
export class BaseError extends Error {
  override name = "CredAnchorError";
  readonly code: string;
  readonly shortMessage: string;
  readonly details?: string;
  readonly fix?: string;
  readonly location?: ErrorLocation;
  readonly docsPath?: string;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const where = formatLocation(parameters.location);
    const lines = [where ? `${where}: ${shortMessage}` : shortMessage];
    if (parameters.details) lines.push(parameters.details);
    if (parameters.fix) lines.push(`Fix: ${parameters.fix}`);
    if (parameters.docsPath) lines.push(`Docs: docs/${parameters.docsPath}`);
    super(lines.join("\n"), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = parameters.code ?? "CREDANCHOR_ERROR";
    this.shortMessage = shortMessage;
    this.details = parameters.details;
    this.fix = parameters.fix;
    this.location = parameters.location;
    this.docsPath = parameters.docsPath;
  }

  /** Walks the cause chain and returns the first error for which `predicate` holds. */
  walk(predicate: (error: unknown) => boolean): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk starts at this error and follows `cause`
    let current: unknown = this;
    while (current !== undefined && current !== null) {
      if (predicate(current)) return current;
      current = (current as { cause?: unknown }).cause;
    }
    return undefined;
  }
}

/**
 * A `BaseError` whose class fixes its code and docs section: a subclass names them once, in `static
 * defaults`, instead of a constructor of its own; each `throw` gives the message and what else it knows
 * (and may override a default).
 *
 * @example
 * class ShareError extends CodedError {
 *   override name = "ShareError";
 *   static override readonly defaults = { code: "SHARE_INVALID", docsPath: "SPEC.md#10-sharing" };
 * }
 * new ShareError("not an https URL", { fix: "give https://..." }).code // "SHARE_INVALID"
 */
export class CodedError extends BaseError {
  /** What every error of the class starts from (its `code`, its `docsPath`). */
  static readonly defaults: BaseErrorParameters = {};
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { ...(new.target as typeof CodedError).defaults, ...parameters });
  }
}

/** `file:line:column pointer`, leaving out what is unknown. */
export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return "";
  let where = location.file ?? "";
  if (location.line !== undefined) where += `${where ? ":" : "line "}${location.line}`;
  if (location.column !== undefined) where += `:${location.column}`;
  if (location.pointer !== undefined) where += `${where ? " at " : "at "}${location.pointer || "/"}`;
  return where;
}
