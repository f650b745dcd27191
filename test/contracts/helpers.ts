/**
 * Shared fixtures and helpers for the CredentialRegistry tests (not a test file itself: `hardhat test`
 * only runs `*.test.ts`).
 */
import hre, { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CredentialRegistry, CredentialRegistryFactory } from "../../typechain-types";

/** `ICredentialRegistry.Status`, as ethers returns it (a uint8 decoded to bigint). */
export const Status = {
  Unknown: 0n,
  Valid: 1n,
  Revoked: 2n,
  Suspended: 3n,
  BatchRevoked: 4n,
  OutOfRange: 5n,
} as const;
export type StatusValue = (typeof Status)[keyof typeof Status];

/**
 * True while `npm run coverage` runs the tests against solidity-coverage's instrumented build (optimizer off,
 * extra code): gas figures and the bytecode differ from the real build then.
 */
export const UNDER_COVERAGE =
  (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;

export const ISSUER_ROLE = ethers.id("ISSUER_ROLE");
export const REVOKER_ROLE = ethers.id("REVOKER_ROLE");
export const DEFAULT_ADMIN_ROLE = ethers.ZeroHash;

export const PROFILE_NAME = "Example University";
export const PROFILE_URL = "https://credentials.example.edu";

/** A reason code as the SDK writes it: a left-aligned ASCII string. */
export function reason(text: string): string {
  return ethers.encodeBytes32String(text);
}

/** A distinct root for `label` (keccak256 of its UTF-8 bytes). */
export function rootOf(label: string): string {
  return ethers.id(label);
}

/**
 * A bytes32 with all 32 bytes non-zero (worst case for calldata gas), distinct for each `seed`.
 * Byte i is `((seed * 31 + i) % 255) + 1`.
 */
export function denseBytes32(seed: number): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = ((seed * 31 + i) % 255) + 1;
  return ethers.hexlify(bytes);
}

/** The bitmap with exactly the given bit positions (0..255) set. */
export function maskOf(bits: readonly number[]): bigint {
  let mask = 0n;
  for (const bit of bits) mask |= 1n << BigInt(bit);
  return mask;
}

/** A mask with every bit from `from` (inclusive) to `to` (exclusive) set. */
export function rangeMask(from: number, to: number): bigint {
  return ((1n << BigInt(to - from)) - 1n) << BigInt(from);
}

/** Groups credential indices into the (wordIndices, masks) arguments of revoke / suspend / reinstate. */
export function wordsAndMasks(indices: readonly number[]): { wordIndices: bigint[]; masks: bigint[] } {
  const words = new Map<number, bigint>();
  for (const index of indices) words.set(index >> 8, (words.get(index >> 8) ?? 0n) | (1n << BigInt(index & 255)));
  const sorted = [...words.entries()].sort((a, b) => a[0] - b[0]);
  return { wordIndices: sorted.map(([word]) => BigInt(word)), masks: sorted.map(([, mask]) => mask) };
}

export interface RegistryFixture {
  registry: CredentialRegistry;
  admin: HardhatEthersSigner;
  issuer: HardhatEthersSigner;
  revoker: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  other: HardhatEthersSigner;
}

/**
 * A registry whose admin is signer 0 (holding every role), with signer 1 as a pure issuer, signer 2 as a
 * pure revoker and signers 3 and 4 holding nothing. Use through `loadFixture`.
 */
export async function deployRegistry(): Promise<RegistryFixture> {
  const [admin, issuer, revoker, stranger, other] = await ethers.getSigners();
  const registry = (await ethers.deployContract("CredentialRegistry", [
    admin.address,
    PROFILE_NAME,
    PROFILE_URL,
  ])) as unknown as CredentialRegistry;
  await registry.waitForDeployment();
  await (await registry.connect(admin).grantRole(ISSUER_ROLE, issuer.address)).wait();
  await (await registry.connect(admin).grantRole(REVOKER_ROLE, revoker.address)).wait();
  return { registry, admin, issuer, revoker, stranger, other };
}

/**
 * A factory deployed with CREATE by signer 5 (the contract tests do not need the deterministic deployment
 * proxy; the SDK tests deploy the factory through it). Use through `loadFixture`.
 */
