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
  statuses: Map<string, StatusesByIndex> | RegistryRead<never> | Failure;
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

/** The statuses read of one batch's credentials, by leaf index. */
export interface StatusesByIndex {
  get(index: number): RegistryCredentialStatus | undefined;
}

/**
 * StatusesByIndex as the chain reads fill it: while the indices come one after the other (the
 * credentials of a batch, in order: the usual case), a list from the first index, one reference per
 * credential; from the first index out of that order, a Map, as before. A Map entry per credential
 * cost about 90 bytes of garbage on the calling thread (docs/PERFORMANCE.md, "From files, December 8,
 * fourth round"). Each index is set once.
 */
export class IndexedStatuses implements StatusesByIndex {
  private first = 0;
  private readonly run: RegistryCredentialStatus[] = [];
  private byIndex: Map<number, RegistryCredentialStatus> | undefined;

  set(index: number, status: RegistryCredentialStatus): void {
    if (this.byIndex === undefined) {
      if (this.run.length === 0) this.first = index;
      if (index === this.first + this.run.length) {
        this.run.push(status);
        return;
      }
      this.byIndex = new Map();
      for (let i = 0; i < this.run.length; i++) this.byIndex.set(this.first + i, this.run[i]);
      this.run.length = 0;
    }
    this.byIndex.set(index, status);
  }

  get(index: number): RegistryCredentialStatus | undefined {
    if (this.byIndex !== undefined) return this.byIndex.get(index);
    const at = index - this.first;
    return at >= 0 && at < this.run.length ? this.run[at] : undefined;
  }
}
