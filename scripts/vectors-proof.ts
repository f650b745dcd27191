/**
 * Generates test/vectors/proof.json: credanchor's anchor proof (docs/SPEC.md section 4) for the
 * "open-badge" credential of test/vectors/digest.json, issued as a batch of one: not anchored,
 * anchored, and anchored then disclosed, plus the same anchored entry in the legacy format, and
 * proofValues a reader must refuse with their codes. Each valid vector lists the entry, the proofValue's
 * CBOR bytes in hex and the decoded anchor data. sdk/src/credential/proofVectors.test.ts checks them.
 *
 *   npx ts-node --transpile-only scripts/vectors-proof.ts          # rewrite the file
 *   npx ts-node --transpile-only scripts/vectors-proof.ts --check  # exit 1 if the file is stale
 */
import fs from "node:fs";
import path from "node:path";
import { discloseCredential } from "../sdk/src/canonical/discloseCredential";
import { attachProof } from "../sdk/src/credential/attachProof";
import { findProofEntry } from "../sdk/src/credential/findProofEntry";
import { encodeProofValue } from "../sdk/src/credential/proofValue";
import { isCredAnchorProofEntry } from "../sdk/src/credential/validateProofEntry";
import { LEGACY_PROOF_TYPE, type AnchorRecord, type CredAnchorProof } from "../sdk/src/types";
import { buildVectorCredentials } from "./vectors-digest";

export const PROOF_VECTORS_FILE = path.join(__dirname, "..", "test", "vectors", "proof.json");

/** The anchor record of the anchored vectors (a Hardhat chain; the transaction hash is made up). */
export const VECTOR_ANCHOR: AnchorRecord = {
  chain: "eip155:31337",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  transactionHash: "0x3f6c9e0d2b7a4c1e8f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80910",
  blockNumber: 2,
  anchoredAt: "2026-03-01T09:31:12Z",
};

export interface ProofVector {
  name: string;
  description: string;
  credential: Record<string, unknown>;
  /** The credanchor entry of `credential` (its last proof). */
  entry: Record<string, unknown>;
  /** The bytes of proofValue after the "u": base64url-decoded, in lower-case hex. */
  cborHex: string;
  /** What the entry says: `created` and the decoded proofValue (hex strings, anchor record or null). */
  decoded: Omit<CredAnchorProof, "anchor"> & { anchor: AnchorRecord | null };
}

export interface InvalidProofValueVector {
  name: string;
  proofValue: string;
  /** The ProofValueError code; the verifier's format check reports FORMAT_<code>. */
  code: string;
}

function lastEntry(credential: Record<string, unknown>): Record<string, unknown> {
  const entries = credential.proof as Record<string, unknown>[];
  return entries[entries.length - 1];
}

function vector(name: string, description: string, credential: Record<string, unknown>): ProofVector {
  const entry = lastEntry(credential);
  const data = findProofEntry(credential);
  const value = typeof entry.proofValue === "string" ? entry.proofValue : encodeProofValue(data);
  return {
    name,
    description,
    credential,
    entry,
    cborHex: Buffer.from(value.slice(1), "base64url").toString("hex"),
    decoded: { ...data, anchor: data.anchor ?? null },
  };
}

const u = (hex: string) => "u" + Buffer.from(hex, "hex").toString("base64url");

