import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expandCredentialPaths } from "./files";
import { testIo } from "./testIo";

describe("cli: expandCredentialPaths", function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-files-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeBatch(name: string, files: string[], listed: boolean, extra: string[] = []): void {
    fs.mkdirSync(path.join(dir, name, "credentials"), { recursive: true });
    const manifest = { credentialsDir: "credentials", leafCount: files.length, ...(listed ? { files } : {}) };
    fs.writeFileSync(path.join(dir, name, "manifest.json"), JSON.stringify(manifest));
    for (const file of [...files, ...extra]) fs.writeFileSync(path.join(dir, name, "credentials", file), "{}");
  }

  it("lists a batch folder's credentials in batch order (the manifest's files), other files in their places by name", function () {
    // by name: ada, badge, mia, zed; the batch's three take the first, third and fourth places, in batch order
    writeBatch("batch-1", ["zed-abcdef.json", "ada-123456.json", "mia-000000.json"], true, ["badge.json"]);
    expect(expandCredentialPaths(testIo({ cwd: dir }), ["batch-1"])).to.deep.equal(
      ["zed-abcdef.json", "badge.json", "ada-123456.json", "mia-000000.json"].map((f) =>
        path.join("batch-1", "credentials", f),
      ),
    );
  });

  it("keeps the index order of a batch written before manifests listed files; name order without a readable manifest", function () {
    writeBatch("batch-1", ["zed-abcdef.json", "ada-123456.json"], true);
    writeBatch("old", ["000000.json", "000001.json"], false);
    writeBatch("broken", ["z.json", "a.json"], true);
    fs.writeFileSync(path.join(dir, "broken", "manifest.json"), "not json");
    fs.mkdirSync(path.join(dir, "loose"));
    for (const f of ["b.json", "a.json"]) fs.writeFileSync(path.join(dir, "loose", f), "{}");
    expect(expandCredentialPaths(testIo({ cwd: dir }), ["."])).to.deep.equal([
      "batch-1/credentials/zed-abcdef.json",
      "batch-1/credentials/ada-123456.json",
      "broken/credentials/a.json",
      "broken/credentials/z.json",
      "loose/a.json",
      "loose/b.json",
      "old/credentials/000000.json",
      "old/credentials/000001.json",
    ]);
  });
});
