/**
 * Turns the `rpc` option of `verifyCredentials` into one read transport per chain. Internal.
 */
import { createReadTransport } from "../chain/transport/createReadTransport";
import { parseCaip2 } from "../chain/caip2";
import { VerifyOptionsError } from "../errors/verify";
import type { Eip1193Provider, ReadTransport, RpcEndpointInput } from "../chain/transport/types";
import type { Caip2ChainId } from "../types";
import type { ChainRpcConfig, ChainRpcInput, VerifyOptions } from "./types";

/**
 * One transport per chain for one verification run, all built up front so that an unusable `rpc`
 * option throws `VerifyOptionsError` before anything is verified.
 */
export class TransportRegistry {
  private readonly transports = new Map<string, ReadTransport>();

  constructor(rpc: VerifyOptions["rpc"]) {
    for (const [chain, input] of Object.entries(rpc ?? {})) {
      if (input === undefined) continue;
      parseCaip2(chain);
      this.transports.set(chain, toTransport(chain as Caip2ChainId, input));
    }
  }

  /** The chain's transport; `undefined` when the chain has no RPC configured. */
  get(chain: Caip2ChainId): ReadTransport | undefined {
    return this.transports.get(chain);
  }
}

/**
 * The read transport for one chain's `rpc` entry.
 *
 * @example
 * toTransport("eip155:31337", ["http://127.0.0.1:8545", "http://127.0.0.1:8546"])
 */
export function toTransport(chain: Caip2ChainId, input: ChainRpcInput): ReadTransport {
  if (isReadTransport(input)) {
    if (input.chain !== chain) {
      throw new VerifyOptionsError(`the transport given for ${chain} reads ${input.chain}`, {
        pointer: `/rpc/${chain}`,
      });
    }
    return input;
  }
  if (typeof input === "string" || isProvider(input)) return createReadTransport({ chain, endpoints: [input] });
  if (Array.isArray(input)) return createReadTransport({ chain, endpoints: input as readonly RpcEndpointInput[] });
  const config = input as ChainRpcConfig;
  return createReadTransport({ chain, ...config });
}

function isReadTransport(value: unknown): value is ReadTransport {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ReadTransport).blockNumber === "function" &&
    typeof (value as ReadTransport).request === "function" &&
    typeof (value as ReadTransport).chain === "string"
  );
}

function isProvider(value: unknown): value is Eip1193Provider {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Eip1193Provider).request === "function" &&
    !("endpoints" in value)
  );
}
