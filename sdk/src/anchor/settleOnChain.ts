/** Node-only: gets every batch root on chain, settling journaled attempts before sending anything new. */
import { AnchorNotSettledError, AnchorProposalPendingError, StaleAnchorRecordError } from "../errors/anchor";
import type { BatchState, SettleContext } from "./anchorState";
import { openAttempts } from "./classifyAttempt";
import { planChunks } from "./planChunks";
import { refreshRoots } from "./refreshRoots";
import { sendChunk } from "./sendChunk";
import { settleAttempt } from "./settleAttempt";

/** Rounds of settle-then-send before giving up with `AnchorNotSettledError`. */
const MAX_ROUNDS = 6;

/**
 * Gets every root of `states` on chain: reads the chain, refuses a stale record or an open Safe
 * proposal, then per round settles the journaled attempts and sends what is still missing.
 */
export async function settleOnChain(states: BatchState[], ctx: SettleContext): Promise<void> {
  await refreshRoots(states, ctx);
  for (const state of states) {
    await ctx.emit({
      type: "checked",
      batchDir: state.batchDir,
      root: state.root,
      onChain: state.onChain !== undefined,
    });
    const recorded = state.loaded.manifest.anchor;
    if (recorded && !state.onChain && !ctx.allowReanchor) {
      throw new StaleAnchorRecordError({
        root: state.root,
        transactionHash: recorded.transactionHash,
        file: state.loaded.file,
      });
    }
  }
  // A batch proposed to a Safe is the Safe's to anchor: never send a transaction of our own for it.
  const proposed = states.filter((s) => !s.onChain && s.journal?.state === "proposed" && s.journal.proposal);
  if (proposed.length > 0) {
    const proposal = proposed[0].journal!.proposal!;
    throw new AnchorProposalPendingError({
      safe: proposal.safe,
      file: proposal.file,
      createdAt: proposal.createdAt,
      roots: proposed.map((s) => s.root),
      batchDirs: proposed.map((s) => s.batchDir),
    });
  }
  let attempts = 0;
  for (let round = 0; ; round++) {
    const open = states.filter((s) => !s.onChain);
    if (open.length === 0) return;

    // Settle the last journaled attempt of each open batch (several batches may share one).
    for (const { attempt, from, states: group } of openAttempts(open)) {
      await settleAttempt(attempt, from, group, ctx);
    }
    await refreshRoots(open, ctx);
    const toSend = open.filter((s) => !s.onChain);
    if (toSend.length === 0) return;
    if (round >= MAX_ROUNDS) throw new AnchorNotSettledError({ roots: toSend.map((s) => s.root), attempts });

    const chunks = planChunks(toSend, {
      maxRootsPerTransaction: ctx.maxRootsPerTransaction,
      account: ctx.client.account?.address,
    });
    for (const chunk of chunks) {
      await sendChunk(chunk.states, chunk.replace, ctx);
      attempts++;
    }
    for (const state of toSend) state.reuse = undefined;
  }
}
