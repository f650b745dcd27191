/**
 * Hostile credanchor.config.json files (through the CLI's config loader) and hostile batch manifests
 * (through the SDK's readManifest): each is refused with an expected error that names the file and
 * the line or JSON pointer, or is accepted when it is only unusual (a byte order mark).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "../../../cli/errors";
import { loadConfig } from "../../../cli/lib/config";
import { testIo } from "../../../cli/lib/testIo";
import { readManifest } from "../../../sdk/src/anchor/batchFiles";
import { BaseError, formatLocation } from "../../../sdk/src/errors/base";
import { BatchDirectoryError } from "../../../sdk/src/errors/anchor";
import { HOSTILE_DIR, type ConfigCase, type ManifestCase } from "../../helpers/hostile/corpus";

const cases = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "cases.json"), "utf8")) as {
  configs: ConfigCase[];
  manifests: ManifestCase[];
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("hostile corpus: credanchor.config.json through the config loader", function () {
  for (const c of cases.configs) {
    it(`${path.basename(c.file)}: ${c.what}`, function () {
      const io = testIo({ cwd: HOSTILE_DIR });
      const error = thrown(() => loadConfig(io, c.file));
      if ("accepted" in c.expect) {
        expect(error, String(error)).to.equal(undefined);
        expect(loadConfig(io, c.file).config.networks.localhost.chainId).to.equal(31337);
        return;
      }
      expect(error, c.file).to.be.instanceOf(ConfigError);
      const failure = error as ConfigError;
      expect(failure.shortMessage, c.file).to.include(c.expect.reason);
      const where = formatLocation(failure.location);
      expect(where, c.file).to.include(c.file);
      if (c.expect.where) expect(where, c.file).to.include(c.expect.where);
      expect(Object.prototype.hasOwnProperty.call({}, "chainId"), "prototype pollution").to.equal(false);
    });
  }

  it("a config nested 100,000 levels deep is refused at level 64, without a stack overflow", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-config-"));
    try {
      const file = path.join(dir, "credanchor.config.json");
      fs.writeFileSync(file, `{"issuer": {}, "//": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
      const error = thrown(() => loadConfig(testIo({ cwd: dir })));
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).shortMessage).to.include("nesting deeper than 64 levels");
      expect((error as ConfigError).location).to.deep.include({ file: "credanchor.config.json", line: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("hostile corpus: manifest.json through readManifest", function () {
  for (const c of cases.manifests) {
    it(`${path.basename(c.dir)}: ${c.what}`, async function () {
      const error = await readManifest(path.join(HOSTILE_DIR, c.dir)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, c.dir).to.be.instanceOf(BatchDirectoryError);
      const failure = error as BaseError;
      expect(failure.shortMessage, c.dir).to.include(c.expect.reason);
      const where = formatLocation(failure.location);
      expect(where, c.dir).to.include(path.join(c.dir, "manifest.json"));
      if (c.expect.where) expect(where, c.dir).to.include(c.expect.where);
    });
  }

  it("the valid manifest the hostile ones are made from is read", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-hostile-manifest-"));
    try {
      const text = fs.readFileSync(path.join(HOSTILE_DIR, "manifests", "root-zero", "manifest.json"), "utf8");
      const root = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, "credentials", "valid-a0.json"), "utf8")).proof[0]
        .root as string;
      fs.writeFileSync(path.join(dir, "manifest.json"), text.replace(`0x${"00".repeat(32)}`, root));
      const { manifest } = await readManifest(dir);
      expect(manifest.root).to.equal(root);
      expect(manifest.anchor?.blockNumber).to.equal(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
