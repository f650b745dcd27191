/**
 * Test helper, loaded into a `hardhat node` child with `node --require <this file>` and spawned with an
 * IPC channel (test/helpers/hardhatNode.ts): the node exits when the channel closes, that is when the
 * test process that started it is gone, even if that process was killed before its exit handlers ran.
 * A node left running would hold its port and memory until someone noticed.
 *
 * A node that outlives its test's `stop()` (the shared node, ended by the test process's exit handler
 * with SIGHUP, or by the closed channel) is never waited for, so its CPU time is missing from the test
 * process's resource usage. With CREDANCHOR_NODE_CPU_LOG set, such a node appends its user and system
 * CPU seconds to that file as it exits (scripts/time-test-files.sh adds them to the file's figures).
 */
"use strict";
const fs = require("node:fs");

function exitUnwaited() {
  const log = process.env.CREDANCHOR_NODE_CPU_LOG;
  if (log) {
    const { user, system } = process.cpuUsage();
    fs.appendFileSync(log, `${(user / 1e6).toFixed(2)} ${(system / 1e6).toFixed(2)}\n`);
  }
  process.exit(0);
}

if (typeof process.send === "function") {
  process.on("disconnect", exitUnwaited);
  process.on("SIGHUP", exitUnwaited);
  // The channel must not keep the node alive by itself.
  process.channel?.unref();
}
