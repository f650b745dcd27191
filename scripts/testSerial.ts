/**
 * `npm run test:serial`: the test files that must run alone (`SERIAL_TESTS` in test/helpers/testSets.ts),
 * with `hardhat test --no-compile` and `CREDANCHOR_TESTS=serial`, after the parallel set. With no such
 * file it says so and starts nothing: a Hardhat start costs 2–4 s for no test.
 *
 *   ts-node --transpile-only scripts/testSerial.ts [hardhat test options...]
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { SERIAL_TESTS } from "../test/helpers/testSets";

/** What `npm run test:serial` prints instead of starting Hardhat when no file must run alone. */
export const NO_SERIAL_FILES =
  "test:serial: no test file must run alone (SERIAL_TESTS in test/helpers/testSets.ts is empty); Hardhat not started";

/**
 * The Node arguments that run the serial files (`hardhat test --no-compile` and `extra`), or undefined
 * when there are none.
 *
 * @example
 * serialTestArgs(["test/system/pack.test.ts"], ["--bail"]); // [".../hardhat/internal/cli/bootstrap.js", "test", "--no-compile", "--bail"]
 */
export function serialTestArgs(files: readonly string[], extra: readonly string[] = []): string[] | undefined {
  if (files.length === 0) return undefined;
  return [require.resolve("hardhat/internal/cli/bootstrap"), "test", "--no-compile", ...extra];
}

if (require.main === module) {
  const args = serialTestArgs(SERIAL_TESTS, process.argv.slice(2));
  if (args === undefined) {
    process.stdout.write(`${NO_SERIAL_FILES}\n`);
  } else {
    const result = spawnSync(process.execPath, args, {
      stdio: "inherit",
      env: {
        ...process.env,
        CREDANCHOR_TESTS: "serial",
        TS_NODE_PROJECT: path.join(__dirname, "..", "tsconfig.test.json"),
      },
    });
    if (result.error) {
      process.stderr.write(`test:serial: could not start hardhat test: ${result.error.message}\n`);
      process.exitCode = 1;
    } else {
      process.exitCode = result.status ?? 1; // ended by a signal: a failure
    }
  }
}
