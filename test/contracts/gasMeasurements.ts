/**
 * Gas measurements of the registry's operations, shared by test/contracts/gas.test.ts (which holds them to
 * budgets) and bench/gas.bench.ts (which writes the gas table of docs/PERFORMANCE.md).
 *
 * Every figure is the total gas of a transaction (from its receipt: intrinsic 21,000 + calldata + execution)
 * sent by a key that holds the role, on the network of `hre` (the in-process Hardhat network: Osaka rules).
 * Roots, reasons and leaf counts have every byte non-zero, the worst case for calldata, so that a budget
 * that holds here holds for any argument.
 */
import { ethers } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { CredentialRegistry } from "../../typechain-types";

export interface GasMeasurement {
  /** Stable key, used by the tests. */
  key: string;
  /** What was measured, for the table. */
  operation: string;
  /** Total gas (receipt `gasUsed`, or `eth_estimateGas` for a read). */
  gas: bigint;
  /** How many credentials the operation covers, for the per-credential column; 0 when not meaningful. */
  credentials: bigint;
  /** The budget from issue 2, when there is one. */
  budget?: bigint;
}

/** A bytes32 with every byte non-zero, distinct per `seed`: keccak256 of the seed with zero bytes made 0x01. */
export function denseWord(seed: number): string {
  const hash = ethers.getBytes(ethers.id(`gas/${seed}`));
  return ethers.hexlify(hash.map((byte) => (byte === 0 ? 1 : byte)));
}

/** The largest uint64: every byte non-zero, and room for 2^56 words of status bits. */
const DENSE_LEAF_COUNT = 2n ** 64n - 1n;
/** A word index with all seven of its possible non-zero bytes set (below 2^56, the last word of the batch). */
const DENSE_WORD_INDEX = 0x01010101010101n;
const FULL_MASK = 2n ** 256n - 1n;

/**
 * Deploys a fresh registry on `hre`'s network and measures each operation once.
 *
 * @example
 * const measurements = await measureRegistryGas(hre);
 * const anchor = measurements.find((m) => m.key === "anchor")!;
 */
