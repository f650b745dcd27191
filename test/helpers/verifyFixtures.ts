/**
 * Helpers for the verification tests: build a batch of real credentials (digest + Merkle tree +
 * proof entries, with the SDK's own functions), deploy registries and anchor roots on a real chain
 * (a `hardhat node` over HTTP, or the in-process Hardhat network through its EIP-1193 provider).
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  getAddress,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { prepareDigest } from "../../sdk/src/canonical/prepareDigest";
import { attachProof } from "../../sdk/src/credential/attachProof";
import { credentialRegistryAbi, credentialRegistryBytecode } from "../../sdk/src/chain/registryArtifact";
import type { Eip1193Provider } from "../../sdk/src/chain/transport/types";
import { buildMerkleTree } from "../../sdk/src/merkle/buildMerkleTree";
import { initKeccak } from "../../sdk/src/hash/keccak";
import { editEntry } from "../fixtures/samples";
import type { Address, AnchorRecord, CredAnchorProofEntry, Hex } from "../../sdk/src/types";

export const ADMIN = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
export const ISSUER_URL = "https://university.example";

const hardhatChain = defineChain({
  id: 31337,
  name: "Hardhat",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
});

/** A credential as the tests handle it: JSON with a credanchor proof. */
export type TestCredential = Record<string, unknown> & { proof: CredAnchorProofEntry[] };

