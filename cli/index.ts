#!/usr/bin/env node
/**
 * The `credanchor` executable (package.json "bin"). Everything happens in main(); this file only
 * connects it to the process.
 */
import { main } from "./main";
import { processIo } from "./lib/io";

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // main() reports every error itself; reaching this is a bug in the reporting.
      process.stderr.write(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