export async function measureRegistryGas(hre: HardhatRuntimeEnvironment): Promise<GasMeasurement[]> {
  const [admin] = await hre.ethers.getSigners();
  const factory = await hre.ethers.getContractFactory("CredentialRegistry", admin);
  const registry = (await factory.deploy(
    admin.address,
    "Example University",
    "https://credentials.example.edu",
  )) as unknown as CredentialRegistry;
  await registry.waitForDeployment();
  const deployReceipt = await registry.deploymentTransaction()!.wait();

  const results: GasMeasurement[] = [];
  const gasOf = async (sent: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> => {
    const receipt = await (await sent).wait();
    if (!receipt) throw new Error("transaction was not mined");
    return receipt.gasUsed;
  };
  const add = (m: GasMeasurement): void => void results.push(m);
  let seed = 1;
  const nextRoot = (): string => denseWord(seed++);
  const reason = denseWord(1000);

  add({ key: "deploy", operation: "deploy the registry", gas: deployReceipt!.gasUsed, credentials: 0n });

  // Anchoring.
  add({
    key: "anchor",
    operation: "`anchor` (empty uri)",
    gas: await gasOf(registry.anchor(nextRoot(), DENSE_LEAF_COUNT, "")),
    credentials: 0n,
    budget: 50_000n,
  });
  const uri = "https://credentials.example.edu/batches/2025-06-30/manifest.json";
  add({
    key: "anchor-uri",
    operation: `\`anchor\` with a ${uri.length}-byte uri`,
    gas: await gasOf(registry.anchor(nextRoot(), DENSE_LEAF_COUNT, uri)),
    credentials: 0n,
  });
  const anchorMany = async (count: number): Promise<bigint> => {
    const roots = Array.from({ length: count }, nextRoot);
    return gasOf(registry.anchorMany(roots, Array<bigint>(count).fill(DENSE_LEAF_COUNT)));
  };
  const many1 = await anchorMany(1);
  const many10 = await anchorMany(10);
  add({ key: "anchorMany-1", operation: "`anchorMany`, 1 root", gas: many1, credentials: 0n });
  add({ key: "anchorMany-10", operation: "`anchorMany`, 10 roots", gas: many10, credentials: 0n });
  add({
    key: "anchorMany-extra",
    operation: "`anchorMany`, each extra root",
    gas: (many10 - many1) / 9n,
    credentials: 0n,
    budget: 26_000n,
  });
  add({ key: "anchorMany-600", operation: "`anchorMany`, 600 roots", gas: await anchorMany(600), credentials: 0n });

  // Revocation: every batch is fresh, so every word written is a fresh word (zero to non-zero).
  const freshBatch = async (): Promise<string> => {
    const root = nextRoot();
    await (await registry.anchor(root, DENSE_LEAF_COUNT, "")).wait();
    return root;
  };
  const bitOp = async (
    op: "revoke" | "suspend" | "reinstate",
    root: string,
    words: bigint[],
    masks: bigint[],
  ): Promise<bigint> => gasOf(registry[op](root, words, masks, reason));

  const oneRoot = await freshBatch();
  add({
    key: "revoke-1",
    operation: "`revoke` 1 credential (fresh word)",
    gas: await bitOp("revoke", oneRoot, [DENSE_WORD_INDEX], [1n << 255n]),
    credentials: 1n,
    budget: 55_000n,
  });
  add({
    key: "revoke-1-same-word",
    operation: "`revoke` 1 more credential in a word already written",
    gas: await bitOp("revoke", oneRoot, [DENSE_WORD_INDEX], [1n << 254n]),
    credentials: 1n,
  });
  add({
    key: "revoke-noop",
    operation: "`revoke` a credential already revoked (no-op, no event)",
    gas: await bitOp("revoke", oneRoot, [DENSE_WORD_INDEX], [1n << 254n]),
    credentials: 0n,
  });
  add({
    key: "revoke-256",
    operation: "`revoke` all 256 credentials of a fresh word",
    gas: await bitOp("revoke", await freshBatch(), [DENSE_WORD_INDEX], [FULL_MASK]),
    credentials: 256n,
    budget: 55_000n,
  });
  const words = Array.from({ length: 40 }, (_, i) => DENSE_WORD_INDEX - BigInt(i));
  add({
    key: "revoke-10240",
    operation: "`revoke` 10,240 credentials (40 fresh words)",
    gas: await bitOp("revoke", await freshBatch(), words, Array<bigint>(words.length).fill(FULL_MASK)),
    credentials: 10_240n,
  });
  const suspendRoot = await freshBatch();
  add({
    key: "suspend-1",
    operation: "`suspend` 1 credential (fresh word)",
    gas: await bitOp("suspend", suspendRoot, [DENSE_WORD_INDEX], [1n << 255n]),
    credentials: 1n,
  });
  add({
    key: "reinstate-1",
    operation: "`reinstate` 1 credential (word cleared to zero)",
    gas: await bitOp("reinstate", suspendRoot, [DENSE_WORD_INDEX], [1n << 255n]),
    credentials: 1n,
  });
  add({
    key: "revokeBatch",
    operation: "`revokeBatch`",
    gas: await gasOf(registry.revokeBatch(await freshBatch(), reason)),
    credentials: 0n,
  });

  // Reading 1,000 statuses in one eth_call. A verifier checking a batch asks for consecutive indices
  // (1,000 credentials share 4 words); the worst case puts every credential in its own word of its own
  // batch's bitmaps (cold storage reads for both bitmaps of each).
  const consecutiveRoot = await freshBatch();
  await (await registry.revoke(consecutiveRoot, [0n, 1n], [0x5555n, 0x5555n], reason)).wait();
  await (await registry.suspend(consecutiveRoot, [2n, 3n], [0xaaaan, 0xaaaan], reason)).wait();
  const readStatuses = async (key: string, operation: string, roots: string[], indices: bigint[]): Promise<void> => {
    const statuses = await registry.credentialStatuses(roots, indices);
    if (statuses.length !== roots.length) throw new Error(`credentialStatuses returned ${statuses.length} statuses`);
    const gas = await registry.credentialStatuses.estimateGas(roots, indices);
    add({ key, operation, gas, credentials: BigInt(roots.length) });
  };
  await readStatuses(
    "credentialStatuses-1000",
    "`credentialStatuses`, 1,000 consecutive credentials of one batch (one eth_call)",
    Array<string>(1000).fill(consecutiveRoot),
    Array.from({ length: 1000 }, (_, i) => BigInt(i)),
  );
  const scatteredRoots: string[] = [];
  const scatteredIndices: bigint[] = [];
  for (let b = 0; b < 4; b++) {
    const root = await freshBatch();
    for (let i = 0; i < 250; i++) {
      scatteredRoots.push(root);
      scatteredIndices.push(BigInt(i) * 256n + BigInt(i % 7));
    }
  }
  await readStatuses(
    "credentialStatuses-1000-scattered",
    "`credentialStatuses`, 1,000 credentials each in its own word (one eth_call, worst case)",
    scatteredRoots,
    scatteredIndices,
  );

  // The factory route: one clone per issuer. The factory is deployed once per chain; every issuer then pays
  // for `createRegistry` (CREATE2 of a 45-byte EIP-1167 proxy plus `initialize`) with the same profile as
  // the deployed registry above. A clone's every call pays one DELEGATECALL to the implementation on top.
  const factoryContract = await hre.ethers.getContractFactory("CredentialRegistryFactory", admin);
  const registryFactory = await factoryContract.deploy();
  await registryFactory.waitForDeployment();
  add({
    key: "factory-deploy",
    operation: "deploy the factory and its implementation (once per chain)",
    gas: (await registryFactory.deploymentTransaction()!.wait())!.gasUsed,
    credentials: 0n,
  });
  add({
    key: "factory-createRegistry",
    operation: "one issuer's registry through the factory (clone + initialize)",
    gas: await gasOf(
      registryFactory.getFunction("createRegistry")(
        admin.address,
        "Example University",
        "https://credentials.example.edu",
      ),
    ),
    credentials: 0n,
    budget: 200_000n,
  });
  const cloneAddress = await registryFactory.getFunction("predictRegistry")(admin.address, "Example University");
  const clone = registry.attach(cloneAddress) as CredentialRegistry;
  const cloneRoot = nextRoot();
  add({
    key: "clone-anchor",
    operation: "`anchor` (empty uri) on a clone",
    gas: await gasOf(clone.anchor(cloneRoot, DENSE_LEAF_COUNT, "")),
    credentials: 0n,
  });
  add({
    key: "clone-revoke-1",
    operation: "`revoke` 1 credential (fresh word) on a clone",
    gas: await gasOf(clone.revoke(cloneRoot, [DENSE_WORD_INDEX], [1n << 255n], reason)),
    credentials: 1n,
  });
  return results;
}