/** An unsigned Open Badges 3.0 credential for recipient `index`. */
export function unsignedCredential(
  index: number,
  options: { issuerUrl?: string; validFrom?: string; validUntil?: string } = {},
): Record<string, unknown> {
  const issuerUrl = options.issuerUrl ?? ISSUER_URL;
  const credential: Record<string, unknown> = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `urn:uuid:00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: issuerUrl, type: ["Profile"], name: "Example University", url: issuerUrl },
    validFrom: options.validFrom ?? "2025-01-01T00:00:00Z",
    name: "Data Science Foundations",
    credentialSubject: {
      type: ["AchievementSubject"],
      name: `Learner ${index}`,
      identifier: [
        {
          type: "IdentityObject",
          identityHash: `sha256$${index.toString(16).padStart(64, "0")}`,
          identityType: "emailAddress",
          hashed: true,
        },
      ],
      achievement: {
        id: `${issuerUrl}/achievements/ds-101`,
        type: ["Achievement"],
        name: "Data Science Foundations",
        description: "Completed the Data Science Foundations course.",
        criteria: { narrative: "Pass all modules with at least 60%." },
      },
      result: [{ type: ["Result"], value: String(60 + (index % 40)) }],
    },
  };
  if (options.validUntil) credential.validUntil = options.validUntil;
  return credential;
}

export interface TestBatch {
  root: Hex;
  credentials: TestCredential[];
}

/**
 * Builds a batch of `count` credentials with proofs: not anchored yet, or, with `anchor` (called once
 * with the batch's root, e.g. to anchor it on a chain), with the anchor record it returns already in
 * every proof: the same credentials as `withAnchor` on each, without decoding, copying and encoding
 * every proof again (a 10,000-credential batch: about 3 CPU-s less).
 */
export async function buildTestBatch(
  count: number,
  options: {
    issuerUrl?: string;
    validFrom?: string;
    validUntil?: string;
    created?: string;
    anchor?: (root: Hex) => Promise<AnchorRecord>;
  } = {},
): Promise<TestBatch> {
  await initKeccak();
  const unsigned = Array.from({ length: count }, (_, i) => unsignedCredential(i, options));
  return proveBatch(unsigned, options.created ?? "2025-01-01T00:00:00Z", options.anchor);
}

/**
 * `unsigned` (documents without `proof`) issued as one batch in their order: each with its salts, its
 * digest and its Merkle path under the batch's root, the proof entry `created` at `created`, and, with
 * `anchor` (called once with the root), the anchor record it returns. Call `initKeccak` first.
 */
export async function proveBatch(
  unsigned: readonly Record<string, unknown>[],
  created: string,
  anchor?: (root: Hex) => Promise<AnchorRecord>,
): Promise<TestBatch> {
  const prepared = unsigned.map((credential) => prepareDigest(credential));
  const tree = buildMerkleTree(prepared.map((p) => p.digest));
  const record = anchor === undefined ? undefined : await anchor(tree.root);
  const credentials = unsigned.map(
    (credential, i) =>
      attachProof(credential, {
        created,
        digest: prepared[i].digest,
        root: tree.root,
        leafIndex: i,
        path: tree.getProof(i),
        salts: prepared[i].salts,
        redactedHashes: [],
        ...(record === undefined ? {} : { anchor: record }),
      }) as unknown as TestCredential,
  );
  return { root: tree.root, credentials };
}

/** A copy of `credential` whose proof carries `anchor`. */
export function withAnchor(credential: TestCredential, anchor: AnchorRecord): TestCredential {
  const copy = structuredClone(credential);
  editEntry(copy, (entry) => (entry.anchor = anchor));
  return copy;
}

/** viem clients on one chain endpoint, acting as Hardhat's first account (unlocked). */
export interface TestChain {
  wallet: WalletClient;
  publicClient: PublicClient;
}

/** Clients for a URL (a `hardhat node`) or an EIP-1193 provider (the in-process network). */
export function testChain(endpoint: string | Eip1193Provider): TestChain {
  const transport: Transport =
    typeof endpoint === "string"
      ? http(endpoint)
      : custom(endpoint as { request(args: { method: string; params?: unknown }): Promise<unknown> });
  return {
    wallet: createWalletClient({ chain: hardhatChain, transport, account: ADMIN }),
    publicClient: createPublicClient({ chain: hardhatChain, transport, pollingInterval: 50 }),
  };
}

/** Deploys a registry whose admin is Hardhat's first account; returns its address. */
export async function deployTestRegistry(
  chain: TestChain,
  profile: { name?: string; url?: string } = {},
): Promise<Address> {
  const hash = await chain.wallet.deployContract({
    abi: credentialRegistryAbi,
    bytecode: credentialRegistryBytecode as Hex,
    args: [ADMIN, profile.name ?? "Example University", profile.url ?? ISSUER_URL],
    account: ADMIN,
    chain: hardhatChain,
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("deployment failed");
  return getAddress(receipt.contractAddress) as Address;
}

/** Anchors `root` in `registry` and returns the anchor record a proof would carry. */
export async function anchorTestRoot(
  chain: TestChain,
  registry: Address,
  root: Hex,
  leafCount: number,
): Promise<AnchorRecord> {
  const hash = await chain.wallet.writeContract({
    address: registry,
    abi: credentialRegistryAbi,
    functionName: "anchor",
    args: [root, BigInt(leafCount), ""],
    account: ADMIN,
    chain: hardhatChain,
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return {
    chain: "eip155:31337",
    registry,
    transactionHash: hash,
    blockNumber: Number(receipt.blockNumber),
    anchoredAt: new Date(Number(block.timestamp) * 1000).toISOString().replace(".000Z", "Z"),
  };
}

/** Calls a registry write (revoke, suspend, reinstate, revokeBatch...) and waits for it. */
export async function writeRegistry(
  chain: TestChain,
  registry: Address,
  functionName: "revoke" | "suspend" | "reinstate",
  root: Hex,
  indices: number[],
  reason?: Hex,
): Promise<void>;
export async function writeRegistry(
  chain: TestChain,
  registry: Address,
  functionName: "revokeBatch",
  root: Hex,
  indices?: undefined,
  reason?: Hex,
): Promise<void>;
export async function writeRegistry(
  chain: TestChain,
  registry: Address,
  functionName: "revoke" | "suspend" | "reinstate" | "revokeBatch",
  root: Hex,
  indices: number[] = [],
  reason: Hex = `0x${"00".repeat(32)}`,
): Promise<void> {
  let hash: Hex;
  if (functionName === "revokeBatch") {
    hash = await chain.wallet.writeContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName,
      args: [root, reason],
      account: ADMIN,
      chain: hardhatChain,
    });
  } else {
    const words = new Map<bigint, bigint>();
    for (const index of indices) {
      const word = BigInt(index >> 8);
      words.set(word, (words.get(word) ?? 0n) | (1n << BigInt(index & 255)));
    }
    hash = await chain.wallet.writeContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName,
      args: [root, [...words.keys()], [...words.values()], reason],
      account: ADMIN,
      chain: hardhatChain,
    });
  }
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
}

/** Mines `count` empty blocks. */
export async function mine(endpoint: string | Eip1193Provider, count: number): Promise<void> {
  const provider: Eip1193Provider =
    typeof endpoint === "string"
      ? {
          request: async ({ method, params }) => {
            const response = await fetch(endpoint, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
            });
            return ((await response.json()) as { result: unknown }).result;
          },
        }
      : endpoint;
  await provider.request({ method: "hardhat_mine", params: [`0x${count.toString(16)}`] });
}
