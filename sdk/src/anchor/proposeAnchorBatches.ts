/**
 * Node-only: anchoring through a Safe multisig. Instead of sending, the anchoring calls are written
 * as a Safe{Wallet} Transaction Builder batch file, and each batch directory's journal records the
 * proposal (`state: "proposed"`). Once the Safe has executed the batch, `anchorBatches` finds the
 * root on chain and writes the anchor record exactly as for a transaction of its own.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { getAddress } from "viem";
import type { Address, Hex } from "../types";
import { AnchorJournalError, AnchoredElsewhereError, BatchDirectoryError } from "../errors/anchor";
import type { RegistryClient } from "../chain/createRegistryClient";
import { assertChainId, assertRegistryDeployed } from "../chain/assertChainId";
import { getBatch } from "../chain/actions/getBatch";
import type { RegistryCall, SafeBatchFile } from "../safe/createSafeBatchFile";
import { proposeRegistryCalls } from "../safe/proposeRegistryCalls";
import { fsyncDirectory, readManifest } from "./batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";
import { JOURNAL_FORMAT, isoNow, journalPath, readJournal, writeJournal } from "./journal";

export interface ProposeAnchorBatchesOptions {
  /** A client for the chain (no account needed: calls are simulated from the Safe). */
  client: RegistryClient;
  registry: Address;
  /** The Safe that holds ISSUER_ROLE and will execute the batch. */
  safe: Address;
  /** Where to write the Transaction Builder file. */
  file: string;
  /** The owner proposing it, for `meta.createdFromOwnerAddress`; optional. */
  owner?: Address;
  /** Most roots per `anchorMany` call; default 200. */
  maxRootsPerTransaction?: number;
}

export interface ProposedBatch {
  batchDir: string;
  root: Hex;
  leafCount: number;
  /** `proposed`: in the file; `on-chain`: already anchored, left out (run `anchorBatches` to record it). */
  status: "proposed" | "on-chain";
}

export interface ProposeAnchorBatchesResult {
  file: string;
  batchFile: SafeBatchFile;
  batches: ProposedBatch[];
}

/**
 * Writes the anchoring of `batchDirs` as a Transaction Builder batch for `safe` and marks each
 * directory's journal `proposed`. Every call is simulated from the Safe first, so a Safe without
 * ISSUER_ROLE, or a root already anchored, is an error before anything is written. Roots already on
 * chain are left out of the file. Node-only.
 *
 * @example
 * const { file, batches } = await proposeAnchorBatches(["batch-1"], {
 *   client, registry, safe: "0x5afe…", file: "batch-1.safe.json",
 * });
 * // import batch-1.safe.json in the Safe's Transaction Builder, sign, execute; then:
 * await anchorBatches(["batch-1"], { client, registry }); // records the anchor
 */
export async function proposeAnchorBatches(
  batchDirs: readonly string[],
  options: ProposeAnchorBatchesOptions,
): Promise<ProposeAnchorBatchesResult> {
  const { client } = options;
  const registry = getAddress(options.registry);
  const safe = getAddress(options.safe);
  await assertChainId(client);
  await assertRegistryDeployed(client, registry);

  const states = await Promise.all(
    batchDirs.map(async (batchDir) => ({
      batchDir,
      loaded: await readManifest(batchDir),
      journal: await readJournal(batchDir),
    })),
  );
  const seen = new Map<string, string>();
  const batches: ProposedBatch[] = [];
  for (const { batchDir, loaded, journal } of states) {
    const root = loaded.manifest.root;
    const twin = seen.get(root);
    if (twin) {
      throw new BatchDirectoryError(`${batchDir} and ${twin} hold the same root ${root}.`, {
        location: { file: loaded.file, pointer: "/root" },
        fix: "Pass each batch directory only once.",
      });
    }
    seen.set(root, batchDir);
    const recorded = loaded.manifest.anchor;
    if (recorded && (recorded.chain !== client.chain || getAddress(recorded.registry) !== registry)) {
      throw new AnchoredElsewhereError({
        file: loaded.file,
        pointer: "/anchor",
        recorded,
        requested: { chain: client.chain, registry },
      });
    }
    if (journal && (journal.state === "sending" || journal.state === "sent")) {
      throw new AnchorJournalError(
        `A transaction anchoring this batch may be in flight (journal state "${journal.state}").`,
        {
          file: journalPath(batchDir),
          fix: "Finish it first with `anchor` (no Safe); it resumes from the journal.",
        },
      );
    }
    const onChain = await getBatch(client, { registry, root });
    batches.push({
      batchDir,
      root,
      leafCount: loaded.manifest.leafCount,
      status: onChain.anchored ? "on-chain" : "proposed",
    });
  }

  const pending = batches.filter((b) => b.status === "proposed");
  if (pending.length === 0) {
    throw new BatchDirectoryError("Every root is already on chain: there is nothing to propose.", {
      fix: "Run `anchor` without a Safe to write the anchor record into the batch directories.",
    });
  }
  const max = Math.max(1, options.maxRootsPerTransaction ?? 200);
  const calls: RegistryCall[] = [];
  for (let i = 0; i < pending.length; i += max) {
    const chunk = pending.slice(i, i + max);
    calls.push(
      chunk.length === 1
        ? { functionName: "anchor", args: [chunk[0].root, BigInt(chunk[0].leafCount), ""] }
        : { functionName: "anchorMany", args: [chunk.map((b) => b.root), chunk.map((b) => BigInt(b.leafCount))] },
    );
  }
  // Every call is simulated from the Safe: its role, the roots, the leaf counts are checked by the registry itself.
  const batchFile = await proposeRegistryCalls(client, {
    registry,
    safe,
    owner: options.owner,
    calls,
    name: `credanchor: anchor ${pending.length === 1 ? "1 batch" : `${pending.length} batches`}`,
    description: `Anchors ${pending.map((b) => `root ${b.root} (${b.leafCount} credentials)`).join(", ")} in registry ${registry}. Exported by credanchor; after execution run \`credanchor anchor\` on the batch folder(s) to record it.`,
  });
  const file = path.resolve(options.file);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(batchFile, null, 2)}\n`, { fsync: true });
  await fsyncDirectory(path.dirname(file));

  const createdAt = isoNow();
  for (const batch of pending) {
    const call = calls.find((c) =>
      c.functionName === "anchor" ? c.args[0] === batch.root : (c.args[0] as Hex[]).includes(batch.root),
    )!;
    const previous = states.find((s) => s.batchDir === batch.batchDir)!.journal;
    await writeJournal(batch.batchDir, {
      format: JOURNAL_FORMAT,
      root: batch.root,
      leafCount: batch.leafCount,
      chain: client.chain,
      registry,
      from: safe,
      state: "proposed",
      attempts: previous?.state === "proposed" ? previous.attempts : [],
      proposal: {
        safe,
        file: options.file,
        checksum: batchFile.meta.checksum,
        functionName: call.functionName as "anchor" | "anchorMany",
        roots: call.functionName === "anchor" ? [batch.root] : (call.args[0] as Hex[]),
        createdAt,
      },
      updatedAt: createdAt,
    });
  }
  return { file, batchFile, batches };
}
