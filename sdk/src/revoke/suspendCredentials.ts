import type { Hex } from "../types";
import {
  changeCredentialStatus,
  type ChangeCredentialStatusOptions,
  type CredentialStatusChangeResult,
} from "./changeCredentialStatus";
import { resolveTargets, type CredentialTarget } from "./resolveTargets";

/**
 * Suspends credentials (reversible with `reinstateCredentials`), given as credential file paths or `{ root, index }`. Groups them by batch, builds
 * word masks, skips credentials already in that state (safe to retry: a second run sends nothing),
 * and splits the work into transactions under the gas budget (default 10M of the 16,777,216 cap).
 * `reason` is a short code of at most 31 UTF-8 bytes (see `encodeReason`). Node-only (reads files);
 * `changeCredentialStatus` is the browser-safe core.
 *
 * @example
 * await suspendCredentials(["out/batch/credentials/grace-hopper-5d41e0.json"], "under-review", { client, registry });
 */
export async function suspendCredentials(
  targets: readonly CredentialTarget[],
  reason: string | Hex,
  options: ChangeCredentialStatusOptions,
): Promise<CredentialStatusChangeResult> {
  const refs = await resolveTargets(targets, { registry: options.registry, chain: options.client.chain });
  return changeCredentialStatus("suspend", refs, reason, options);
}
