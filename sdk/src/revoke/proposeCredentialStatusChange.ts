import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import type { RegistryClient } from "../chain/createRegistryClient";
import type { SafeBatchFile } from "../safe/createSafeBatchFile";
import { proposeRegistryCalls } from "../safe/proposeRegistryCalls";
import { popcount, type CredentialRef } from "./buildWordMasks";
import type { CredentialStatusOperation } from "./changeCredentialStatus";
import { encodeReason } from "../chain/reason";
import { planCredentialStatusChange } from "./planCredentialStatusChange";

export interface CredentialStatusProposal {
  operation: CredentialStatusOperation;
  reason: Hex;
  requested: number;
  alreadyDone: number;
  /** Credentials whose bit the batch file changes. */
  toChange: number;
  /** The Transaction Builder batch (one call per batch of credentials); undefined when nothing is left to do. */
  batchFile?: SafeBatchFile;
}

/**
 * The Safe-multisig form of `changeCredentialStatus`: the same checks and the same plan (bits already
 * in the requested state are left out), written as a Transaction Builder batch for `safe` (which needs
 * REVOKER_ROLE) instead of being sent. Every call is simulated from the Safe first.
 *
 * @example
 * const { batchFile } = await proposeCredentialStatusChange("revoke", [{ root, index: 3 }], "issued-in-error", {
 *   client, registry, safe,
 * });
 */
export async function proposeCredentialStatusChange(
  operation: CredentialStatusOperation,
  targets: readonly CredentialRef[],
  reason: string,
  options: { client: RegistryClient; registry: Address; safe: Address; owner?: Address },
): Promise<CredentialStatusProposal> {
  const registry = getAddress(options.registry);
  const encodedReason = encodeReason(reason);
  const planned = await planCredentialStatusChange(operation, targets, { client: options.client, registry });
  const toChange = planned.plans.reduce(
    (sum, plan) => sum + plan.words.reduce((n, word) => n + popcount(word.mask), 0),
    0,
  );
  const result: CredentialStatusProposal = {
    operation,
    reason: encodedReason,
    requested: planned.requested,
    alreadyDone: planned.alreadyDone,
    toChange,
  };
  if (planned.plans.length === 0) return result;
  result.batchFile = await proposeRegistryCalls(options.client, {
    registry,
    safe: options.safe,
    owner: options.owner,
    calls: planned.plans.map((plan) => ({
      functionName: operation,
      args: [plan.root, plan.words.map((w) => BigInt(w.wordIndex)), plan.words.map((w) => w.mask), encodedReason],
    })),
    name: `credanchor: ${operation} ${toChange === 1 ? "1 credential" : `${toChange} credentials`}`,
    description: `${operation} of ${toChange} credential(s) in ${planned.plans.length} batch(es) of registry ${registry}${reason ? `, reason "${reason}"` : ""}. Exported by credanchor.`,
  });
  return result;
}
