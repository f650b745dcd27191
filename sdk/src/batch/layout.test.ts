import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keccak256 as ethersKeccak256, toUtf8Bytes } from "ethers";
import { readManifest } from "../anchor/batchFiles";
import { listCredentialFiles } from "../verify/files";
import { BatchDirectoryError } from "../errors/anchor";
import {
  credentialBaseFileName,
  credentialBaseFileNameOf,
  credentialFileName,
  credentialRelativePath,
  credentialShortId,
  listBatchFiles,
  nameSlug,
  uniqueFileNames,
} from "./layout";

describe("batch: credential file names", function () {
  it("slugs a name: lower-case ASCII, accents folded, one hyphen between words", function () {
    expect(nameSlug("Ada Lovelace")).to.equal("ada-lovelace");
    expect(nameSlug("  Zoë  Ångström-Ødegård ")).to.equal("zoe-angstrom-odegard");
    expect(nameSlug("Jürgen Groß")).to.equal("jurgen-gross");
    expect(nameSlug("Łukasz Żółć")).to.equal("lukasz-zolc");
    expect(nameSlug("O'Brien, Seán (MSc)")).to.equal("o-brien-sean-msc");
    expect(nameSlug("王芳")).to.equal("");
  });

  it("cuts a long name at a hyphen, at most 40 characters", function () {
    const slug = nameSlug("Maria Magdalena Josefina Antonia Fernandez de la Cruz y Montoya");
    expect(slug).to.equal("maria-magdalena-josefina-antonia");
    expect(nameSlug("x".repeat(60))).to.equal("x".repeat(40));
  });

  it("takes the short id from keccak256 of the credential id", function () {
    const id = "urn:uuid:5f1b2c3d-0000-4000-8000-000000000001";
    expect(credentialShortId(id)).to.equal(ethersKeccak256(toUtf8Bytes(id)).slice(2, 8));
    expect(credentialBaseFileName("Ada Lovelace", id)).to.equal(`ada-lovelace-${credentialShortId(id)}.json`);
    expect(credentialBaseFileName("王芳", id)).to.equal(`credential-${credentialShortId(id)}.json`);
    expect(credentialBaseFileName(undefined, id)).to.equal(`credential-${credentialShortId(id)}.json`);
  });

  it("gives the file names of SPEC.md 5.2's test vector", function () {
    const ada = "urn:uuid:4f0c6d2e-1a3b-4c5d-8e9f-0a1b2c3d4e5f";
    const zoe = "urn:uuid:9b2e7c41-5d6f-4a80-b1c2-d3e4f5a6b7c8";
    expect(credentialBaseFileName("Ada Lovelace", ada)).to.equal("ada-lovelace-cc37a8.json");
    expect(credentialBaseFileName("Zoë Ångström", zoe)).to.equal("zoe-angstrom-078f4a.json");
    expect(credentialBaseFileName("李 华", zoe)).to.equal("credential-078f4a.json");
    expect(credentialBaseFileNameOf({ id: ada, credentialSubject: { name: "Ada Lovelace" } })).to.equal(
      "ada-lovelace-cc37a8.json",
    );
    expect(credentialBaseFileNameOf({ id: ada, credentialSubject: {} })).to.equal("credential-cc37a8.json");
  });

  it("makes names unique in batch order, the same way every time", function () {
    const names = ["ada-f9d105.json", "bob-000001.json", "ada-f9d105.json", "ada-f9d105-2.json", "ada-f9d105.json"];
    const unique = uniqueFileNames(names);
    expect(unique).to.deep.equal([
      "ada-f9d105.json",
      "bob-000001.json",
      "ada-f9d105-2.json",
      "ada-f9d105-2-2.json",
      "ada-f9d105-3.json",
    ]);
    expect(new Set(unique).size).to.equal(names.length);
    expect(uniqueFileNames(names)).to.deep.equal(unique);
  });

  it("finds a credential through the manifest's files, or by index in an older batch", function () {
    const files = ["ada-lovelace-f9d105.json", "credential-0a1b2c.json"];
    expect(credentialRelativePath({ credentialsDir: "credentials", leafCount: 2, files }, 1)).to.equal(
      "credentials/credential-0a1b2c.json",
    );
    expect(credentialRelativePath({ credentialsDir: "credentials", leafCount: 2 }, 1)).to.equal(
      "credentials/000001.json",
    );
    expect(credentialFileName(7, 10_000_000)).to.equal("0000007.json");
    expect(listBatchFiles({ credentialsDir: "c", leafCount: 2, files })).to.deep.equal([
      "c/ada-lovelace-f9d105.json",
      "c/credential-0a1b2c.json",
    ]);
    expect(listBatchFiles({ credentialsDir: "c", leafCount: 2 })).to.deep.equal(["c/000000.json", "c/000001.json"]);
  });
});

