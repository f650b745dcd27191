import { BaseError } from "../../errors/base";
import { NoEndpointAvailableError, QuorumError, RpcResponseError } from "../../errors/verify";
import type { Caip2ChainId } from "../../types";
import type { CheckName, CheckResult } from "../types";
import { checkResult } from "../verdict";

/** An `error` result that says which chain could not be read and why. */
export function rpcErrorResult(check: CheckName, chain: Caip2ChainId, error: unknown): CheckResult {
  if (error instanceof QuorumError) {
    return checkResult(check, "error", "RPC_QUORUM_NOT_REACHED", `${error.shortMessage}; the result is undecided.`, {
      chain,
      k: error.k,
      n: error.n,
      answers: error.answers,
    });
  }
  if (error instanceof NoEndpointAvailableError) {
    return checkResult(
      check,
      "error",
      "RPC_UNAVAILABLE",
      `The chain ${chain} could not be reached (${error.problems.map((p) => `${p.endpoint}: ${p.reason}`).join("; ") || "no endpoint"}); the result is undecided.`,
      { chain, problems: error.problems },
    );
  }
  if (error instanceof RpcResponseError) {
    return checkResult(check, "error", "RPC_ERROR", `${error.shortMessage}; the result is undecided.`, {
      chain,
      rpcCode: error.rpcCode,
    });
  }
  if (error instanceof BaseError) {
    return checkResult(check, "error", "RPC_ERROR", `${error.shortMessage}; the result is undecided.`, { chain });
  }
  // Not an SDK error: a bug somewhere below. Still undecided, never invalid; the message says what it was.
  return checkResult(
    check,
    "error",
    "RPC_ERROR",
    `Reading ${chain} failed unexpectedly: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    { chain },
  );
}
