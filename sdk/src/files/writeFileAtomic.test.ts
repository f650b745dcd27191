import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic, writeFileAtomicSync } from "./writeFileAtomic";

describe("writeFileAtomic / writeFileAtomicSync", function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-atomic-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("replace an existing file's content, text and bytes, and leave no temporary file", async function () {
    const file = path.join(dir, "manifest.json");
    fs.writeFileSync(file, "old");
    await writeFileAtomic(file, "new text", { fsync: true });
    expect(fs.readFileSync(file, "utf8")).to.equal("new text");
    writeFileAtomicSync(file, Uint8Array.of(1, 2, 3), { fsync: true });
    expect(Array.from(fs.readFileSync(file))).to.deep.equal([1, 2, 3]);
    writeFileAtomicSync(path.join(dir, "second.json"), "é");
    expect(fs.readFileSync(path.join(dir, "second.json"), "utf8")).to.equal("é");
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["manifest.json", "second.json"]);
  });

  it("fail with the file system's error when the folder does not exist, and create nothing", async function () {
    const file = path.join(dir, "missing", "x.json");
    let error: NodeJS.ErrnoException | undefined;
    await writeFileAtomic(file, "x").catch((e: NodeJS.ErrnoException) => (error = e));
    expect(error?.code).to.equal("ENOENT");
    expect(() => writeFileAtomicSync(file, "x"))
      .to.throw()
      .with.property("code", "ENOENT");
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });
});
