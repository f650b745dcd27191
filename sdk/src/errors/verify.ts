/**
 * Errors of the reading side of the chain (RPC transport) and of the verification pipeline.
 *
 * The verification pipeline never throws these at its caller for a credential: it turns them into a
 * check with status `error`. They are thrown by the read transport (`createReadTransport`) and by
 * option validation, so a caller that uses the transport directly can tell a request that failed on
 * every endpoint (`NoEndpointAvailableError`, with each endpoint's `RpcEndpointError` or
 * `ChainMismatchError` as a problem and the last one as its `cause`) from a real answer of the node
 * (`RpcResponseError`).
 */
import { BaseError } from "./base";
import { RpcRequestFailedError } from "./registry";

/** What went wrong with one attempt at one endpoint. */
export type RpcFailureKind = "network" | "timeout" | "http" | "rate-limit" | "unavailable" | "bad-response";

/**
 * One endpoint could not answer: connection refused, timeout, HTTP 5xx or 429, a body that is not
 * JSON-RPC, a node that does not have the requested block yet. Retried with backoff, then the next
 * endpoint is tried. It is one level below `RpcRequestFailedError` (a whole request failing): the
 * read transport never throws it on its own; when no endpoint answers, the request fails with
 * `NoEndpointAvailableError` (an `RpcRequestFailedError`) whose `cause` is the last endpoint's error.
 *
 * @example
 * try {
 *   await transport.request("eth_blockNumber");
 * } catch (error) {
 *   const failed = error instanceof BaseError ? error.walk((e) => e instanceof RpcEndpointError) : undefined;
 *   if (failed instanceof RpcEndpointError) console.log(failed.endpoint, failed.kind);
 * }
 */
export class RpcEndpointError extends BaseError {
  override name = "RpcEndpointError";
  readonly endpoint: string;
  readonly kind: RpcFailureKind;
  readonly method: string;
  readonly httpStatus?: number;

  constructor(args: {
    endpoint: string;
    method: string;
    kind: RpcFailureKind;
    reason: string;
    httpStatus?: number;
    cause?: unknown;
  }) {
    super(`RPC endpoint ${args.endpoint} did not answer ${args.method}: ${args.reason}`, {
      code: "RPC_ENDPOINT_FAILED",
      cause: args.cause,
      fix: "Check that the endpoint is reachable, or give more RPC URLs for this chain (failover).",
      docsPath: "SPEC.md#7-verification",
    });
    this.endpoint = args.endpoint;
    this.kind = args.kind;
    this.method = args.method;
    this.httpStatus = args.httpStatus;
  }
}

/**
 * The node answered with a JSON-RPC error (a revert, an invalid parameter...). That is a real answer:
 * it is neither retried nor sent to another endpoint.
 *
 * @example
 * if (error instanceof RpcResponseError && error.rpcCode === 3) console.log("reverted", error.data);
 */
export class RpcResponseError extends BaseError {
  override name = "RpcResponseError";
  readonly endpoint: string;
  readonly method: string;
  readonly rpcCode: number;
  /** The node's own message, as it gave it (the error's message adds the method, endpoint and code). */
  readonly rpcMessage: string;
  readonly data?: unknown;

  constructor(args: { endpoint: string; method: string; rpcCode: number; rpcMessage: string; data?: unknown }) {
    super(`${args.method} on ${args.endpoint} failed: ${args.rpcMessage} (JSON-RPC error ${args.rpcCode})`, {
      code: "RPC_ERROR_RESPONSE",
      docsPath: "SPEC.md#7-verification",
    });
    this.endpoint = args.endpoint;
    this.method = args.method;
    this.rpcCode = args.rpcCode;
    this.rpcMessage = args.rpcMessage;
    this.data = args.data;
  }
}

/** Why an endpoint of a chain was not used. */
export interface EndpointProblem {
  endpoint: string;
  reason: string;
}

/**
 * No endpoint of the chain could answer: all of them failed (after retries) or were skipped
 * (wrong chain id). The read transport's form of `RpcRequestFailedError`: `problems` names every
 * endpoint and why, and `cause` is the last endpoint's `RpcEndpointError` (or `ChainMismatchError`).
 *
 * @example
 * if (error instanceof NoEndpointAvailableError) console.table(error.problems);
 */
