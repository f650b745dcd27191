/**
 * The built CLI starts cheaply: `--version`, `--help`, `<command> --help` and usage errors load the
 * command table and the flag specs (cli/specs/), not the SDK's chain stack (viem, JSON-LD, e-mail,
 * QR codes...), which only a command's run loads. A preload records every module the process loaded.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI, ensureBuilt, REPO_ROOT } from "../helpers/runCli";

/** Packages no start-up path may load, and the SDK's entry points (which load them all). */
const HEAVY =
  /node_modules[\\/](viem|ox|abitype|jsonld|rdf-canonize|nodemailer|qrcode|@resvg|@digitalbazaar|@noble)[\\/]|dist[\\/]sdk[\\/]src[\\/](index|node)\.js$/;

describe("cli: start-up cost", function () {
  this.timeout(300_000);
  let dir: string;
  let preload: string;

  before(function () {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-startup-"));
    preload = path.join(dir, "modules.cjs");
    fs.writeFileSync(
      preload,
      'process.on("exit", () => require("node:fs").writeFileSync(process.env.MODULES_OUT, JSON.stringify(Object.keys(require.cache))));\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the built CLI in `dir` and returns its exit code and the modules it loaded. */
  function loaded(args: string[]): { code: number | null; stderr: string; modules: string[] } {
    const out = path.join(dir, "modules.json");
    fs.rmSync(out, { force: true });
    const run = spawnSync(process.execPath, ["--require", preload, CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1", MODULES_OUT: out },
      encoding: "utf8",
    });
    return { code: run.status, stderr: run.stderr, modules: JSON.parse(fs.readFileSync(out, "utf8")) as string[] };
  }

  const cheap: Array<{ args: string[]; code: number }> = [
    { args: ["--version"], code: 0 },
    { args: ["--help"], code: 0 },
    { args: ["verify", "--help"], code: 0 },
    { args: ["issue", "--help"], code: 0 },
    { args: ["serve", "--help"], code: 0 },
    { args: ["deliver", "--help"], code: 0 },
    { args: ["veryfy", "x.json"], code: 2 },
    { args: ["verify", "--nope"], code: 2 },
    { args: ["verify"], code: 2 },
  ];
  for (const { args, code } of cheap) {
    it(`credanchor ${args.join(" ")} loads none of the chain stack`, function () {
      const run = loaded(args);
      expect(run.code, run.stderr).to.equal(code);
      expect(run.modules.filter((file) => HEAVY.test(file))).to.deep.equal([]);
      expect(run.modules.length).to.be.below(60);
    });
  }

  it("running a command loads the SDK (the check above can fail)", function () {
    const run = loaded(["init"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.modules.some((file) => file.endsWith(path.join("dist", "sdk", "src", "node.js")))).to.equal(true);
    expect(run.modules.some((file) => /node_modules[\\/]viem[\\/]/.test(file))).to.equal(true);
    // ... but not what only publish (QR codes) and deliver (e-mail) use.
    expect(run.modules.filter((file) => /node_modules[\\/](qrcode|nodemailer)[\\/]/.test(file))).to.deep.equal([]);
  });

  it("the preload sees the CLI itself", function () {
    expect(loaded(["--version"]).modules).to.include(path.join(REPO_ROOT, "dist", "cli", "main.js"));
  });
});
