/**
 * The public API is deliberate: the names that sdk/src/index.ts and sdk/src/node.ts export are the ones
 * listed in docs/api-exports.txt (written by scripts/countExports.ts). A new, renamed or removed export
 * fails here until the list is regenerated and committed with the change.
 */
import fs from "node:fs";
import { expect } from "chai";
import * as indexModule from "../sdk/src/index";
import * as nodeModule from "../sdk/src/node";
import { EXPORTS_FILE, formatExportsList, listPublicExports, type PublicExport } from "./countExports";

const REGENERATE = "npx ts-node --transpile-only scripts/countExports.ts --write";

describe("public API (scripts/countExports.ts, docs/api-exports.txt)", function () {
  this.timeout(120_000);
  let exports: PublicExport[];
  before(function () {
    exports = listPublicExports();
  });

  it("the entry points export exactly the names of the committed list", function () {
    const committed = fs.readFileSync(EXPORTS_FILE, "utf8");
    const listed = new Set(committed.split("\n").filter((line) => line !== "" && !line.startsWith("#")));
    const actual = new Set(
      formatExportsList(exports)
        .split("\n")
        .filter((l) => l !== "" && !l.startsWith("#")),
    );
    const added = [...actual].filter((line) => !listed.has(line));
    const removed = [...listed].filter((line) => !actual.has(line));
    expect(
      { added, removed },
      `the public API changed: if that is intended, run \`${REGENERATE}\` and commit docs/api-exports.txt`,
    ).to.deep.equal({ added: [], removed: [] });
    expect(committed).to.equal(formatExportsList(exports));
  });

  it("lists as values exactly what the modules export at run time, index's under index and the rest under node", function () {
    // `import * as` adds `default` (esModuleInterop); the modules themselves have no default export.
    const runtime = (module: object) =>
      Object.keys(module).filter((name) => name !== "__esModule" && name !== "default");
    const indexValues = runtime(indexModule).sort();
    const nodeValues = runtime(nodeModule).sort();
    const listed = (entry: PublicExport["entry"]) =>
      exports
        .filter((e) => e.entry === entry && e.kind === "value")
        .map((e) => e.name)
        .sort();
    expect(listed("index")).to.deep.equal(indexValues);
    expect(listed("node")).to.deep.equal(nodeValues.filter((name) => !indexValues.includes(name)));
  });

  it("a type-only export is listed as a type, a Node-only function under node", function () {
    const byName = new Map(exports.map((e) => [e.name, e]));
    expect(byName.get("VerificationResult")).to.deep.equal({
      entry: "index",
      kind: "type",
      name: "VerificationResult",
    });
    expect(byName.get("verifyCredential")).to.deep.equal({ entry: "index", kind: "value", name: "verifyCredential" });
    expect(byName.get("verifyCredentialFiles")).to.deep.equal({
      entry: "node",
      kind: "value",
      name: "verifyCredentialFiles",
    });
  });
});
