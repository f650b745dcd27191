import type { Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

export interface AnchorParameters extends WriteOptions {
  root: Hex;
  leafCount: number | bigint;
  /** Where the batch manifest can be found; emitted in `BatchUriPublished`, not stored. */
  uri?: string;
}

/**
 * Anchors one batch root (`anchor(root, leafCount, uri)`); the sender needs `ISSUER_ROLE`.
 * For a batch directory use `anchorBatch`, which is resumable and writes the anchor record.
 *
 * @example
 * const { events } = await anchor(client, { registry, root, leafCount: 100 });
 * // events[0]: { eventName: "BatchAnchored", args: { root, leafCount: 100n } }
 */
export function anchor(client: RegistryClient, parameters: AnchorParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, {
    ...parameters,
    functionName: "anchor",
    args: [parameters.root, BigInt(parameters.leafCount), parameters.uri ?? ""],
  });
}
