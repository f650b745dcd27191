import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { COMMANDS } from "./commands";
import { formatCommandHelp } from "./lib/args";
import { testIo } from "./lib/testIo";
import { EXIT, main } from "./main";

describe("cli: main", function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-main-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--help lists every command of the table on stdout and exits 0", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["--help"], io)).to.equal(EXIT.ok);
    for (const [name, entry] of Object.entries(COMMANDS)) {
      expect(io.stdout.text()).to.include(`  ${name}`).and.to.include(entry.summary);
    }
    expect(io.stderr.text()).to.equal("");
  });

  it("no command prints the help on stderr and exits 2", async function () {
    const io = testIo({ cwd: dir });
    expect(await main([], io)).to.equal(EXIT.usage);
    expect(io.stderr.text()).to.include("Usage: credanchor <command>");
    expect(io.stdout.text()).to.equal("");
  });

  it("every command has --help with usage, options and at least one example", async function () {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const io = testIo({ cwd: dir });
      expect(await main([name, "--help"], io), name).to.equal(EXIT.ok);
      const command = await entry.load();
      expect(command.spec, name).to.deep.equal(entry.spec);
      expect(io.stdout.text()).to.equal(formatCommandHelp(command.spec, entry.summary));
      expect(io.stdout.text(), name).to.match(new RegExp(`Usage: credanchor ${name}`));
      expect(command.spec.examples.length, name).to.be.greaterThan(0);
      for (const example of command.spec.examples)
        expect(example.command, name).to.match(new RegExp(`^credanchor ${name}`));
    }
  });

  it("an unknown command suggests the closest one and exits 2", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["inti", "--force"], io)).to.equal(EXIT.usage);
    expect(io.stderr.text()).to.equal(
      "error: unknown command 'inti'\n  fix: did you mean `credanchor init`? (`credanchor --help` lists them all)\n",
    );
  });

  it("an unknown flag is one line with the fix, exit 2, no stack", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["init", "--nope"], io)).to.equal(EXIT.usage);
    expect(io.stderr.text()).to.equal("error: unknown option '--nope'\n  fix: run `credanchor init --help`\n");
  });

  it("--json turns an expected failure into an error document on stdout as well", async function () {
    fs.writeFileSync(path.join(dir, "credanchor.config.json"), "{}");
    const io = testIo({ cwd: dir });
    expect(await main(["init", "--json"], io)).to.equal(EXIT.failure);
    expect(JSON.parse(io.stdout.text())).to.deep.equal({
      error: {
        code: "CLI_CONFIG",
        message: "credanchor.config.json already exists",
        fix: "edit it, or pass --force to replace it with a fresh one",
      },
    });
  });

  it("--debug adds the code and the stack to an expected failure", async function () {
    fs.writeFileSync(path.join(dir, "credanchor.config.json"), "{}");
    const io = testIo({ cwd: dir });
    expect(await main(["init", "--debug"], io)).to.equal(EXIT.failure);
    expect(io.stderr.text())
      .to.include("code: CLI_CONFIG")
      .and.to.include("ConfigError: credanchor.config.json already exists")
      .and.to.match(/at .*init\.ts:\d+/);
  });

  it("--version prints the package version", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["--version"], io)).to.equal(EXIT.ok);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    expect(io.stdout.text()).to.equal(`${pkg.version}\n`);
  });
});
