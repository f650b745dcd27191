import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readTextIfExists } from "./readTextIfExists";

describe("readTextIfExists", function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-read-"));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("returns the file's UTF-8 text", async function () {
    const file = path.join(dir, "record.json");
    fs.writeFileSync(file, '{"name":"Zoë"}\n');
    expect(await readTextIfExists(file)).to.equal('{"name":"Zoë"}\n');
  });

  it("returns undefined when the file does not exist", async function () {
    expect(await readTextIfExists(path.join(dir, "missing.json"))).to.equal(undefined);
  });

  it("throws any other read error as it is (a folder in the file's place)", async function () {
    const error = await readTextIfExists(dir).then(
      () => undefined,
      (caught: unknown) => caught as NodeJS.ErrnoException,
    );
    expect(error?.code).to.equal("EISDIR");
  });
});
