/**
 * Child process of deliver.test.ts: runs `credanchor deliver` (the command function) and, when
 * DELIVER_CRASH_AT=<checkpoint>:<n> is set, kills itself with SIGKILL at the n-th time it passes that
 * checkpoint: a real crash, no `finally`, no flush. Prints the command's --json output.
 *
 *     node deliverRunner.js '<json DeliverOptions>'
 */
import { deliver, type DeliverOptions } from "../../../cli/commands/deliver";
import type { DeliveryCheckpoint } from "../../../sdk/src/share/deliverBatch";

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as DeliverOptions;
  const [crashAt, nth] = (process.env.DELIVER_CRASH_AT ?? "").split(/:(?=\d+$)/);
  let passed = 0;
  const onCheckpoint = (name: DeliveryCheckpoint) => {
    if (name !== crashAt) return;
    passed += 1;
    if (passed === Number(nth)) process.kill(process.pid, "SIGKILL");
  };
  const code = await deliver(
    { ...options, json: true, onCheckpoint },
    { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  );
  process.exitCode = code;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
});
