import { createDohResolveTxt, createIdentityResolver, verifyCredential, type Caip2ChainId } from "../../sdk/src/index";
import type { CheckProgress, VerificationOutcome } from "./types";

export interface VerifyInPageOptions {
  /** Where the credential came from (a file name, "link"), for the SDK's messages. */
  file?: string;
  /** The chain the proof names (CAIP-2), if it names one. */
  chain?: Caip2ChainId;
  /** Endpoints for that chain, in failover order. */
  rpcUrls: string[];
  /** DNS-over-HTTPS endpoint for the issuer's TXT record, or `off` (did:web only). */
  doh: string;
  /** Called as each check starts and finishes. */
  onCheck(progress: CheckProgress): void;
}

/**
 * Runs the SDK's verification pipeline on one credential (parsed, or its JSON text) with the page's settings: RPC endpoints
 * for the credential's chain, and the issuer check's domain binding through the registry's did:web
 * document and (unless `doh` is `off`) its DNS TXT record read over DNS-over-HTTPS.
 *
 * @example
 * const outcome = await verifyInPage(credential, { chain: "eip155:31337", rpcUrls, doh, onCheck });
 */
export async function verifyInPage(credential: unknown, options: VerifyInPageOptions): Promise<VerificationOutcome> {
  const rpc: Partial<Record<Caip2ChainId, string[]>> = {};
  if (options.chain && options.rpcUrls.length > 0) rpc[options.chain] = options.rpcUrls;
  const identityResolver = createIdentityResolver(
    options.doh === "off" ? {} : { resolveTxt: createDohResolveTxt({ url: options.doh }) },
  );
  return verifyCredential(credential, {
    file: options.file,
    rpc,
    identityResolver,
    onCheck: (event) => options.onCheck({ check: event.check, phase: event.phase, result: event.result }),
  });
}
