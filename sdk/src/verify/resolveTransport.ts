/**
 * Turns the `rpc` option of `verifyCredentials` into one read transport per chain. Internal.
 */
import { createReadTransport } from "../chain/transport/createReadTransport";
import type { Eip1193Provider, ReadTransport, RpcEndpointInput } from "../chain/transport/types";
import type { Caip2ChainId } from "../types";
import type { ChainRpcConfig, ChainRpcInput, VerifyOptions } from "./types";

/** One transport per chain for one verification run; `undefined` when the chain has no RPC configured. */
export class TransportRegistry {
  private readonly transports = new Map<string, ReadTransport | undefined>();

  constructor(private readonly rpc: VerifyOptions["rpc"]) {}

  /** The chain's transport; throws VerifyOptionsError when its configuration is unusable. */
  get(chain: Caip2ChainId): ReadTransport | undefined {
    if (this.transports.has(chain)) return this.transports.get(chain);
    const input = this.rpc?.[chain];
    const transport = input === undefined ? undefined : toTransport(chain, input);
    this.transports.set(chain, transport);
    return transport;
  }
}

/**
 * The read transport for one chain's `rpc` entry.
 *
 * @example
 * toTransport("eip155:31337", ["http://127.0.0.1:8545", "http://127.0.0.1:8546"])
 */
export function toTransport(chain: Caip2ChainId, input: ChainRpcInput): ReadTransport {
  if (isReadTransport(input)) return input;
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
