import type { Hex } from "../types";
import {
  changeCredentialStatus,
  type ChangeCredentialStatusOptions,
  type CredentialStatusChangeResult,
} from "./changeCredentialStatus";
import { resolveTargets, type CredentialTarget } from "./resolveTargets";

/**
 * Revokes credentials, permanently, given as credential file paths or `{ root, index }`. Groups them by batch, builds
 * word masks, skips credentials already in that state (safe to retry: a second run sends nothing),
 * and splits the work into transactions under the gas budget (default 10M of the 16,777,216 cap).
 * `reason` is a short code of at most 31 UTF-8 bytes (see `encodeReason`). Node-only (reads files);
 * `changeCredentialStatus` is the browser-safe core.
 *
 * @example
 * await revokeCredentials(["out/batch/credentials/grace-hopper-5d41e0.json", { root, index: 7 }], "issued-in-error", { client, registry });
 */
export async function revokeCredentials(
  targets: readonly CredentialTarget[],
  reason: string | Hex,
  options: ChangeCredentialStatusOptions,
): Promise<CredentialStatusChangeResult> {
  const refs = await resolveTargets(targets, { registry: options.registry, chain: options.client.chain });
  return changeCredentialStatus("revoke", refs, reason, options);
}
