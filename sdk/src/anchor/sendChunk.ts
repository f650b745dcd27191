/** Node-only: prepares, journals (before broadcasting) and sends one anchor/anchorMany transaction. */
import { NoAccountError, RootAlreadyAnchoredError } from "../errors/registry";
import { prepareRegistryTransaction } from "../chain/transaction/prepareRegistryTransaction";
import { sendPreparedTransaction } from "../chain/transaction/sendPreparedTransaction";
import { isoNow, writeJournal, type AnchorJournal, type JournalAttempt } from "./journal";
import { newJournal, type BatchState, type SettleContext } from "./anchorState";
import type { PlannedChunk } from "./planChunks";

/**
 * Sends one transaction anchoring the roots of `chunk` (`anchor` for one root, `anchorMany` for
 * several), with `replace`'s nonce and minimum fees when it replaces a dropped attempt. Each batch's
 * journal holds the attempt, fsynced, before the transaction is broadcast. Returns without sending when
 * the simulation finds a root anchored meanwhile (the next round records it).
 */
export async function sendChunk(
  chunk: BatchState[],
  replace: PlannedChunk<BatchState>["replace"],
  ctx: SettleContext,
): Promise<void> {
  const { client, registry } = ctx;
  if (!client.account) throw new NoAccountError("anchorBatch");
  const functionName = chunk.length === 1 ? "anchor" : "anchorMany";
  const roots = chunk.map((s) => s.root);
  const args =
    functionName === "anchor"
      ? [chunk[0].root, BigInt(chunk[0].leafCount), ctx.uri ?? ""]
      : [roots, chunk.map((s) => BigInt(s.leafCount))];
  let prepared;
  try {
    prepared = await prepareRegistryTransaction(client, {
      registry,
      functionName,
      args,
      nonce: replace?.nonce,
      minFees: replace?.minFees,
    });
  } catch (error) {
    // Someone anchored one of the roots since we read it: the next round records it.
    if (error instanceof RootAlreadyAnchoredError) return;
    throw error;
  }
  const attempt: JournalAttempt = {
    functionName,
    roots,
    nonce: prepared.nonce,
    gas: prepared.gas.toString(),
    maxFeePerGas: prepared.maxFeePerGas.toString(),
    maxPriorityFeePerGas: prepared.maxPriorityFeePerGas.toString(),
    createdAt: isoNow(),
  };
  const from = prepared.from;
  const journals = chunk.map((state) => {
    const journal =
      state.journal && state.journal.state !== "done" ? state.journal : newJournal(state, client.chain, registry, from);
    journal.from = from;
    state.journal = journal;
    return journal;
  });
  const saveAll = (state: AnchorJournal["state"]) =>
    Promise.all(
      chunk.map((s, i) => {
        journals[i].state = state;
        return writeJournal(s.batchDir, journals[i]);
      }),
    );
  const { hash } = await sendPreparedTransaction(client, prepared, {
    beforeBroadcast: async ({ hash, raw }) => {
      if (hash) attempt.hash = hash;
      if (raw) attempt.raw = raw;
      for (const journal of journals) journal.attempts.push({ ...attempt });
      await saveAll("sending");
      ctx.onCheckpoint?.("anchor:journal-sending");
    },
  });
  ctx.onCheckpoint?.("anchor:after-broadcast");
  for (const journal of journals) {
    const last = journal.attempts[journal.attempts.length - 1];
    last.hash = hash;
  }
  await saveAll("sent");
  ctx.onCheckpoint?.("anchor:journal-sent");
  for (const state of chunk) state.sentHashes.add(hash.toLowerCase());
  await ctx.emit({
    type: "sent",
    transactionHash: hash,
    nonce: prepared.nonce,
    roots,
    batchDirs: chunk.map((s) => s.batchDir),
    replacesNonce: replace !== undefined,
  });
}