export async function deployFactory(): Promise<{ factory: CredentialRegistryFactory }> {
  const signers = await ethers.getSigners();
  const factory = (await ethers.deployContract(
    "CredentialRegistryFactory",
    [],
    signers[5],
  )) as unknown as CredentialRegistryFactory;
  await factory.waitForDeployment();
  return { factory };
}

/**
 * The same set-up as {@link deployRegistry}, but the registry is an EIP-1167 clone made by
 * CredentialRegistryFactory (signer 5 sends `createRegistry` for the admin). The contract object carries
 * InitializableCredentialRegistry's ABI, a superset of CredentialRegistry's.
 */
export async function cloneRegistry(): Promise<RegistryFixture> {
  const [admin, issuer, revoker, stranger, other, creator] = await ethers.getSigners();
  const { factory } = await deployFactory();
  const address = await factory.predictRegistry(admin.address, PROFILE_NAME);
  await (await factory.connect(creator).createRegistry(admin.address, PROFILE_NAME, PROFILE_URL)).wait();
  const registry = (await ethers.getContractAt(
    "InitializableCredentialRegistry",
    address,
  )) as unknown as CredentialRegistry;
  await (await registry.connect(admin).grantRole(ISSUER_ROLE, issuer.address)).wait();
  await (await registry.connect(admin).grantRole(REVOKER_ROLE, revoker.address)).wait();
  return { registry, admin, issuer, revoker, stranger, other };
}

/** {@link cloneRegistry} plus the batch of {@link deployRegistryWithBatch}. */
export async function cloneRegistryWithBatch(): Promise<RegistryFixture> {
  const fixture = await cloneRegistry();
  await (await fixture.registry.connect(fixture.issuer).anchor(BATCH_ROOT, BATCH_LEAVES, "")).wait();
  return fixture;
}

/** One way of getting a registry: deployed whole, or cloned by the factory. */
export interface RegistryVariant {
  /** "deployed" (CredentialRegistry) or "clone" (InitializableCredentialRegistry behind EIP-1167). */
  kind: "deployed" | "clone";
  /** For test titles. */
  label: string;
  deployRegistry: () => Promise<RegistryFixture>;
  deployRegistryWithBatch: () => Promise<RegistryFixture>;
}

export const REGISTRY_VARIANTS: readonly RegistryVariant[] = [
  {
    kind: "deployed",
    label: "deployed CredentialRegistry",
    deployRegistry,
    deployRegistryWithBatch,
  },
  {
    kind: "clone",
    label: "factory clone",
    deployRegistry: cloneRegistry,
    deployRegistryWithBatch: cloneRegistryWithBatch,
  },
];

/**
 * `describe(title, body)` once per {@link REGISTRY_VARIANTS} entry, so that every registry suite runs against
 * both the deployed registry and a factory clone: the body gets the variant's fixtures.
 */
export function describeForEachRegistry(title: string, body: (this: Mocha.Suite, variant: RegistryVariant) => void) {
  for (const variant of REGISTRY_VARIANTS) {
    describe(`${title} (${variant.label})`, function () {
      body.call(this, variant);
    });
  }
}

/** The root and leaf count anchored by {@link deployRegistryWithBatch}. */
export const BATCH_ROOT = rootOf("batch-1");
export const BATCH_LEAVES = 600n;

/** {@link deployRegistry} plus one anchored batch of 600 credentials (three words, the last one partial). */
export async function deployRegistryWithBatch(): Promise<RegistryFixture> {
  const fixture = await deployRegistry();
  await (await fixture.registry.connect(fixture.issuer).anchor(BATCH_ROOT, BATCH_LEAVES, "")).wait();
  return fixture;
}

/** Block timestamp and number of the block that mined `tx`. */
export async function minedAt(tx: { wait(): Promise<unknown> }): Promise<{ timestamp: bigint; number: bigint }> {
  const receipt = (await tx.wait()) as { blockNumber: number } | null;
  if (!receipt) throw new Error("transaction was not mined");
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  if (!block) throw new Error(`block ${receipt.blockNumber} not found`);
  return { timestamp: BigInt(block.timestamp), number: BigInt(block.number) };
}
