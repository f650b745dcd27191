/**
 * The gas of the registry's operations an issuer pays for, measured once on Hardhat (Osaka rules,
 * solc 0.8.30, optimizer 10,000 runs) with worst-case calldata (every byte non-zero), and the exact
 * transactions that were measured, so that an L2's data fee is priced on the same bytes.
 *
 * Gas is deterministic: `test/sdk/chain/registryGas.test.ts` sends these transactions to the real
 * contract and fails when a figure here differs from the receipt (and from
 * test/contracts/gasMeasurements.ts, which writes the table in docs/PERFORMANCE.md).
 */
import { encodeDeployData, encodeFunctionData, keccak256, parseAbi, stringToBytes, toHex } from "viem";
import type { Hex } from "../types";
import { credentialRegistryAbi, credentialRegistryBytecode } from "./registryArtifact";

/** The operations `credanchor cost` prices. */
export type RegistryOperation = "deploy" | "clone" | "anchor" | "revokeOne" | "revoke256";

/** The gas of one registry operation in `REGISTRY_GAS`: the figure, whether it was measured, what it covers. */
export interface RegistryOperationGas {
  /** Total transaction gas (intrinsic + calldata + execution). */
  gas: bigint;
  /** False for a figure that is not measured here (an estimate). */
  measured: boolean;
  /** What the figure covers, for tables. */
  description: string;
}

/**
 * Measured gas per operation.
 *
 * @example
 * REGISTRY_GAS.anchor.gas // 49_237n
 */
export const REGISTRY_GAS: Readonly<Record<RegistryOperation, RegistryOperationGas>> = {
  deploy: { gas: 2_587_193n, measured: true, description: "deploy your own registry (the full contract)" },
  clone: {
    gas: 196_625n,
    measured: true,
    description: "a registry as a clone through the factory (createRegistry: EIP-1167 clone + initialize)",
  },
  anchor: { gas: 49_237n, measured: true, description: "anchor one batch (any number of credentials)" },
  revokeOne: { gas: 53_809n, measured: true, description: "revoke one credential (a fresh 256-bit word)" },
  revoke256: { gas: 54_181n, measured: true, description: "revoke 256 credentials of one fresh word" },
};

/** The order operations are shown in. */
export const REGISTRY_OPERATIONS: readonly RegistryOperation[] = [
  "deploy",
  "clone",
  "anchor",
  "revokeOne",
  "revoke256",
];

/** The profile the deploy figure was measured with. */
export const MEASURED_PROFILE = { name: "Example University", url: "https://credentials.example.edu" } as const;
/** Hardhat's first account: the measured deploy's admin. */
const MEASURED_ADMIN = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
/** The largest uint64: every byte non-zero. */
const DENSE_LEAF_COUNT = 2n ** 64n - 1n;
/** A word index with all seven of its possible non-zero bytes set. */
const DENSE_WORD_INDEX = 0x01010101010101n;
const FULL_MASK = 2n ** 256n - 1n;
const FACTORY_ABI = parseAbi(["function createRegistry(address admin, string name, string url) returns (address)"]);

/** A bytes32 with every byte non-zero, distinct per `seed` (as in test/contracts/gasMeasurements.ts). */
export function denseWord(seed: number): Hex {
  const hash = keccak256(stringToBytes(`gas/${seed}`), "bytes");
  return toHex(hash.map((byte) => (byte === 0 ? 1 : byte)));
}

/** The transaction of a measured operation: its data, and whether it creates a contract. */
export interface RegistryOperationTransaction {
  data: Hex;
  /** True for a deployment (no `to`). */
  create: boolean;
}

/**
 * The calldata of a measured operation (worst case: every byte non-zero). `root` defaults to a dense
 * word; the revocations need that root anchored with the largest leaf count first. The clone's is the
 * factory's `createRegistry(admin, name, url)` call (its interface in issue 15; the factory's address
 * is a placeholder of non-zero bytes: only the size of the data matters for a data fee).
 *
 * @example
 * const { data } = registryOperationTransaction("anchor"); // anchor(root, 2^64-1, "")
 */
export function registryOperationTransaction(
  operation: RegistryOperation,
  root: Hex = denseWord(1),
): RegistryOperationTransaction {
  const reason = denseWord(1000);
  switch (operation) {
    case "deploy":
      return {
        create: true,
        data: encodeDeployData({
          abi: credentialRegistryAbi,
          bytecode: credentialRegistryBytecode,
          args: [MEASURED_ADMIN, MEASURED_PROFILE.name, MEASURED_PROFILE.url],
        }),
      };
    case "anchor":
      return {
        create: false,
        data: encodeFunctionData({
          abi: credentialRegistryAbi,
          functionName: "anchor",
          args: [root, DENSE_LEAF_COUNT, ""],
        }),
      };
    case "revokeOne":
    case "revoke256":
      return {
        create: false,
        data: encodeFunctionData({
          abi: credentialRegistryAbi,
          functionName: "revoke",
          args: [root, [DENSE_WORD_INDEX], [operation === "revokeOne" ? 1n << 255n : FULL_MASK], reason],
        }),
      };
    case "clone":
      return {
        create: false,
        data: encodeFunctionData({
          abi: FACTORY_ABI,
          functionName: "createRegistry",
          args: [MEASURED_ADMIN, MEASURED_PROFILE.name, MEASURED_PROFILE.url],
        }),
      };
  }
}
