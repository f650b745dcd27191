/**
 * The built CLI starts cheaply: `--version`, `--help`, `<command> --help` and usage errors run the
 * command table and the flag specs (cli/specs/), not the SDK's chain stack (viem, JSON-LD, e-mail,
 * QR codes...), which only a command's run initialises.
 *
 * The CLI is one bundled file (scripts/bundleCli.ts), where each module is a section that esbuild
 * heads with a `// path` comment, and a module reached only through a command's `import()` runs on
 * first use. So each run records two things: the files Node loaded (the packages left outside the
 * bundle: jsonld, the JSON-LD contexts, @resvg, nodemailer, qrcode...) and, through V8's coverage
 * (NODE_V8_COVERAGE), the functions of the bundle that ran, each placed in its module's section.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI, ensureBuilt } from "../helpers/runCli";

/** Packages and SDK modules no start-up path may load or run. */
const HEAVY =
  /(^|node_modules[\\/])(viem|ox|abitype|jsonld|rdf-canonize|nodemailer|qrcode|@resvg|@digitalbazaar|@noble)[\\/]|^sdk\/src\/(index|node|verify|chain|batch|sign)\b/;

interface CoverageFile {
  result: Array<{ url: string; functions: Array<{ ranges: Array<{ startOffset: number; count: number }> }> }>;
}

/** The bundle's module sections: the offset of each `// path` heading and the path, in order. */
function sectionsOf(bundle: string): Array<{ offset: number; module: string }> {
  const sections: Array<{ offset: number; module: string }> = [];
  for (const match of bundle.matchAll(/^\/\/ ((?:node_modules|sdk|cli)\/\S+)$/gm)) {
    sections.push({ offset: match.index, module: match[1] });
  }
  return sections;
}

describe("cli: start-up cost", function () {
  this.timeout(300_000);
  let dir: string;
  let preload: string;
  let sections: Array<{ offset: number; module: string }>;

  before(function () {
    ensureBuilt();
    sections = sectionsOf(fs.readFileSync(CLI, "utf8"));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-startup-"));
    preload = path.join(dir, "modules.cjs");
    fs.writeFileSync(
      preload,
      'process.on("exit", () => require("node:fs").writeFileSync(process.env.MODULES_OUT, JSON.stringify(Object.keys(require.cache))));\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The module whose section holds `offset` in the bundle. */
  function moduleAt(offset: number): string | undefined {
    let low = 0;
    let high = sections.length - 1;
    let found: string | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (sections[middle].offset <= offset) {
        found = sections[middle].module;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /**
   * Runs the built CLI in `dir` and returns its exit code, the files Node loaded and the bundle's
   * modules of which a function ran.
   */
  function loaded(args: string[]): { code: number | null; stderr: string; modules: string[]; ran: string[] } {
    const out = path.join(dir, "modules.json");
    const coverage = path.join(dir, "coverage");
    fs.rmSync(out, { force: true });
    fs.rmSync(coverage, { recursive: true, force: true });
    const run = spawnSync(process.execPath, ["--require", preload, CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1", MODULES_OUT: out, NODE_V8_COVERAGE: coverage },
      encoding: "utf8",
    });
    const ran = new Set<string>();
    for (const file of fs.readdirSync(coverage)) {
      const { result } = JSON.parse(fs.readFileSync(path.join(coverage, file), "utf8")) as CoverageFile;
      for (const script of result.filter((entry) => entry.url === `file://${CLI}`)) {
        for (const fn of script.functions) {
          const module = fn.ranges[0].count > 0 ? moduleAt(fn.ranges[0].startOffset) : undefined;
          if (module !== undefined) ran.add(module);
        }
      }
    }
    const modules = JSON.parse(fs.readFileSync(out, "utf8")) as string[];
    return { code: run.status, stderr: run.stderr, modules, ran: [...ran] };
  }

  it("the bundle is sectioned by module (what the checks below read)", function () {
    expect(sections.length).to.be.above(500);
    expect(sections.map((section) => section.module)).to.include.members(["cli/main.ts", "sdk/src/node.ts"]);
  });

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
    it(`credanchor ${args.join(" ")} loads and runs none of the chain stack`, function () {
      const run = loaded(args);
      expect(run.code, run.stderr).to.equal(code);
      expect(run.modules.filter((file) => HEAVY.test(file))).to.deep.equal([]);
      expect(run.modules.length).to.be.below(10);
      expect(run.ran.filter((module) => HEAVY.test(module))).to.deep.equal([]);
      expect(run.ran.length).to.be.below(60);
    });
  }

  it("running a command runs the SDK (the checks above can fail)", function () {
    const run = loaded(["init"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.ran).to.include("sdk/src/node.ts");
    expect(run.ran.some((module) => /^node_modules\/viem\//.test(module))).to.equal(true);
    expect(run.ran.filter((module) => HEAVY.test(module)).length).to.be.above(100);
    // ... but not what only publish (QR codes) and deliver (e-mail) use.
    expect(run.modules.filter((file) => /node_modules[\\/](qrcode|nodemailer)[\\/]/.test(file))).to.deep.equal([]);
  });

  it("the preload and the coverage see the CLI itself", function () {
    const run = loaded(["--version"]);
    expect(run.modules).to.include(CLI);
    expect(run.ran).to.include.members(["cli/main.ts", "cli/index.ts"]);
  });
});
