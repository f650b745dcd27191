/** The service's HTTP errors: one JSON body for every error answer, whoever raised it. */
import type { FastifyError } from "fastify";

/** An HTTP error the service answers with: status, a stable code, one sentence. */
export class ServeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ServeError";
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  status: number;
  [key: string]: unknown;
}

/** `work`, or a 503 TIMEOUT once `ms` have passed (the work itself is not cancelled). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServeError(503, "TIMEOUT", `No verdict within ${ms / 1000} s; retry later.`, {}, 1)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Any error as the JSON body the service answers with. */
export function toErrorBody(error: FastifyError | ServeError | Error): ErrorBody {
  if (error instanceof ServeError) {
    return { code: error.code, message: error.message, status: error.statusCode, ...error.extra };
  }
  const e = error as FastifyError;
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        code: "BODY_TOO_LARGE",
        message: "The request body is larger than this endpoint accepts (see docs/SERVE.md, limits).",
        status: 413,
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON with Content-Type: application/json.", status: 415 };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        code: "EMPTY_BODY",
        message: "The request has no body: send JSON with Content-Type: application/json.",
        status: 400,
      };
    case "FST_ERR_BAD_URL":
      return { code: "BAD_URL", message: "The URL does not decode (a malformed %-escape).", status: 400 };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { code: "INVALID_CONTENT_LENGTH", message: "The Content-Length does not match the body.", status: 400 };
  }
  const status = typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500)
    return { code: "INTERNAL", message: "The service failed to answer (a bug; see its log).", status };
  return { code: e.code ?? "BAD_REQUEST", message: e.message, status };
}
