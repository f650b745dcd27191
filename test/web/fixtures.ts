/**
 * A small anchored batch on a real `hardhat node`, for the browser tests, made with the SDK's own
 * issuer functions: issueBatch (template + JSONL recipients → batch directory), deployRegistry with
 * the issuer's profile, anchorBatch, and revokeCredentials for one of them; plus variants a holder or
 * an attacker would make (redacted, tampered).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  anchorBatch,
  createRegistryClient,
  deployRegistry,
  discloseCredential,
  issueBatch,
  revokeCredentials,
  type Address,
  type Caip2ChainId,
  type CredentialTemplate,
  type Hex,
  type RecipientRow,
} from "../../sdk/src/node";
import { HARDHAT_ACCOUNTS, type HardhatNode } from "../helpers/hardhatNode";
import { credentialFiles } from "../helpers/credentialFiles";

/**
 * The chain id the browser tests run their node on (`sharedHardhatNode({ chainId })`): not the local
 * development chain 31337, where the SDK does not check the issuer and the page never gives the
 * public-chain green, so the page can reach a public-chain verdict.
 */
export const TEST_PUBLIC_CHAIN_ID = 424242;

export const ISSUER_URL = "https://credentials.example.edu";

/** A badge image as a data: URL, so the page loads nothing from the network. */
const BADGE_IMAGE =
  "data:image/svg+xml;base64," +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="44" fill="#0b4fc4"/>' +
      '<path d="M30 50l12 12 24-28" stroke="#fff" stroke-width="8" fill="none" stroke-linecap="round"/></svg>',
  ).toString("base64");

export const TEMPLATE: CredentialTemplate = {
  issuer: { id: ISSUER_URL, type: ["Profile"], name: "Example University", url: ISSUER_URL },
  achievement: {
    id: `${ISSUER_URL}/achievements/smart-contracts-101`,
    type: ["Achievement"],
    name: "Introduction to Smart Contracts",
    description: "Completed a six-week course on writing, testing and deploying Solidity smart contracts.",
    criteria: {
      id: `${ISSUER_URL}/achievements/smart-contracts-101/criteria`,
      narrative: "Pass all four graded assignments.\nScore at least 70% in the final exam.",
    },
    achievementType: "Course",
    image: { id: BADGE_IMAGE, type: "Image", caption: "Smart Contracts 101 badge" },
    alignment: [
      {
        type: ["Alignment"],
        targetName: "Develop software for distributed ledgers",
        targetUrl: "https://esco.ec.europa.eu/en/classification/skill?uri=example",
        targetFramework: "ESCO",
        targetCode: "S1.2.3",
      },
    ],
  },
  validFrom: "2026-01-15T09:00:00Z",
  validUntil: "2099-01-15T09:00:00Z",
};

const RECIPIENTS: RecipientRow[] = [
  {
    name: "Ada Lovelace",
    email: "ada@example.org",
    score: "92",
    status: "Completed",
    evidence: { type: ["Evidence"], id: "https://portfolio.example.org/ada/registry", name: "Final project" },
  },
  { name: "Alan Turing", email: "alan@example.org", score: "88", status: "Completed" },
  { name: "Grace Hopper", email: "grace@example.org", score: "95", status: "Completed" },
  { name: "Edsger Dijkstra", id: "did:example:edsger", score: "79", status: "Completed" },
];

/** The credential files of the batch, as JSON-ready objects. */
export interface BatchFixture {
  chain: Caip2ChainId;
  registry: Address;
  root: Hex;
  /** Every credential, in batch order, with its anchor record. */
  credentials: Record<string, unknown>[];
  /** Index of the credential that was revoked. */
  revokedIndex: number;
  /** The batch directory (anchored), and the recipients file it was issued from. */
  batchDir: string;
  recipientsFile: string;
  /** Removes the batch directory. */
  cleanup(): Promise<void>;
}

/**
 * Issues a batch of four credentials, deploys a registry on `node` whose profile names the issuer,
 * anchors the batch, and revokes one credential.
 *
 * @example
 * const batch = await issueAnchoredBatch(node);
 */
export async function issueAnchoredBatch(node: Pick<HardhatNode, "url" | "chainId">): Promise<BatchFixture> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-web-"));
  const templateFile = path.join(work, "template.json");
  const recipientsFile = path.join(work, "recipients.jsonl");
  await fs.writeFile(templateFile, JSON.stringify(TEMPLATE, null, 2));
  await fs.writeFile(recipientsFile, RECIPIENTS.map((row) => JSON.stringify(row)).join("\n") + "\n");
  const batchDir = path.join(work, "batch");
  const issued = await issueBatch({
    template: templateFile,
    recipients: recipientsFile,
    outDir: batchDir,
    workers: 0,
    now: "2026-01-15T09:00:00Z",
  });

  const client = createRegistryClient({
    chainId: node.chainId,
    rpcUrl: node.url,
    account: { privateKey: HARDHAT_ACCOUNTS[0].privateKey },
    // The node mines a block per transaction and none in between: one confirmation, polled quickly,
    // whatever its chain id (the browser tests run it as chain 424242, a "public" chain).
    confirmations: 1,
    pollingInterval: 100,
  });
  const { address: registry } = await deployRegistry(client, {
    admin: HARDHAT_ACCOUNTS[0].address,
    name: TEMPLATE.issuer.name,
    url: ISSUER_URL,
  });
  await anchorBatch(batchDir, { client, registry });

  const files = credentialFiles(batchDir);
  const revokedIndex = 2;
  await revokeCredentials([files[revokedIndex]], "issued-in-error", { client, registry });

  const credentials = await Promise.all(
    files.map(async (file) => JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>),
  );
  return {
    chain: `eip155:${node.chainId}` as Caip2ChainId,
    registry,
    root: issued.manifest.root,
    credentials,
    revokedIndex,
    batchDir,
    recipientsFile,
    cleanup: () => fs.rm(work, { recursive: true, force: true }),
  };
}

/** A copy of `credential` with one visible value changed (the recipient's score). */
export function tamper(credential: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(credential) as { credentialSubject: { result: { value: string }[] } };
  copy.credentialSubject.result[0].value = "100";
  return copy as unknown as Record<string, unknown>;
}

/** What a holder shares when hiding their name and their result. */
export function redact(credential: Record<string, unknown>): Record<string, unknown> {
  return discloseCredential(credential, ["/credentialSubject/name", "/credentialSubject/result"]);
}
