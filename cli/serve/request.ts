/** What a verify request sends: its JSON body (strictly parsed) and its `options` (only narrowing, never trust). */
import { type ErrorLocation, JSON_RULE_ERROR_CODE, MAX_NESTING_DEPTH, parseCredentialJson } from "../../sdk/src/node";
import type { BodyLease } from "./batchBody";
import { ServeError } from "./serveError";
import type { ArrivalHeads } from "./verifier";

/** What a request may ask (`options` of the VC API request): only narrowing, never trust. */
export interface RequestOptions {
  /** Statuses no older than this, ms (at most the operator's TTL; 0: read now). */
  maxAgeMs?: number;
  /** false: skip reading revocation reasons (faster); default true. */
  statusReasons?: boolean;
}

const REQUEST_OPTION_NAMES = ["maxStatusAge", "statusReasons"] as const;

/**
 * A verify-batch body as received (its bytes, in a buffer of the pool's: batchBody.ts), for the
 * handler to split (splitBatchBody) or to decode and parse whole.
 */
export class BatchBodyBytes {
  private held = true;

  constructor(
    readonly bytes: Buffer,
    /** The pool's lease of the buffer under `bytes`, given back when the request lets go. */
    readonly lease?: BodyLease,
    /** The chains' heads, read as the body began to arrive and, if needed, at its last byte (Verifier.readHeads, refreshHeads). */
    readonly heads?: ArrivalHeads,
    /** When its last byte was received (`performance.now()`), for `credanchor_batch_after_body_seconds`. */
    readonly receivedAt = performance.now(),
  ) {}

  /** The request lets go of its body's buffer (once: later calls do nothing). */
  letGo(): void {
    if (!this.held) return;
    this.held = false;
    this.lease?.release();
  }
}

/**
 * A JSON request body with the CLI's strict parser (duplicate names, nesting, exact numbers), with the
 * envelope's own levels (`{ verifiableCredentials: [ credential ] }`) on top of a credential's 64;
 * a 400 ServeError with the line, column and pointer when it is not acceptable.
 */
export function parseRequestJson(text: string): unknown {
  try {
    return parseCredentialJson(text, { maxDepth: MAX_NESTING_DEPTH + 3, maxLength: Infinity });
  } catch (error) {
    const e = error as { shortMessage?: string; message: string; code?: string; location?: ErrorLocation };
    const at = e.location;
    const where =
      at?.line !== undefined ? ` (line ${at.line}, column ${at.column}${at.pointer ? `, at ${at.pointer}` : ""})` : "";
    throw new ServeError(
      400,
      e.code === JSON_RULE_ERROR_CODE ? "JSON_RULE" : "INVALID_JSON",
      `The request body is not acceptable JSON${where}: ${e.shortMessage ?? e.message}`,
      {
        ...(at?.line !== undefined ? { line: at.line, column: at.column } : {}),
        ...(at?.pointer !== undefined ? { pointer: at.pointer } : {}),
      },
    );
  }
}

/** The request body as an object (the content-type parser has parsed it). */
export function requestBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) {
    throw new ServeError(400, "EMPTY_BODY", "The request has no body: send JSON with Content-Type: application/json.");
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new ServeError(400, "INVALID_REQUEST", "The request body must be a JSON object.", { pointer: "" });
  }
  return body as Record<string, unknown>;
}

/**
 * The request's `options`: `maxStatusAge` (seconds; fresher statuses than the operator's TTL) and
 * `statusReasons` (false: no revocation reasons). Anything else is refused: endpoints, registries,
 * confirmations and identity policy are the operator's.
 */
export function requestOptions(value: unknown, statusTtlMs: number): RequestOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ServeError(400, "INVALID_OPTIONS", "options must be a JSON object.", { pointer: "/options" });
  }
  const options: RequestOptions = {};
  for (const [name, option] of Object.entries(value)) {
    if (name === "maxStatusAge") {
      if (typeof option !== "number" || !Number.isFinite(option) || option < 0) {
        throw new ServeError(400, "INVALID_OPTIONS", "options.maxStatusAge must be a number of seconds >= 0.", {
          pointer: "/options/maxStatusAge",
        });
      }
      options.maxAgeMs = Math.min(option * 1000, statusTtlMs);
    } else if (name === "statusReasons") {
      if (typeof option !== "boolean") {
        throw new ServeError(400, "INVALID_OPTIONS", "options.statusReasons must be true or false.", {
          pointer: "/options/statusReasons",
        });
      }
      options.statusReasons = option;
    } else {
      throw new ServeError(
        400,
        "OPTION_NOT_ALLOWED",
        `options.${name} is not accepted: a request may only set ${REQUEST_OPTION_NAMES.join(" and ")}; networks, RPC endpoints, registries, confirmations and the identity policy are the service's settings.`,
        { pointer: `/options/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` },
      );
    }
  }
  return options;
}
