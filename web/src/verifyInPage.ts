import { verifyCredential, type Caip2ChainId } from "../../sdk/src/index";
import type { CheckProgress, VerificationOutcome } from "./types";

export interface VerifyInPageOptions {
  /** The chain the proof names (CAIP-2), if it names one. */
  chain?: Caip2ChainId;
  /** Endpoints for that chain, in failover order. */
  rpcUrls: string[];
  /** Called as each check starts and finishes. */
  onCheck(progress: CheckProgress): void;
}

/**
 * Runs the SDK's verification pipeline on one credential, with the page's RPC settings. The issuer
 * check compares the registry's on-chain profile with the credential's issuer (no DNS from a browser).
 *
 * @example
 * const outcome = await verifyInPage(credential, { chain: "eip155:31337", rpcUrls, onCheck });
 */
export async function verifyInPage(credential: unknown, options: VerifyInPageOptions): Promise<VerificationOutcome> {
  const rpc: Partial<Record<Caip2ChainId, string[]>> = {};
  if (options.chain && options.rpcUrls.length > 0) rpc[options.chain] = options.rpcUrls;
  return verifyCredential(credential, {
    rpc,
    onCheck: (event) => options.onCheck({ check: event.check, phase: event.phase, result: event.result }),
  });
}
