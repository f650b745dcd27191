/**
 * The chain results that the credentials of one batch share, computed once per run for the first
 * credential of the batch and copied for the others (`finishChainChecks` in ../runChainChecks.ts): a
 * batch of 100,000 credentials then builds its anchor, finality, live-status and issuer results once,
 * not 100,000 times. Pure: it reads what the run has read from the chain (ChainData, RegistryData).
 */
import type { RegistryBatch } from "../../chain/actions/getBatch";
import type { CredAnchorProof } from "../../types";
import { finalityCheckResult } from "../finalityCheck";
import type { CheckResult } from "../types";
import { copyCheck } from "../verdict";
import { anchorResult } from "./anchor";
import type { ChainData, RegistryData, StatusesByIndex } from "./chainState";
import { identityNotChecked, issuerClaims, issuerResult, type ProfileMatch } from "./issuer";

/**
 * Internal, for the differential tests: when off, every credential's chain results are computed on
 * their own, as they were before `BatchOutcome` (the plain path the memo is checked against).
 */
export const chainOutcomeMemo = { enabled: true };

/**
 * The chain results that every credential of one batch (root as written, anchor record's block) in
 * one registry shares, computed for the first credential of a run and copied for the next ones: the
 * anchor result (it depends on the credential only through `leafIndex < leafCount`, checked per
 * credential), finality, the two status results of a `Valid` credential, and the issuer result per
 * issuer's claims (`issuerClaims`). A revoked or suspended credential's results name its index: computed per credential.
 */
export interface BatchOutcome {
  record: RegistryBatch;
  /** The statuses read of this batch's credentials, by leaf index (live batch only). */
  statuses: StatusesByIndex | undefined;
  anchor(): CheckResult;
  finality(): CheckResult;
  /** Revocation and suspension of a `Valid` credential, once one was seen. */
  valid?: [CheckResult, CheckResult];
  issuer(issuer: unknown): CheckResult | ProfileMatch;
  /**
   * The memo's issuer result that the last `issuer` call's result is (or is a copy of), or undefined when
   * that result is the credential's own (no memo, or a match for the identity resolver).
   */
  sharedIssuer(): CheckResult | undefined;
}

export function batchOutcome(
  outcomes: Map<RegistryData, Map<string, BatchOutcome>> | undefined,
  proof: CredAnchorProof,
  chainData: ChainData,
  registryData: RegistryData,
  context: Parameters<typeof identityNotChecked>[2],
): BatchOutcome | { result: CheckResult; skip: string } {
  const key = batchKey(proof.root, proof.anchor!.blockNumber);
  let byBatch = outcomes?.get(registryData);
  const known = byBatch?.get(key);
  // The one way the anchor result depends on the credential itself: its index within the batch.
  if (known && proof.leafIndex < known.record.leafCount) return known;
  const anchored = anchorResult(proof, chainData, registryData);
  if ("skip" in anchored) return anchored;
  const { record } = anchored;
  const finality = finalityCheckResult(chainData.chain, {
    rule: chainData.finality,
    head: chainData.head,
    anchoredBlock: BigInt(record.anchoredBlock),
    taggedBlock: chainData.finalized,
  });
  const outcome = new SharedOutcome(
    record,
    record.revokedAt === 0 && registryData.statuses instanceof Map
      ? registryData.statuses.get(proof.root.toLowerCase())
      : undefined,
    anchored.result,
    finality,
    chainData.chain,
    registryData,
    context,
    outcomes !== undefined,
  );
  if (outcomes) {
    if (!byBatch) outcomes.set(registryData, (byBatch = new Map()));
    byBatch.set(key, outcome);
  }
  return outcome;
}

/**
 * A BatchOutcome as a class, not an object of closures: its methods are the same functions in every
 * run, so the calls to them in `finishChainChecks`, once optimised, stay valid from one slice (one run
 * of the chain checks) to the next; closures made anew for each run made V8 throw that code away
 * ("wrong call target", and "weak objects" when the last run's closures were collected) and compile it
 * again.
 */
class SharedOutcome implements BatchOutcome {
  valid?: [CheckResult, CheckResult];
  private anchorUsed = false;
  private finalityUsed = false;
  private readonly issuers = new Map<string, CheckResult>();
  // The last issuer value and its key: the credentials of a batch from a worker thread share one issuer object.
  private lastIssuer: unknown = this;
  private lastIssuerKey = "";

  constructor(
    readonly record: RegistryBatch,
    readonly statuses: StatusesByIndex | undefined,
    private readonly anchorOutcome: CheckResult,
    private readonly finalityOutcome: CheckResult,
    private readonly chain: ChainData["chain"],
    private readonly registryData: RegistryData,
    private readonly context: Parameters<typeof identityNotChecked>[2],
    private readonly memo: boolean,
  ) {}

  anchor(): CheckResult {
    if (this.anchorUsed) return copyCheck(this.anchorOutcome);
    this.anchorUsed = true;
    return this.anchorOutcome;
  }

  finality(): CheckResult {
    if (this.finalityUsed) return copyCheck(this.finalityOutcome);
    this.finalityUsed = true;
    return this.finalityOutcome;
  }

  issuer(issuer: unknown): CheckResult | ProfileMatch {
    if (!this.memo) return this.issuerOf(issuer);
    if (issuer !== this.lastIssuer) {
      this.lastIssuerKey = JSON.stringify(issuerClaims(issuer));
      this.lastIssuer = issuer;
    }
    const seen = this.issuers.get(this.lastIssuerKey);
    if (seen) return copyCheck(seen);
    const result = this.issuerOf(issuer);
    // A match for the identity resolver is kept per credential: its details go into that result.
    if (!("resolve" in result)) this.issuers.set(this.lastIssuerKey, result);
    return result;
  }

  sharedIssuer(): CheckResult | undefined {
    return this.memo ? this.issuers.get(this.lastIssuerKey) : undefined;
  }

  private issuerOf(issuer: unknown): CheckResult | ProfileMatch {
    const match = issuerResult(issuer, this.chain, this.registryData);
    return "resolve" in match ? (identityNotChecked(this.chain, match, this.context) ?? match) : match;
  }
}

/** A batch's key in BatchOutcome's memo (root as written, anchor block), remembered for the last one. */
function batchKey(root: string, blockNumber: unknown): string {
  if (root !== lastBatch.root || blockNumber !== lastBatch.blockNumber) {
    lastBatch.key = `${root}\n${String(blockNumber)}`;
    lastBatch.root = root;
    lastBatch.blockNumber = blockNumber;
  }
  return lastBatch.key;
}

const lastBatch: { root: string; blockNumber: unknown; key: string } = { root: "", blockNumber: undefined, key: "" };