export function buildProofVectors() {
  const { signed, disclosed: disclosedUnanchored } = buildVectorCredentials();
  const issued = signed;
  const anchored = attachProof(issued, { ...findProofEntry(issued), anchor: VECTOR_ANCHOR }) as Record<string, unknown>;
  const disclosed = discloseCredential(anchored, [
    "/credentialSubject/identifier",
    "/credentialSubject/result/0/value",
    "/credentialSubject/name",
  ]);
  const { proof: _proof, ...withoutProof } = anchored;
  const legacy = {
    ...withoutProof,
    proof: [{ type: LEGACY_PROOF_TYPE, proofPurpose: "assertionMethod", ...findProofEntry(anchored) }],
  };
  if (!(legacy.proof as unknown[]).every(isCredAnchorProofEntry)) throw new Error("legacy entry not recognised");
  void disclosedUnanchored;

  const issuedHex = Buffer.from((lastEntry(issued).proofValue as string).slice(1), "base64url").toString("hex");
  const invalid: InvalidProofValueVector[] = [
    {
      name: "base58btc prefix instead of u",
      proofValue: "z" + (lastEntry(issued).proofValue as string).slice(1),
      code: "PROOF_VALUE_MULTIBASE",
    },
    { name: "base64 padding", proofValue: u(issuedHex.slice(0, -2)) + "==", code: "PROOF_VALUE_MULTIBASE" },
    { name: "unused bits set in the last character", proofValue: "uAB", code: "PROOF_VALUE_MULTIBASE" },
    { name: "truncated", proofValue: u(issuedHex.slice(0, -4)), code: "PROOF_VALUE_CBOR" },
    { name: "a tag before the array", proofValue: u("c1" + issuedHex), code: "PROOF_VALUE_CBOR" },
    { name: "a trailing zero byte", proofValue: u(issuedHex + "00"), code: "PROOF_VALUE_TRAILING_BYTES" },
    { name: "version 2", proofValue: u("8802" + issuedHex.slice(4)), code: "PROOF_VALUE_VERSION" },
    {
      name: "indefinite-length array",
      proofValue: u("9f" + issuedHex.slice(2) + "ff"),
      code: "PROOF_VALUE_NON_CANONICAL",
    },
    {
      name: "leafIndex 0 in a two-byte head (1800)",
      proofValue: u(issuedHex.slice(0, 140) + "1800" + issuedHex.slice(142)),
      code: "PROOF_VALUE_NON_CANONICAL",
    },
    {
      name: "a 31-byte digest",
      proofValue: u("8801581f" + issuedHex.slice(8, 70) + issuedHex.slice(72)),
      code: "PROOF_VALUE_CONTENT",
    },
  ];
  return {
    description:
      'credanchor anchor proof vectors (docs/SPEC.md section 4): a DataIntegrityProof with cryptosuite "credanchor-merkle-2026" whose proofValue is "u" + base64url (no padding) of the deterministic CBOR array [1, digest, root, leafIndex, path, salts, redactedHashes, anchor]. The credential is "open-badge" of test/vectors/digest.json, issued as a batch of one (root = leaf 0, path = []). Regenerate with: npx ts-node --transpile-only scripts/vectors-proof.ts',
    vectors: [
      vector("issued", "As issued: no anchor record (element 7 is null), no verificationMethod.", issued),
      vector(
        "anchored",
        "After anchoring: the anchor record in element 7, verificationMethod = did:pkh of the registry.",
        anchored,
      ),
      vector(
        "anchored-disclosed",
        "The anchored credential after discloseCredential of /credentialSubject/identifier, /credentialSubject/result/0/value and /credentialSubject/name: same digest, 7 redacted hashes, 6 salts.",
        disclosed as Record<string, unknown>,
      ),
      vector(
        "legacy-anchored",
        "The anchored credential with the legacy readable-JSON entry (type CredAnchorMerkleProof2026), which readers still accept; cborHex is what credanchor writes for it now.",
        legacy,
      ),
    ],
    invalid,
  };
}

export function serializeProofVectors(file: ReturnType<typeof buildProofVectors>): string {
  return JSON.stringify(file, null, 2) + "\n";
}

if (require.main === module) {
  const text = serializeProofVectors(buildProofVectors());
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(PROOF_VECTORS_FILE) ? fs.readFileSync(PROOF_VECTORS_FILE, "utf8") : "";
    if (current !== text) {
      console.error(`${PROOF_VECTORS_FILE} is stale: run npx ts-node --transpile-only scripts/vectors-proof.ts`);
      process.exit(1);
    }
    console.log(`${PROOF_VECTORS_FILE} is up to date`);
  } else {
    fs.writeFileSync(PROOF_VECTORS_FILE, text);
    console.log(`wrote ${PROOF_VECTORS_FILE}`);
  }
}
