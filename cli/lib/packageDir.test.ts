import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { packageDir } from "./packageDir";

describe("cli/lib/packageDir", function () {
  it("finds the repository's package.json from the sources, with its version", function () {
    const root = path.resolve(__dirname, "..", "..");
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    expect(packageDir()).to.deep.equal({ dir: root, version });
  });
});
