/**
 * The chain state the chain checks decide on: what was read from each chain and registry at one
 * pinned block, with failures kept as data. `runChainChecks.ts` reads it; the pure functions in this
 * folder turn it into check results.
 */
import type { RegistryCredentialStatus } from "../../chain/registryStatus";
import type { FinalityRule } from "../../chain/finality";
import type { Address, Caip2ChainId, Hex } from "../../types";
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { RegistryRead, StatusEvent } from "../registryReads";
import type { CheckResult } from "../types";

export type Failure = { error: unknown };
export type Profile = { name: string; url: string };

/** What was read from one registry, at the chain's pinned block. */
export interface RegistryData {
  address: Address;
  records: Map<Hex, RegistryRead<RegistryBatch> | Failure>;
  /**
   * Status of anchored, in-range credentials of live batches, per lower-case root then leaf index (no
   * text key per credential: 10,000 credentials of a batch made three each).
   */
  statuses: Map<string, Map<number, RegistryCredentialStatus>> | RegistryRead<never> | Failure;
  profile?: RegistryRead<Profile> | Failure;
  /** Status events per root, for the reasons of revocations and suspensions (absent: not read or failed). */
  events: Map<Hex, StatusEvent[]>;
  /** Timestamps (Unix seconds) of the blocks of the events that explain a status. */
  times: Map<bigint, bigint>;
  /** Whether reasons were asked for (`statusReasons`): then a missing one is "unavailable". */
  reasonsWanted: boolean;
}

/** What was read from one chain: the head and each registry, or why nothing could be read. */
export interface ChainData {
  chain: Caip2ChainId;
  /** Set when the chain could not be read at all; it becomes every credential's anchor result. */
  failure?: CheckResult;
  head: bigint;
  finality: FinalityRule;
  /** The number of the block the finality rule's tag names; undefined when not read or not served. */
  finalized?: bigint;
  registries: Map<string, RegistryData>;
}
