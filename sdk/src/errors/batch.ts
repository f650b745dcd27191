import { BaseError, CodedError, type BaseErrorParameters, type ErrorLocation } from "./base";

/** The batch's output directory already exists and holds files: issueBatch never overwrites a batch. */
export class BatchOutputExistsError extends BaseError {
  override name = "BatchOutputExistsError";
  readonly outDir: string;
  constructor(outDir: string) {
    super(`the output directory ${outDir} already exists and is not empty`, {
      code: "BATCH_OUTPUT_EXISTS",
      details: "A batch directory is written once; issuing into it again would mix two batches.",
      fix: "Choose a new --out directory, or move the existing one away first.",
      docsPath: "SPEC.md#5-the-batch-directory-and-manifest",
    });
    this.outDir = outDir;
  }
}

/** A template or recipients file cannot be read as a whole: missing, unreadable, empty, unknown format. */
export class BatchInputError extends CodedError {
  override name = "BatchInputError";
  static override readonly defaults: BaseErrorParameters = {
    code: "BATCH_INPUT_INVALID",
    docsPath: "SPEC.md#5-the-batch-directory-and-manifest",
  };
}

/**
 * One recipient row cannot become a credential (CSV or JSONL syntax, a missing name, a bad e-mail...).
 * The batch stops; `file` and `line` name the row, `reason` says what is wrong; `cause` is the
 * underlying error (often a RecipientError or CredentialParseError).
 */
export class BatchRowError extends BaseError {
  override name = "BatchRowError";
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  constructor(
    reason: string,
    parameters: { file: string; line: number; column?: number; pointer?: string; fix?: string; cause?: unknown },
  ) {
    const location: ErrorLocation = { file: parameters.file, line: parameters.line };
    if (parameters.column !== undefined) location.column = parameters.column;
    if (parameters.pointer !== undefined) location.pointer = parameters.pointer;
    super(reason, {
      code: "BATCH_ROW_INVALID",
      details: "The batch was not written: no output directory was created.",
      fix: parameters.fix ?? "Correct this row of the recipients file and run the command again.",
      location,
      cause: parameters.cause,
      docsPath: "SPEC.md#13-templates-and-recipients",
    });
    this.file = parameters.file;
    this.line = parameters.line;
    this.reason = reason;
  }
}

/** A worker thread died or could not start (a bug or the machine, not the input). */
export class BatchWorkerError extends BaseError {
  override name = "BatchWorkerError";
  constructor(shortMessage: string, cause?: unknown) {
    super(shortMessage, {
      code: "BATCH_WORKER_FAILED",
      details: "The batch was not written: no output directory was created.",
      fix: "Run again; if it persists, run with workers: 0 (in-process) to see the underlying error.",
      cause,
    });
  }
}
