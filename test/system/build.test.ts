/**
 * The build leaves an executable CLI (issue 12, rough edge): tsc writes dist/cli/index.js with mode
 * 0644 when the file is new (after `rm -rf dist` or `git clean`), and `npx credanchor` then failed
 * with "Permission denied". The postbuild script, which npm runs after every `npm run build`, sets the
 * execute bit.
 */
import { expect } from "chai";
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../helpers/runCli";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe("build: the CLI is executable", function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-build-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the postbuild script (run by npm after `npm run build`) makes the bin file executable", function () {
    expect(pkg.scripts.build).to.match(/^tsc /);
    expect(pkg.scripts.postbuild, "package.json has no postbuild script").to.be.a("string");
    // A fresh build's output: the bin file as tsc writes a new file (no execute bit).
    const bin = path.join(dir, pkg.bin.credanchor);
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.writeFileSync(bin, "#!/usr/bin/env node\nconsole.log('ok');\n", { mode: 0o644 });
    fs.chmodSync(bin, 0o644);
    execSync(pkg.scripts.postbuild, { cwd: dir, stdio: "pipe" });
    expect(fs.statSync(bin).mode & 0o777).to.equal(0o755);
    expect(execSync(bin, { cwd: dir, encoding: "utf8" })).to.equal("ok\n");
  });

  it("the prebuild script empties dist/, so a module removed or moved in the sources leaves no stale copy", function () {
    expect(pkg.scripts.prebuild, "package.json has no prebuild script").to.be.a("string");
    // cli/commands/identity.ts became cli/commands/identity/: a stale dist/cli/commands/identity.js
    // would still be what require("./commands/identity") loads.
    const stale = path.join(dir, "dist", "cli", "commands", "identity.js");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, "module.exports = {};\n");
    fs.writeFileSync(path.join(dir, "keep.txt"), "outside dist\n");
    execSync(pkg.scripts.prebuild!, { cwd: dir, stdio: "pipe" });
    expect(fs.existsSync(path.join(dir, "dist"))).to.equal(false);
    expect(fs.readFileSync(path.join(dir, "keep.txt"), "utf8")).to.equal("outside dist\n");
  });
});
