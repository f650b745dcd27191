/**
 * ts-node's transpiler in the tests (the "ts-node" section of tsconfig.json, transpile-only): esbuild's
 * `transformSync` instead of TypeScript's `transpileModule`, which builds a program and a type checker
 * for every file it loads. Hardhat's mocha workers, the SDK's worker threads under ts-node and the
 * `ts-node --transpile-only` scripts load several hundred TypeScript files each; esbuild turns one
 * into CommonJS in a fraction of the time. Types are checked by `npm run typecheck`, never here.
 *
 * The output follows tsconfig.json: CommonJS, ES2022 (class fields defined, as TypeScript does for
 * that target), `import()` turned into `require()` as TypeScript's CommonJS output does (a native
 * `import()` of a .ts file would bypass ts-node), esModuleInterop's default imports.
 */
"use strict";
const { transformSync } = require("esbuild");

/**
 * One TypeScript file as CommonJS, by tsconfig.json's output settings.
 * @param {string} input the file's text
 * @param {string} fileName its path (names the file in esbuild's messages and the source map)
 * @param {"external" | "inline" | false} sourcemap
 */
function transpileTs(input, fileName, sourcemap) {
  return transformSync(input, {
    loader: fileName.endsWith(".tsx") ? "tsx" : "ts",
    format: "cjs",
    platform: "node",
    target: "es2022",
    supported: { "dynamic-import": false },
    sourcefile: fileName,
    sourcemap,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, esModuleInterop: true } },
    logLevel: "silent",
  });
}

/** @type {import("ts-node").TranspilerModule["create"]} */
exports.create = function create() {
  return {
    transpile(input, { fileName }) {
      const { code, map } = transpileTs(input, fileName, "external");
      return { outputText: code, sourceMapText: map };
    },
  };
};

exports.transpileTs = transpileTs;