describe("batch: readManifest and the manifest's files", function () {
  let dir: string;
  const manifest = (extra: Record<string, unknown>) => ({
    format: "credanchor-batch/1",
    root: `0x${"ab".repeat(32)}`,
    leafCount: 2,
    inputHash: `0x${"cd".repeat(32)}`,
    createdAt: "2026-03-01T09:00:00Z",
    issuer: { id: "did:web:example.org" },
    credentialsDir: "credentials",
    ...extra,
  });
  const write = (extra: Record<string, unknown>) =>
    fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest(extra), null, 2)}\n`);
  const refusal = async (extra: Record<string, unknown>) => {
    write(extra);
    try {
      await readManifest(dir);
    } catch (error) {
      expect(error).to.be.instanceOf(BatchDirectoryError);
      return error as BatchDirectoryError;
    }
    throw new Error("readManifest accepted the manifest");
  };

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-layout-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads a manifest with files, and one without (an older batch)", async function () {
    write({ files: ["ada-f9d105.json", "bob-0a1b2c.json"] });
    expect((await readManifest(dir)).manifest.files).to.deep.equal(["ada-f9d105.json", "bob-0a1b2c.json"]);
    write({});
    expect((await readManifest(dir)).manifest.files).to.equal(undefined);
  });

  it("refuses files that do not name one file per credential, or leave the folder", async function () {
    expect((await refusal({ files: ["ada-f9d105.json"] })).location?.pointer).to.equal("/files");
    expect((await refusal({ files: "ada.json" })).location?.pointer).to.equal("/files");
    const escape = await refusal({ files: ["ada-f9d105.json", "../../etc/passwd.json"] });
    expect(escape.location?.pointer).to.equal("/files/1");
    expect(escape.shortMessage).to.include('"../../etc/passwd.json" is not a credential file name');
    const twice = await refusal({ files: ["ada-f9d105.json", "ada-f9d105.json"] });
    expect(twice.location?.pointer).to.equal("/files/1");
    expect(twice.shortMessage).to.include("twice");
    expect((await refusal({ files: ["ada-f9d105.json", 7] })).location?.pointer).to.equal("/files/1");
  });

  it("verify lists a batch's files in the manifest's order, and an older batch's by name", async function () {
    fs.mkdirSync(path.join(dir, "credentials"));
    for (const name of ["zed-000001.json", "ada-000002.json", "000000.json", "000001.json"]) {
      fs.writeFileSync(path.join(dir, "credentials", name), "{}");
    }
    write({ files: ["zed-000001.json", "ada-000002.json"] });
    expect(await listCredentialFiles([dir])).to.deep.equal([
      path.join(dir, "credentials", "zed-000001.json"),
      path.join(dir, "credentials", "ada-000002.json"),
    ]);
    write({});
    expect((await listCredentialFiles([dir])).map((f) => path.basename(f))).to.deep.equal([
      "000000.json",
      "000001.json",
      "ada-000002.json",
      "zed-000001.json",
    ]);
    write({ files: ["../x.json", "ada-000002.json"] });
    await listCredentialFiles([dir]).then(
      () => expect.fail("accepted a file outside the folder"),
      (error: Error) => expect(error.message).to.include("not a list of credential file names"),
    );
  });
});
