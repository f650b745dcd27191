/**
 * Node-only: errors cross the worker boundary as plain data (structured clone drops an Error's own
 * fields), and BatchRowErrors come back as BatchRowErrors.
 */
import { BatchRowError } from "../errors/batch";

export type SerializedError =
  | {
      kind: "row";
      reason: string;
      file: string;
      line: number;
      column?: number;
      pointer?: string;
      fix?: string;
      cause?: { name: string; message: string; code?: string };
    }
  | { kind: "other"; name: string; message: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof BatchRowError) {
    const cause = error.cause as { name?: string; message?: string; code?: string } | undefined;
    return {
      kind: "row",
      reason: error.reason,
      file: error.file,
      line: error.line,
      column: error.location?.column,
      pointer: error.location?.pointer,
      fix: error.fix,
      cause: cause ? { name: String(cause.name), message: String(cause.message), code: cause.code } : undefined,
    };
  }
  const e = error as Error;
  return { kind: "other", name: e?.name ?? "Error", message: e?.message ?? String(error), stack: e?.stack };
}

export function deserializeError(data: SerializedError): Error {
  if (data.kind === "row") {
    let cause: Error | undefined;
    if (data.cause) {
      cause = new Error(data.cause.message);
      cause.name = data.cause.name;
      if (data.cause.code) Object.assign(cause, { code: data.cause.code });
    }
    return new BatchRowError(data.reason, { ...data, cause });
  }
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
