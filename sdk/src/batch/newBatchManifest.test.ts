import { expect } from "chai";
import { MANIFEST_FORMAT, type Hex } from "../types";
import { newBatchManifest } from "./newBatchManifest";

const ROOT = `0x${"ab".repeat(32)}` as Hex;
const INPUT_HASH = `0x${"cd".repeat(32)}` as Hex;

describe("newBatchManifest", function () {
  it("writes the keys in manifest.json order, the credentials folder and the file names", function () {
    const manifest = newBatchManifest({
      root: ROOT,
      leafCount: 2,
      inputHash: INPUT_HASH,
      createdAt: "2026-03-01T09:00:00Z",
      issuer: { id: "did:web:example.edu", name: "Example University", url: "https://example.edu" },
      files: ["ada-lovelace.json", "alan-turing.json"],
    });
    expect(JSON.stringify(manifest)).to.equal(
      JSON.stringify({
        format: MANIFEST_FORMAT,
        root: ROOT,
        leafCount: 2,
        inputHash: INPUT_HASH,
        createdAt: "2026-03-01T09:00:00Z",
        issuer: { id: "did:web:example.edu", name: "Example University", url: "https://example.edu" },
        credentialsDir: "credentials",
        files: ["ada-lovelace.json", "alan-turing.json"],
      }),
    );
  });

  it("keeps only a string name and url of the issuer, and nothing else it carries", function () {
    const manifest = newBatchManifest({
      root: ROOT,
      leafCount: 1,
      inputHash: INPUT_HASH,
      createdAt: "2026-03-01T09:00:00Z",
      issuer: { id: "did:web:example.edu", name: { en: "Example" }, url: 42, type: "Profile" } as {
        id: string;
        name?: unknown;
        url?: unknown;
      },
      files: ["000000.json"],
    });
    expect(manifest.issuer).to.deep.equal({ id: "did:web:example.edu" });
  });
});
