import { createRegistryClient, type RegistryClient } from "../../sdk/src/chain/createRegistryClient";
import type { Hex } from "../../sdk/src/types";

/**
 * A registry client for a local Hardhat chain (31337) at `rpcUrl` (a `hardhat node` or a fault proxy
 * in front of one), signing with `privateKey`, polling fast so tests do not wait on receipts.
 */
export function localRegistryClient(rpcUrl: string, privateKey: Hex): RegistryClient {
  return createRegistryClient({ chainId: 31337, rpcUrl, account: { privateKey }, pollingInterval: 50 });
}
