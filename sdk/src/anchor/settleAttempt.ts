/** Node-only: waits until a journaled anchoring attempt is decided, doing the reads `classifyAttempt` asks for. */
import type { Address } from "../types";
import { BaseError } from "../errors/base";
import { RpcRequestFailedError } from "../errors/registry";
import { AnchorTimeoutError } from "../errors/anchor";
import { createDeadline, sleep } from "../chain/deadline";
import { broadcastRaw } from "../chain/transaction/sendPreparedTransaction";
import type { JournalAttempt } from "./journal";
import { DEFAULT_TIMEOUT_MS, type BatchState, type SettleContext } from "./anchorState";
import { classifyAttempt, type AttemptFacts, type AttemptStep } from "./classifyAttempt";
import { refreshRoots } from "./refreshRoots";

/**
 * Waits until a journaled attempt is decided: its roots are on chain (whoever put them there), it
 * reverted, its nonce was taken by another transaction, or it was dropped (then it is broadcast again
 * from its signed bytes, or its nonce is marked for reuse on each batch of `group`). Throws
 * `AnchorTimeoutError` if it stays pending longer than `timeoutMs`.
 */
export async function settleAttempt(
  attempt: JournalAttempt,
  from: Address,
  group: BatchState[],
  ctx: SettleContext,
): Promise<void> {
  const { client } = ctx;
  const publicClient = client.publicClient;
  const deadline = createDeadline(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const droppedAfterMs = ctx.droppedAfterMs ?? (client.chainId === 31337 ? 1_000 : 60_000);
  let unknownSince: number | undefined;
  let rebroadcast = false;
  let announced = false;

  const read = async (fact: keyof AttemptFacts): Promise<AttemptFacts> => {
    switch (fact) {
      case "rootsOnChain":
        await refreshRoots(group, ctx);
        return { rootsOnChain: group.every((s) => s.onChain) };
      case "receipt": {
        const receipt = await orNull(publicClient.getTransactionReceipt({ hash: attempt.hash! }));
        return { receipt: receipt && { status: receipt.status } };
      }
      case "known":
        return { known: (await orNull(publicClient.getTransaction({ hash: attempt.hash! }))) !== null };
      case "latestCount":
        return { latestCount: await publicClient.getTransactionCount({ address: from, blockTag: "latest" }) };
      case "pendingCount":
        return { pendingCount: await publicClient.getTransactionCount({ address: from, blockTag: "pending" }) };
    }
  };
  const decide = (facts: AttemptFacts): AttemptStep =>
    classifyAttempt(attempt, facts, {
      now: Date.now(),
      waitedMs: deadline.elapsed(),
      timeoutMs: deadline.timeoutMs,
      droppedAfterMs,
      unknownSince,
      rebroadcast,
    });

  for (;;) {
    let facts: AttemptFacts = {};
    let step = decide(facts);
    while (step.type === "read") {
      facts = { ...facts, ...(await read(step.fact)) };
      step = decide(facts);
    }
    switch (step.type) {
      case "anchored":
      case "reverted": // the roots are read again by the caller, the rest resent
        return;
      case "timeout":
        throw new AnchorTimeoutError({
          transactionHash: step.transactionHash,
          waitedMs: step.waitedMs,
          state: step.state,
        });
      case "replaced":
        await refreshRoots(group, ctx);
        return;
      case "wait":
        unknownSince = step.unknownSince;
        if (step.reason === "pending" && !announced) {
          announced = true;
          await ctx.emit({
            type: "waiting",
            transactionHash: attempt.hash,
            nonce: attempt.nonce,
            roots: attempt.roots,
          });
          // The deadline is checked again after the announcement, as a slow progress sink takes time.
          if (deadline.overdue()) {
            throw new AnchorTimeoutError({
              transactionHash: attempt.hash,
              waitedMs: deadline.elapsed(),
              state: "is still pending",
            });
          }
        }
        await sleep(publicClient.pollingInterval);
        continue;
      case "rebroadcast":
        rebroadcast = true;
        try {
          await broadcastRaw(client, attempt.raw!, {
            functionName: attempt.functionName,
            action: "broadcast the journaled transaction again",
          });
          unknownSince = undefined;
          continue;
        } catch (error) {
          if (!(error instanceof BaseError)) throw error;
          // e.g. fees below the current base fee: a replacement with the same nonce.
        }
        break;
      case "dropped":
        break;
    }
    for (const state of group) {
      state.reuse = {
        from,
        nonce: attempt.nonce,
        maxFeePerGas: BigInt(attempt.maxFeePerGas),
        maxPriorityFeePerGas: BigInt(attempt.maxPriorityFeePerGas),
      };
    }
    return;
  }
}

/** The value, or null when the node does not know the transaction; other failures are RPC errors. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Error && /NotFoundError$/.test(error.name)) return null;
    throw new RpcRequestFailedError({ action: "look up the anchoring transaction", cause: error });
  }
}
