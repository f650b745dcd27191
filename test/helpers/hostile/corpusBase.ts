/**
 * The credentials the hostile corpus is made from: two small batches built deterministically (seeded
 * salts, fixed ids and time) with the SDK's own functions, each with a made-up anchor record. Every
 * hostile credential in test/fixtures/hostile/credentials/ is one of these with one thing changed.
 */
import { sha256 } from "@noble/hashes/sha2";
import { prepareDigest } from "../../../sdk/src/canonical/prepareDigest";
import { createCredential, type RecipientRow } from "../../../sdk/src/credential/createCredential";
import type { CredentialTemplate } from "../../../sdk/src/credential/validateTemplate";
import { initKeccak } from "../../../sdk/src/hash/keccak";
import { buildMerkleTree } from "../../../sdk/src/merkle/buildMerkleTree";
import {
  LEGACY_PROOF_TYPE,
  type AnchorRecord,
  type Hex,
  type LegacyCredAnchorProofEntry,
} from "../../../sdk/src/types";

/** The issue time of both batches. */
export const CORPUS_NOW = "2026-03-01T09:00:00Z";

/** The template both batches are issued from (also written to test/fixtures/hostile/template.json). */
export const CORPUS_TEMPLATE: CredentialTemplate = {
  issuer: {
    id: "https://credentials.example.edu",
    type: ["Profile"],
    name: "Example University",
    url: "https://www.example.edu",
  },
  achievement: {
    id: "https://credentials.example.edu/achievements/data-analytics",
    type: ["Achievement"],
    name: "Data Analytics Certificate",
    description: "Awarded for completing the 120-hour data analytics programme.",
    criteria: { narrative: "Pass all six modules and the capstone project with at least 70%." },
  },
  validUntil: "2031-01-01T00:00:00Z",
};

/** Batch A: three recipients (an e-mail with a score, a DID, a name in composed (NFC) Unicode). */
export const RECIPIENTS_A: RecipientRow[] = [
  { name: "Ada Lovelace", email: "ada@example.org", score: "92", creditsEarned: 12.5 },
  { name: "Grace Hopper", id: "did:example:grace", status: "Completed" },
  { name: "\u00c9milie du Ch\u00e2telet", email: "emilie@example.org", narrative: "Capstone on \u00e9nergie." },
];

/** Batch B: two other recipients, another root. */
export const RECIPIENTS_B: RecipientRow[] = [
  { name: "Alan Turing", id: "did:example:alan", score: "88" },
  { name: "Katherine Johnson", email: "katherine@example.org" },
];

/**
 * Batch C: one recipient, issued from CORPUS_TEMPLATE with a `credentialStatus` (a protected member the
 * other batches lack).
 */
export const RECIPIENTS_C: RecipientRow[] = [{ name: "Mary Somerville", email: "mary@example.org" }];
export const CORPUS_TEMPLATE_C: CredentialTemplate = {
  ...CORPUS_TEMPLATE,
  credentialStatus: { type: "CredAnchorRegistryStatus2026" },
};

/** The (made-up) anchor records of the batches. Offline checks never read them. */
export const ANCHOR_A: AnchorRecord = {
  chain: "eip155:31337",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  transactionHash: `0x${"a1".repeat(32)}`,
  blockNumber: 2,
  anchoredAt: "2026-03-01T09:05:00Z",
};
export const ANCHOR_B: AnchorRecord = {
  chain: "eip155:31337",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  transactionHash: `0x${"b2".repeat(32)}`,
  blockNumber: 3,
  anchoredAt: "2026-03-01T09:06:00Z",
};
export const ANCHOR_C: AnchorRecord = {
  chain: "eip155:31337",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  transactionHash: `0x${"c3".repeat(32)}`,
  blockNumber: 4,
  anchoredAt: "2026-03-01T09:07:00Z",
};

/** A credential as the corpus handles it: JSON with one credanchor proof entry last in `proof`. */
export type CorpusCredential = Record<string, unknown> & { proof: LegacyCredAnchorProofEntry[] };

/** Deterministic bytes: sha256(label ‖ counter), as many as asked. */
export function seededBytes(label: string): (length: number) => Uint8Array {
  let counter = 0;
  const encoder = new TextEncoder();
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = sha256(encoder.encode(`${label}:${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  };
}

/**
 * Issues `recipients` from CORPUS_TEMPLATE with seeded randomness and returns the credentials with
 * their proof entries (anchored with `anchor` when given) and the root. `template` defaults to
 * CORPUS_TEMPLATE.
 *
 * @example
 * const { credentials, root } = await buildCorpusBatch("A", RECIPIENTS_A, ANCHOR_A);
 */
export async function buildCorpusBatch(
  label: string,
  recipients: readonly RecipientRow[],
  anchor?: AnchorRecord,
  template: CredentialTemplate = CORPUS_TEMPLATE,
): Promise<{ root: Hex; credentials: CorpusCredential[] }> {
  await initKeccak();
  const random = seededBytes(`credanchor hostile corpus ${label}`);
  const unsigned = recipients.map((row, i) =>
    createCredential(template, row, {
      now: CORPUS_NOW,
      row: i + 2,
      randomBytes: random,
      id: `urn:uuid:00000000-0000-4000-8000-${label.charCodeAt(0).toString(16).padStart(4, "0")}${i.toString(16).padStart(8, "0")}`,
    }),
  );
  const prepared = unsigned.map((credential) => prepareDigest(credential, { randomSalt: () => random(16) }));
  const tree = buildMerkleTree(prepared.map((p) => p.digest));
  const credentials = unsigned.map((credential, i) => {
    // The corpus keeps the legacy readable-JSON entry (which readers still accept), so that each
    // mutation names one JSON member; the DataIntegrityProof format is attacked byte by byte in
    // sdk/src/credential/proofEntry.test.ts.
    const entry: LegacyCredAnchorProofEntry = {
      type: LEGACY_PROOF_TYPE,
      created: CORPUS_NOW,
      proofPurpose: "assertionMethod",
      digest: prepared[i].digest,
      root: tree.root,
      leafIndex: i,
      path: tree.getProof(i),
      salts: prepared[i].salts,
      redactedHashes: [],
      ...(anchor ? { anchor } : {}),
    };
    // A deep copy, so that mutating one credential never touches the template shared by all.
    return JSON.parse(JSON.stringify({ ...credential, proof: [entry] })) as CorpusCredential;
  });
  return { root: tree.root, credentials };
}

/** The file text of a credential, as the batch builder writes it (two-space indent, final newline). */
export function credentialText(credential: unknown): string {
  return `${JSON.stringify(credential, null, 2)}\n`;
}
