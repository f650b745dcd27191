import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NICE, exitCodeOf, parseStep, parseSteps, runSteps } from "./runSteps";

describe("scripts/runSteps: independent steps side by side", function () {
  this.timeout(20_000);

  it("parses name=command, keeping every later = in the command", function () {
    expect(parseStep("coverage=npm run coverage && A=1 npm run coverage:check")).to.deep.equal({
      name: "coverage",
      command: "npm run coverage && A=1 npm run coverage:check",
    });
    expect(() => parseStep("npm run lint")).to.throw('"npm run lint" is not a step; write name=command');
    expect(() => parseStep("=npm run lint")).to.throw("is not a step");
  });

  it("lowers the priority of every step after --nice", function () {
    expect(parseSteps(["tests=npm run test:parallel", "--nice", "lint=npm run lint", "types=tsc"])).to.deep.equal([
      { name: "tests", command: "npm run test:parallel" },
      { name: "lint", command: "npm run lint", nice: NICE },
      { name: "types", command: "tsc", nice: NICE },
    ]);
    expect(() => parseSteps([])).to.throw('runSteps: no steps; usage: runSteps.ts "name=command"');
    expect(() => parseSteps(["--nice"])).to.throw("runSteps: no steps");
    expect(() => parseSteps(["--nice", "lint"])).to.throw('"lint" is not a step');
  });

  it("runs a niced step and its children at the lower priority, the others at the runner's", async function () {
    const printed: string[] = [];
    // `nice` without arguments prints the niceness it runs at; the child shell shows children inherit it.
    const results = await runSteps(
      [
        { name: "first", command: "nice" },
        { name: "niced", command: "sh -c nice", nice: NICE },
      ],
      (text) => printed.push(text),
    );
    const own = os.getPriority();
    expect(results.map(({ code, output }) => ({ code, output }))).to.deep.equal([
      { code: 0, output: `${own}\n` },
      { code: 0, output: `${Math.min(own + NICE, 19)}\n` },
    ]);
    expect(printed.join("")).to.match(/── niced: exit 0, [\d.]+ s \(sh -c nice, nice 10\) ──\n/);
  });

  it("runs the steps at the same time and prints each step's output in one piece", async function () {
    // Each step waits for the other's file, so they only finish if they run at the same time.
    // The wait gives up after 30 s (exit 3), so a failed run leaves no shell looping behind.
    const waitFor = (file: string) =>
      `i=0; until [ -e ${file} ] || [ $i -ge 600 ]; do sleep 0.05; i=$((i+1)); done; [ -e ${file} ] || exit 3`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runSteps-"));
    const printed: string[] = [];
    const results = await runSteps(
      [
        { name: "a", command: `echo one; touch ${dir}/a; ${waitFor(`${dir}/b`)}; echo two >&2` },
        { name: "b", command: `touch ${dir}/b; ${waitFor(`${dir}/a`)}; echo three` },
      ],
      (text) => printed.push(text),
    ).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    expect(results.map(({ name, code, output }) => ({ name, code, output }))).to.deep.equal([
      { name: "a", code: 0, output: "one\ntwo\n" },
      { name: "b", code: 0, output: "three\n" },
    ]);
    expect(exitCodeOf(results)).to.equal(0);
    const text = printed.join("");
    expect(text).to.match(/── a: exit 0, [\d.]+ s \(echo one[^\n]*\) ──\none\ntwo\n/);
    expect(text).to.match(/── b: exit 0, [\d.]+ s \(touch[^\n]*\) ──\nthree\n/);
  });

  it("runs every step to its end when one fails and exits with the first failing step's code", async function () {
    const results = await runSteps(
      [
        { name: "passes", command: "echo fine" },
        { name: "lint", command: "echo 'src/a.ts: 1 problem' >&2; exit 3" },
        { name: "slow", command: "sleep 0.3; echo done" },
        { name: "types", command: "exit 2" },
      ],
      () => undefined,
    );
    expect(results.map((result) => result.code)).to.deep.equal([0, 3, 0, 2]);
    expect(results[1].output).to.equal("src/a.ts: 1 problem\n");
    expect(results[2].output).to.equal("done\n");
    expect(exitCodeOf(results)).to.equal(3);
  });

  it("reports a step ended by a signal as failed", async function () {
    const [result] = await runSteps([{ name: "killed", command: "kill -TERM $$" }], () => undefined);
    expect(result).to.include({ code: 1, signal: "SIGTERM" });
    expect(exitCodeOf([result])).to.equal(1);
  });

  it("refuses two steps with the same name", async function () {
    let error: unknown;
    try {
      await runSteps(
        [
          { name: "lint", command: "true" },
          { name: "lint", command: "true" },
        ],
        () => undefined,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal('runSteps: two steps are named "lint"; give each its own name');
  });
});
