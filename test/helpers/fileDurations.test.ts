import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Suite, Test } from "mocha";
import {
  compactDurations,
  orderByDuration,
  readDurations,
  recordDuration,
  SEED_DURATIONS_FILE,
  testFileOrder,
} from "./fileDurations";

const ROOT = path.resolve(__dirname, "..", "..");

describe("test helpers: test files longest first", function () {
  let dir: string;
  let durationsFile: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fileDurations-"));
    durationsFile = path.join(dir, "nested", "test-durations.jsonl");
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A root suite holding one suite with one test from each of `files` (absolute paths). */
  function rootOf(...files: string[]): Suite {
    const root = new Suite("");
    for (const file of files) {
      const suite = Suite.create(root, path.basename(file));
      suite.file = file;
      const test = new Test("a case", () => undefined);
      test.file = file;
      suite.addTest(test);
    }
    return root;
  }

  it("records one file's duration by its path from the repository root, the latest figure winning", function () {
    recordDuration(rootOf(path.join(ROOT, "test/cli/journey.test.ts")), 41_234.4, durationsFile);
    recordDuration(rootOf(path.join(ROOT, "sdk/src/merkle/buildTree.test.ts")), 900, durationsFile);
    recordDuration(rootOf(path.join(ROOT, "test/cli/journey.test.ts")), 39_000, durationsFile);
    expect(fs.readFileSync(durationsFile, "utf8")).to.equal(
      [
        '{"file":"test/cli/journey.test.ts","ms":41234}',
        '{"file":"sdk/src/merkle/buildTree.test.ts","ms":900}',
        '{"file":"test/cli/journey.test.ts","ms":39000}',
        "",
      ].join("\n"),
    );
    expect([...readDurations(durationsFile)]).to.deep.equal([
      ["sdk/src/merkle/buildTree.test.ts", 900],
      ["test/cli/journey.test.ts", 39_000],
    ]);
  });

  it("records nothing for a root that holds several files (mocha run without --parallel) or none", function () {
    recordDuration(rootOf(path.join(ROOT, "a.test.ts"), path.join(ROOT, "b.test.ts")), 10, durationsFile);
    recordDuration(new Suite(""), 10, durationsFile);
    expect(fs.existsSync(durationsFile)).to.equal(false);
  });

  it("reads no figures from a missing file and skips lines that are not a record", function () {
    expect(readDurations(durationsFile).size).to.equal(0);
    fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
    fs.writeFileSync(
      durationsFile,
      [
        '{"file":"a.test.ts","ms":5}',
        '{"file":"b.test.ts","ms":', // a write cut short
        '{"file":"c.test.ts","ms":-1}',
        '{"file":7,"ms":3}',
        "null",
        '{"file":"d.test.ts","ms":"12"}',
        "",
      ].join("\n"),
    );
    expect([...readDurations(durationsFile)]).to.deep.equal([["a.test.ts", 5]]);
  });

  it("orders files without a figure first as given, then the others from the longest, ties as given", function () {
    const durations = new Map([
      ["test/a.test.ts", 10],
      ["test/b.test.ts", 900],
      ["test/d.test.ts", 10],
      ["test/e.test.ts", 50],
    ]);
    const files = ["a", "b", "c", "d", "e", "f"].map((name) => path.join(ROOT, "test", `${name}.test.ts`));
    expect(orderByDuration(files, durations).map((file) => path.basename(file))).to.deep.equal([
      "c.test.ts",
      "f.test.ts",
      "b.test.ts",
      "e.test.ts",
      "a.test.ts",
      "d.test.ts",
    ]);
    expect(orderByDuration(["test/b.test.ts", "test/e.test.ts"], durations)).to.deep.equal([
      "test/b.test.ts",
      "test/e.test.ts",
    ]);
  });

  it("puts files without a figure last, in the order given, when told they count as 0", function () {
    const durations = new Map([
      ["test/b.test.ts", 900],
      ["test/e.test.ts", 50],
    ]);
    expect(
      orderByDuration(["test/a.test.ts", "test/b.test.ts", "test/c.test.ts", "test/e.test.ts"], durations, 0),
    ).to.deep.equal(["test/b.test.ts", "test/e.test.ts", "test/a.test.ts", "test/c.test.ts"]);
  });

  it("orders a clone without figures by the seed (its files first), and one with figures by them alone", function () {
    const seedFile = path.join(dir, "seed.jsonl");
    fs.writeFileSync(seedFile, '{"file":"test/c.test.ts","ms":30}\n{"file":"test/b.test.ts","ms":60}\n');
    const files = ["test/a.test.ts", "test/b.test.ts", "test/c.test.ts", "test/d.test.ts"];
    expect(testFileOrder(files, durationsFile, seedFile)).to.deep.equal([
      "test/b.test.ts",
      "test/c.test.ts",
      "test/a.test.ts",
      "test/d.test.ts",
    ]);
    expect(fs.existsSync(durationsFile), "the seed is not copied into the run's figures").to.equal(false);
    // After a run: its own figures, compacted; a file they lack (a new one) goes first.
    fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
    fs.writeFileSync(
      durationsFile,
      '{"file":"test/a.test.ts","ms":5}\n{"file":"test/b.test.ts","ms":7}\n{"file":"test/a.test.ts","ms":9}\n',
    );
    expect(testFileOrder(files, durationsFile, seedFile)).to.deep.equal([
      "test/c.test.ts",
      "test/d.test.ts",
      "test/a.test.ts",
      "test/b.test.ts",
    ]);
    expect(fs.readFileSync(durationsFile, "utf8")).to.equal(
      '{"file":"test/b.test.ts","ms":7}\n{"file":"test/a.test.ts","ms":9}\n',
    );
  });

  it("the committed seed names test files that exist", function () {
    const seeded = [...readDurations(SEED_DURATIONS_FILE).keys()];
    expect(seeded).to.not.deep.equal([]);
    expect(seeded.filter((file) => !fs.existsSync(path.join(ROOT, file)))).to.deep.equal([]);
  });

  it("compacts the figures to one line per file, and leaves no file when there are none", function () {
    compactDurations(new Map(), durationsFile);
    expect(fs.existsSync(durationsFile)).to.equal(false);
    for (const ms of [1, 2, 3]) recordDuration(rootOf(path.join(ROOT, "x.test.ts")), ms, durationsFile);
    compactDurations(readDurations(durationsFile), durationsFile);
    expect(fs.readFileSync(durationsFile, "utf8")).to.equal('{"file":"x.test.ts","ms":3}\n');
    expect(fs.readdirSync(path.dirname(durationsFile))).to.deep.equal(["test-durations.jsonl"]);
  });
});
