/**
 * The TypeScript loader of the SDK's worker threads in the tests (sdk/src/workers/startWorker.ts
 * requires the module named by CREDANCHOR_WORKER_TS_REGISTER, which hardhat.config.ts sets to this
 * file): `.ts` files transpiled by esbuild, as esbuildTranspiler.js does for ts-node, without ts-node
 * itself. ts-node's register loads the TypeScript compiler to read tsconfig.json even when it only
 * transpiles; a worker thread started through it cost 0.67–0.77 CPU-s against 0.38–0.48 through this
 * hook (verifyWorker, 2026-12-07). Types are checked by `npm run typecheck`, never here.
 *
 * startWorker first asks workerBundle.js (CREDANCHOR_WORKER_BUNDLER) for the workers bundled from the
 * current sources, one file a thread (0.07–0.13 CPU-s a start); this hook is what runs when that gives
 * nothing (no esbuild, or the variable unset).
 */
"use strict";
const fs = require("node:fs");
const { transpileTs } = require("./esbuildTranspiler");

// Stack traces point into the TypeScript sources when Node runs with --enable-source-maps.
const sourcemap = process.execArgv.includes("--enable-source-maps") ? "inline" : false;

require.extensions[".ts"] = function loadTypeScript(module, fileName) {
  const { code } = transpileTs(fs.readFileSync(fileName, "utf8"), fileName, sourcemap);
  module._compile(code, fileName);
};
