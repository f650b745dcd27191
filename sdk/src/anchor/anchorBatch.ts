import { anchorBatches, type AnchorBatchOptions, type AnchorBatchResult } from "./anchorBatches";

/**
 * Anchors one batch directory and writes the anchor record (chain as CAIP-2, registry, transaction,
 * block, time) into manifest.json and every credential's proof entry. Node-only.
 *
 * Checks the endpoint's chain id; records a root that is already on chain instead of sending again;
 * otherwise simulates, sends with EIP-1559 fees, journals the transaction in
 * `anchor.journal.json` before waiting, waits for `confirmations` (default per network, see
 * `defaultConfirmations`), and rewrites the files atomically. Killed at any point and run again, it
 * finishes without a second transaction (see `anchorBatches` for the reasoning).
 *
 * @example
 * const client = createRegistryClient({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", account: { privateKey } });
 * const { anchor, outcome } = await anchorBatch("out/cohort-2026", {
 *   client,
 *   registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
 *   onProgress: (e) => e.type === "files" && process.stdout.write(`\r${e.done}/${e.total}`),
 * });
 * console.log(outcome, anchor.transactionHash); // "sent" 0x…
 */
export async function anchorBatch(batchDir: string, options: AnchorBatchOptions): Promise<AnchorBatchResult> {
  const [result] = await anchorBatches([batchDir], options);
  return result;
}
