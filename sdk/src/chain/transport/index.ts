/** The read transport: several RPC endpoints per chain with failover and an optional quorum. */
export { createReadTransport } from "./createReadTransport";
export { readTransportClient } from "./readTransportClient";
export { parseCaip2 } from "../caip2";
export { createRpcEndpoint, redactUrl, type RpcEndpoint } from "./rpcEndpoint";
export type {
  Eip1193Provider,
  EndpointState,
  QuorumOptions,
  ReadTransport,
  ReadTransportOptions,
  RequestOptions,
  RpcEndpointInput,
  RpcStats,
} from "./types";
