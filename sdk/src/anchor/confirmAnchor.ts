/** Node-only: waits for an anchored root's confirmations and reads its record again before it is written. */
import type { Address, Hex } from "../types";
import { RpcRequestFailedError } from "../errors/registry";
import { AnchorEventNotFoundError, AnchorTimeoutError } from "../errors/anchor";
import type { RegistryClient } from "../chain/createRegistryClient";
import { findAnchorTransaction, type AnchorTransaction } from "../chain/actions/findAnchorTransaction";
import { createDeadline, sleep } from "../chain/deadline";
import { DEFAULT_TIMEOUT_MS, type BatchState, type SettleContext } from "./anchorState";
import { settleOnChain } from "./settleOnChain";

/**
 * Finds the anchoring transaction of an on-chain root, waits for `required` confirmations and reads
 * the record again, so that what is written is what the chain settled on. A root reorganised away is
 * anchored again (`settleOnChain`). Throws `AnchorTimeoutError` after `timeoutMs`.
 */
export async function confirmAnchor(
  state: BatchState,
  ctx: SettleContext & { required: number },
): Promise<AnchorTransaction> {
  const { client, registry, required } = ctx;
  const deadline = createDeadline(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const pollMs = Math.max(1, client.publicClient.pollingInterval);
  /** The anchoring transaction; an event the endpoint does not (yet) return is asked for again until the deadline. */
  const lookup = async (): Promise<AnchorTransaction | undefined> => {
    for (;;) {
      try {
        return await findAnchorTransaction(client, { registry, root: state.root });
      } catch (error) {
        if (!(error instanceof AnchorEventNotFoundError)) throw error;
        if (deadline.overdue()) {
          throw new AnchorEventNotFoundError({
            root: state.root,
            blockNumber: error.blockNumber,
            waitedMs: deadline.elapsed(),
          });
        }
        await sleep(pollMs);
      }
    }
  };
  let found = await lookup();
  let announced = "";
  for (;;) {
    if (!found) {
      // The root disappeared (a reorg). Anchor it again from the journal's point of view.
      if (deadline.overdue()) {
        throw new AnchorTimeoutError({
          waitedMs: deadline.elapsed(),
          state: `for root ${state.root} has been reorganised away and the root is not anchored again`,
        });
      }
      state.onChain = undefined;
      await settleOnChain([state], ctx);
      await sleep(pollMs);
      found = await lookup();
      continue;
    }
    // A reorg may put the same transaction into another block: that is news too.
    if (announced !== `${found.transactionHash}@${found.blockHash}`) {
      announced = `${found.transactionHash}@${found.blockHash}`;
      await ctx.emit({
        type: "anchored",
        root: state.root,
        transactionHash: found.transactionHash,
        blockNumber: found.blockNumber,
      });
    }
    const head = Number(await client.publicClient.getBlockNumber({ cacheTime: 0 }));
    const confirmations = head - found.blockNumber + 1;
    await ctx.emit({
      type: "confirmations",
      root: state.root,
      transactionHash: found.transactionHash,
      confirmations: Math.max(0, confirmations),
      required,
    });
    if (confirmations >= required) {
      const again = await lookup();
      if (again && again.transactionHash === found.transactionHash && again.blockHash === found.blockHash) return again;
      found = again;
      if (!deadline.overdue()) continue;
    }
    if (deadline.overdue()) {
      throw new AnchorTimeoutError({
        transactionHash: found?.transactionHash,
        waitedMs: deadline.elapsed(),
        state: `has ${Math.max(0, confirmations)} of ${required} confirmations`,
      });
    }
    await sleep(pollMs);
  }
}

/** Whether transaction `hash` holds a log emitted by `address` (a Safe's `ExecutionSuccess`). */
export async function hasLogOf(client: RegistryClient, hash: Hex, address: Address): Promise<boolean> {
  try {
    const receipt = await client.publicClient.getTransactionReceipt({ hash });
    return receipt.logs.some((log) => log.address.toLowerCase() === address.toLowerCase());
  } catch (error) {
    throw new RpcRequestFailedError({ action: "read the anchoring transaction's receipt", cause: error });
  }
}
