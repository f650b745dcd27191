import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";
import { encodeReason } from "../reason";
import type { BitmapWriteParameters } from "./bitmapWriteParameters";

/**
 * Revokes single credentials, permanently, by setting their revoked bits (`revoke(root, wordIndices, masks, reason)`); the sender needs `REVOKER_ROLE`.
 * Word `w` holds credentials `256w` to `256w + 255`, credential `i` at bit `i & 255`.
 * Idempotent on chain: bits already in the requested state are skipped and not reported again.
 * For credentials by file or index, with transactions split under the gas cap, use `revokeCredentials`.
 *
 * @example
 * // credentials 3 and 300 of a batch
 * await revoke(client, { registry, root, wordIndices: [0n, 1n], masks: [1n << 3n, 1n << 44n], reason: "superseded" });
 */
export function revoke(client: RegistryClient, parameters: BitmapWriteParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "revoke",
    args: [
      parameters.root,
      parameters.wordIndices.map(BigInt),
      parameters.masks.map(BigInt),
      encodeReason(parameters.reason),
    ],
  });
}
