/**
 * Child process of crash.test.ts: what an issuer's script does, issue a batch and anchor it.
 *
 *     node crashRunner.js '<json RunnerConfig>'                      (bundled by the test), or
 *     node -r ts-node/register/transpile-only crashRunner.ts '<json>'
 *
 * Run again after a crash, it picks up where the last run stopped: a batch directory that exists was
 * published whole (issueBatch renames it into place at the end), so it is anchored, not issued again;
 * a missing one is issued from scratch (the dead run's `.partial` folder is cleaned up by issueBatch).
 * The test sets CREDANCHOR_TEST_CRASH_AT (crashHook.ts) to kill it at a given checkpoint; the hook is
 * passed as `onCheckpoint`, the SDK itself never reads the environment for it.
 * Prints `DONE <outcome>` when the batch is anchored and recorded.
 */
import fs from "node:fs";
import path from "node:path";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { MANIFEST_FILE } from "../../../sdk/src/batch/layout";
import type { Address } from "../../../sdk/src/types";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { localRegistryClient } from "../../helpers/localClient";
import { crashHookFromEnv } from "./crashHook";

export interface RunnerConfig {
  rpcUrl: string;
  registry: Address;
  /** Which of Hardhat's well-known test accounts sends. */
  account: number;
  template: string;
  recipients: string;
  outDir: string;
  workers: number;
  chunkSize: number;
  now: string;
}

/**
 * Issues the batch unless its directory exists, then anchors it with one confirmation.
 *
 * @example
 * const { outcome } = await issueAndAnchor(config); // "sent" on a clean run
 */
export async function issueAndAnchor(config: RunnerConfig): Promise<{ issued: boolean; outcome: string }> {
  const issued = !fs.existsSync(path.join(config.outDir, MANIFEST_FILE));
  if (issued) {
    await issueBatch({
      template: config.template,
      recipients: config.recipients,
      outDir: config.outDir,
      workers: config.workers,
      chunkSize: config.chunkSize,
      now: config.now,
      onCheckpoint: crashHookFromEnv(),
    });
  }
  const client = localRegistryClient(config.rpcUrl, HARDHAT_ACCOUNTS[config.account].privateKey);
  const result = await anchorBatch(config.outDir, {
    client,
    registry: config.registry,
    confirmations: 1,
    droppedAfterMs: 500,
    concurrency: 4,
    onCheckpoint: crashHookFromEnv(),
  });
  return { issued, outcome: result.outcome };
}

if (require.main === module) {
  const config = JSON.parse(process.argv[2] ?? "{}") as RunnerConfig;
  issueAndAnchor(config).then(
    ({ issued, outcome }) => process.stdout.write(`DONE ${issued ? "issued" : "existing"} ${outcome}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
