/**
 * Reads the number of the block a tag names (`finalized`, `safe`) through a read transport. The
 * I/O half of the finality decision (`decideFinality` is the pure half).
 */
import { NoEndpointAvailableError, RpcResponseError } from "../errors/verify";
import type { FinalityTag } from "./finality";
import type { ReadTransport } from "./transport/types";

/**
 * The number of the block `tag` names, or undefined when the endpoint does not serve the tag (it
 * answers with a JSON-RPC error, or with no block: an old node, a chain without the notion, a chain
 * that has finalized nothing yet). Network failures and quorum failures are thrown: they leave the
 * question undecided, they do not mean "no tag".
 *
 * @example
 * const finalized = await readTaggedBlock(transport, "finalized"); // 21_480_112n, or undefined
 */
export async function readTaggedBlock(transport: ReadTransport, tag: FinalityTag): Promise<bigint | undefined> {
  let block: unknown;
  try {
    block = await transport.request("eth_getBlockByNumber", [tag, false], {
      // Compare only the number across endpoints (a quorum): the rest of a block is not needed.
      normalize: (result) => blockNumberOf(result)?.toString() ?? "none",
    });
  } catch (error) {
    if (error instanceof RpcResponseError || answeredWithoutTag(error)) return undefined;
    throw error;
  }
  return blockNumberOf(block);
}

/**
 * True when every endpoint answered, with a JSON-RPC error that is not a rate limit ("unknown block",
 * "invalid block tag": the transport treats those as "ask another endpoint"). A node that does not
 * know the tag says so this way; a network failure or a timeout is not such an answer.
 */
function answeredWithoutTag(error: unknown): boolean {
  if (!(error instanceof NoEndpointAvailableError) || error.problems.length === 0) return false;
  return error.problems.every(
    (problem) => /\(-\d+\)$/.test(problem.reason) && !/\(-32005\)$|rate limit|too many requests/i.test(problem.reason),
  );
}

function blockNumberOf(block: unknown): bigint | undefined {
  if (typeof block !== "object" || block === null) return undefined;
  const number = (block as { number?: unknown }).number;
  return typeof number === "string" && /^0x[0-9a-fA-F]+$/.test(number) ? BigInt(number) : undefined;
}
