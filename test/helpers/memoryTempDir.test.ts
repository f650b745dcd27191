import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TMPFS_MAGIC, isMemoryDirWithRoom, memoryTempDir } from "./memoryTempDir";
import { REPO_ROOT } from "./repoRoot";

const isTmpfs = (dir: string) => {
  try {
    return fs.statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
};

describe("test helpers: memoryTempDir", function () {
  const made: string[] = [];
  after(function () {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  const make = (...args: Parameters<typeof memoryTempDir>) => {
    const dir = memoryTempDir(...args);
    made.push(dir);
    return dir;
  };

  it("makes a fresh folder in a tmpfs that has the room asked for", function () {
    if (!isTmpfs("/dev/shm")) this.skip(); // no tmpfs here: the fallback below is what runs
    const dir = make("memoryTempDir-", 1024, ["/dev/shm"]);
    expect(path.dirname(dir)).to.equal("/dev/shm");
    expect(path.basename(dir)).to.match(/^memoryTempDir-.{6}$/);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
    expect(isTmpfs(dir)).to.equal(true);
  });

  it("falls back to os.tmpdir() when the tmpfs lacks room, is missing or is not a tmpfs", function () {
    const free = isTmpfs("/dev/shm") ? fs.statfsSync("/dev/shm").bavail * fs.statfsSync("/dev/shm").bsize : 0;
    expect(path.dirname(make("memoryTempDir-", free + 2 ** 40, ["/dev/shm"]))).to.equal(os.tmpdir());
    expect(path.dirname(make("memoryTempDir-", 0, [path.join(REPO_ROOT, "no-such-folder")]))).to.equal(os.tmpdir());
    if (!isTmpfs(REPO_ROOT)) {
      expect(isMemoryDirWithRoom(REPO_ROOT, 0)).to.equal(false);
      expect(path.dirname(make("memoryTempDir-", 0, [REPO_ROOT]))).to.equal(os.tmpdir());
    }
  });

  it("refuses a size that is not a number of bytes", function () {
    expect(() => memoryTempDir("x-", -1)).to.throw(
      RangeError,
      "memoryTempDir: bytes must be a finite number >= 0, got -1",
    );
    expect(() => memoryTempDir("x-", Number.NaN)).to.throw(RangeError, "got NaN");
  });
});
