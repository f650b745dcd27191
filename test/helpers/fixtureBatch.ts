/**
 * Small batch directories for the chain tests, written by hand in the layout of
 * sdk/src/batch/layout.ts (manifest.json + credentials/NNNNNN.json with a credanchor proof entry).
 * The root is random: these tests exercise anchoring and file rewriting, not Merkle proofs.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { toProofEntry } from "../../sdk/src/credential/proofEntry";
import { MANIFEST_FORMAT, type BatchManifest, type Hex } from "../../sdk/src/types";
import { CREDENTIALS_DIR, MANIFEST_FILE, credentialRelativePath } from "../../sdk/src/batch/layout";

export function randomRoot(): Hex {
  return `0x${randomBytes(32).toString("hex")}`;
}

/** A fresh temporary folder under the OS temp dir. */
export async function tempDir(prefix = "credanchor-chain-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes a batch directory with `leafCount` credentials and returns its path and manifest. */
export async function writeFixtureBatch(
  parent: string,
  name: string,
  { leafCount = 3, root = randomRoot() }: { leafCount?: number; root?: Hex } = {},
): Promise<{ dir: string; root: Hex; manifest: BatchManifest }> {
  const dir = path.join(parent, name);
  await fs.mkdir(path.join(dir, CREDENTIALS_DIR), { recursive: true });
  const manifest: BatchManifest = {
    format: MANIFEST_FORMAT,
    root,
    leafCount,
    inputHash: `0x${"ab".repeat(32)}`,
    createdAt: "2026-01-15T09:00:00Z",
    issuer: { id: "https://example.edu/issuer", name: "Example University", url: "https://example.edu" },
    credentialsDir: CREDENTIALS_DIR,
  };
  await fs.writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  for (let index = 0; index < leafCount; index++) {
    const credential = {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      id: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: manifest.issuer,
      validFrom: "2026-01-15T09:00:00Z",
      credentialSubject: { type: ["AchievementSubject"], achievement: { name: "Fixture" } },
      proof: [
        toProofEntry({
          created: "2026-01-15T09:00:00Z",
          digest: `0x${randomBytes(32).toString("hex")}`,
          root,
          leafIndex: index,
          path: [`0x${randomBytes(32).toString("hex")}`],
          salts: { "/id": `0x${randomBytes(16).toString("hex")}` },
          redactedHashes: [],
        }),
      ],
    };
    await fs.writeFile(
      path.join(dir, credentialRelativePath(manifest, index)),
      `${JSON.stringify(credential, null, 2)}\n`,
    );
  }
  return { dir, root, manifest };
}

/** Reads a JSON file. */
export async function readJson<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, "utf8")) as T;
}