export class NoEndpointAvailableError extends RpcRequestFailedError {
  override name = "NoEndpointAvailableError";
  readonly chain: string;
  readonly method: string;
  readonly problems: EndpointProblem[];

  constructor(args: { chain: string; method: string; problems: EndpointProblem[]; cause?: unknown }) {
    const list = args.problems.map((problem) => `${problem.endpoint}: ${problem.reason}`).join("; ");
    super({
      shortMessage: `no RPC endpoint for ${args.chain} could answer ${args.method}`,
      code: "RPC_NO_ENDPOINT_AVAILABLE",
      details: list ? `Endpoints tried: ${list}` : "No endpoint is configured for this chain.",
      fix: `Check the RPC URLs for ${args.chain}, or add another endpoint for failover.`,
      cause: args.cause,
      docsPath: "SPEC.md#7-verification",
    });
    this.chain = args.chain;
    this.method = args.method;
    this.problems = args.problems;
  }
}

/** One endpoint's answer in a quorum read. */
export interface QuorumAnswer {
  endpoint: string;
  /** The normalised answer (what was compared), or the failure. */
  answer?: string;
  error?: string;
}

/**
 * Fewer than `k` of the `n` endpoints asked returned the same result.
 *
 * @example
 * if (error instanceof QuorumError) for (const a of error.answers) console.log(a.endpoint, a.answer ?? a.error);
 */
export class QuorumError extends BaseError {
  override name = "QuorumError";
  readonly chain: string;
  readonly method: string;
  readonly k: number;
  readonly n: number;
  readonly answers: QuorumAnswer[];

  constructor(args: { chain: string; method: string; k: number; n: number; answers: QuorumAnswer[] }) {
    const best = bestAgreement(args.answers);
    super(
      `RPC quorum not reached on ${args.chain} for ${args.method}: ${best} of ${args.answers.length} endpoints agree, ${args.k} required`,
      {
        code: "RPC_QUORUM_NOT_REACHED",
        details: args.answers
          .map((a) => `${a.endpoint}: ${a.error ? `failed (${a.error})` : abbreviate(a.answer ?? "")}`)
          .join("; "),
        fix: "One of the endpoints is out of sync or dishonest; compare them, or lower the quorum.",
        docsPath: "SPEC.md#7-verification",
      },
    );
    this.chain = args.chain;
    this.method = args.method;
    this.k = args.k;
    this.n = args.n;
    this.answers = args.answers;
  }
}

function bestAgreement(answers: QuorumAnswer[]): number {
  const counts = new Map<string, number>();
  for (const { answer } of answers) if (answer !== undefined) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The options given to `verifyCredential(s)` or `createReadTransport` are not usable.
 *
 * @example
 * new VerifyOptionsError("quorum.k must be between 1 and quorum.n", { pointer: "/quorum/k" })
 */
export class VerifyOptionsError extends BaseError {
  override name = "VerifyOptionsError";
  constructor(message: string, args: { pointer?: string; fix?: string } = {}) {
    super(message, {
      code: "VERIFY_OPTIONS_INVALID",
      location: args.pointer === undefined ? undefined : { pointer: args.pointer },
      fix: args.fix,
      docsPath: "SPEC.md#7-verification",
    });
  }
}

/**
 * A credential file (or folder) given to `verifyCredentialFiles` cannot be read.
 *
 * @example
 * new CredentialFileError("credentials/ada-lovelace-cc37a8.json", "no such file")
 */
export class CredentialFileError extends BaseError {
  override name = "CredentialFileError";
  readonly file: string;
  constructor(file: string, reason: string, cause?: unknown) {
    super(`cannot read ${file}: ${reason}`, {
      code: "VERIFY_FILE_UNREADABLE",
      location: { file },
      fix: "Check the path; give credential JSON files, or a batch directory (with manifest.json), or a folder of JSON files.",
      cause,
    });
    this.file = file;
  }
}
