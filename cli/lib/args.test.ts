import { expect } from "chai";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { EXIT, main } from "../main";
import { UsageError } from "../errors";
import { parseCommandArgs, requiredFlag, type CommandSpec } from "./args";
import { testIo } from "./testIo";

const SPEC: CommandSpec = {
  name: "verify",
  usage: "credanchor verify [--rpc URL]... [--] FILE...",
  positionals: { min: 1, max: Infinity, name: "a FILE" },
  flags: { rpc: { type: "string", multiple: true, description: "endpoint" } },
  examples: [],
};

describe("cli: arguments that name files", function () {
  let dir: string;
  let server: http.Server;
  let requests = 0;
  let hostile: string;
  before(async function () {
    server = http.createServer((_request, response) => {
      requests++;
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-args-"));
    requests = 0;
    // What an attacker drops into an inbox: a file whose name reads as an option with a value.
    hostile = `--rpc=http:127.0.0.1:${(server.address() as AddressInfo).port}#.json`;
    fs.writeFileSync(path.join(dir, hostile), "{}\n");
    fs.writeFileSync(path.join(dir, "a.json"), "{}\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("`verify *.json` with a file named --rpc=http:HOST#.json is refused (exit 2): the endpoint is never asked", async function () {
    // The shell expands *.json in name order: the hostile file comes first.
    const io = testIo({ cwd: dir });
    const code = await main(["verify", hostile, "a.json"], io);
    expect(code).to.equal(EXIT.usage);
    expect(io.stderr.text()).to.include(`error: '${hostile}' is the name of a file, not an option`);
    expect(io.stderr.text()).to.include("fix: put -- before file names (credanchor verify -- *.json)");
    expect(io.stdout.text()).to.equal("");
    expect(requests).to.equal(0);
  });

  it("after --, the same file is a file: verified as one (not a credential), no endpoint asked", async function () {
    const io = testIo({ cwd: dir });
    const code = await main(["verify", "--json", "--", hostile, "a.json"], io);
    expect(code).to.equal(2);
    const report = JSON.parse(io.stdout.text()) as { results: Array<{ file: string; verdict: string }> };
    expect(report.results.map((r) => [r.file, r.verdict])).to.deep.equal([
      [hostile, "not-a-credential"],
      ["a.json", "not-a-credential"],
    ]);
    expect(requests).to.equal(0);
  });

  it("an option whose value names an existing file stays an option (--config FILE)", function () {
    const parsed = parseCommandArgs(SPEC, ["--rpc", "a.json", "a.json"], dir);
    expect(parsed.values.rpc).to.deep.equal(["a.json"]);
    expect(parsed.positionals).to.deep.equal(["a.json"]);
    expect(() => parseCommandArgs(SPEC, ["--rpc=http://x", "a.json"], dir)).to.not.throw();
  });

  it("verify --help documents --", async function () {
    const io = testIo({ cwd: dir });
    expect(await main(["verify", "--help"], io)).to.equal(EXIT.ok);
    expect(io.stdout.text()).to.include("[--] FILE|DIR...").and.to.include("credanchor verify --json -- inbox/*.json");
  });
});

describe("cli: requiredFlag", function () {
  it("returns the value, and refuses an absent or empty flag with the fix given or the command's usage", function () {
    expect(requiredFlag("smtp://mail", "smtp", "URL", SPEC)).to.equal("smtp://mail");
    for (const value of [undefined, ""]) {
      expect(() => requiredFlag(value, "smtp", "URL", SPEC))
        .to.throw(UsageError, "missing --smtp URL")
        .with.property("fix", `usage: ${SPEC.usage}`);
    }
    expect(() => requiredFlag(undefined, "out", "DIR", "give --out"))
      .to.throw(UsageError)
      .with.property("fix", "give --out");
  });
});
