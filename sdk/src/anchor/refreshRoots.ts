/** Node-only: reads the registry's record of each batch root not yet known to be on chain. */
import { LeafCountMismatchError } from "../errors/anchor";
import { getBatch } from "../chain/actions/getBatch";
import type { BatchState, SettleContext } from "./anchorState";

/**
 * Reads each open root's record (`batch(root)`) and sets `onChain` on those anchored; throws
 * `LeafCountMismatchError` when a root is on chain with another leaf count than its manifest's.
 */
export async function refreshRoots(
  states: BatchState[],
  ctx: Pick<SettleContext, "client" | "registry">,
): Promise<void> {
  await Promise.all(
    states
      .filter((s) => !s.onChain)
      .map(async (state) => {
        const batch = await getBatch(ctx.client, { registry: ctx.registry, root: state.root });
        if (!batch.anchored) return;
        if (batch.leafCount !== state.leafCount) {
          throw new LeafCountMismatchError({
            root: state.root,
            manifest: state.leafCount,
            onChain: batch.leafCount,
            file: state.loaded.file,
          });
        }
        state.onChain = batch;
      }),
  );
}
