/**
 * Statuses derived from the registry's bitmap words (`getCredentialStatusesFromWords`) against the
 * contract's own `credentialStatuses`, on Hardhat's in-process network: random revocations,
 * suspensions and reinstatements, a batch revoked as a whole, indices at word edges and beyond
 * `leafCount`, several roots, one root never anchored; and a node that refuses a call without `to`.
 */
import { expect } from "chai";
import hre from "hardhat";
import { randomBytes } from "node:crypto";
import type { Hex } from "viem";
import { createRegistryClient, type RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { revoke } from "../../../sdk/src/chain/actions/revoke";
import { suspend } from "../../../sdk/src/chain/actions/suspend";
import { reinstate } from "../../../sdk/src/chain/actions/reinstate";
import { revokeBatch } from "../../../sdk/src/chain/actions/revokeBatch";
import { getBatch, type RegistryBatch } from "../../../sdk/src/chain/actions/getBatch";
import { getCredentialStatuses } from "../../../sdk/src/chain/actions/getCredentialStatuses";
import { getCredentialStatusesFromWords } from "../../../sdk/src/chain/actions/getCredentialStatusesFromWords";
import { planStatusWordReads } from "../../../sdk/src/chain/statusWordReads";
import { RegistryError, UnexpectedAnswerError } from "../../../sdk/src/errors/registry";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";

const provider = hre.network.provider;

function randomRoot(): Hex {
  return `0x${randomBytes(32).toString("hex")}`;
}

/** A deterministic generator, so that a failure can be replayed (the seed is in the test's name). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Bits of `indices` as the contract's bitmap writes want them: word indices and masks. */
function bitmap(indices: readonly number[]): { wordIndices: bigint[]; masks: bigint[] } {
  const masks = new Map<number, bigint>();
  for (const index of indices) {
    const word = Math.floor(index / 256);
    masks.set(word, (masks.get(word) ?? 0n) | (1n << BigInt(index % 256)));
  }
  const words = [...masks.keys()].sort((a, b) => a - b);
  return { wordIndices: words.map(BigInt), masks: words.map((w) => masks.get(w)!) };
}

describe("statuses from the bitmap words (in-process Hardhat network)", function () {
  const [adminKey] = HARDHAT_ACCOUNTS;
  let admin: RegistryClient;
  let registry: `0x${string}`;

  before(async function () {
    admin = createRegistryClient({ chainId: 31337, provider, account: { address: adminKey.address } });
    ({ address: registry } = await deployRegistry(admin, {
      admin: adminKey.address,
      name: "U",
      url: "https://u.example",
    }));
  });

  async function records(roots: readonly Hex[], blockNumber: bigint): Promise<Map<Hex, RegistryBatch>> {
    const map = new Map<Hex, RegistryBatch>();
    for (const root of roots) map.set(root, await getBatch(admin, { registry, root, blockNumber }));
    return map;
  }

  for (const seed of [1, 2, 3]) {
    it(`derives exactly the statuses credentialStatuses answers (seed ${seed})`, async function () {
      const random = prng(seed);
      const leafCounts = [1, 255, 256, 257, 1_000, 3_000];
      const roots = leafCounts.map(() => randomRoot().toLowerCase() as Hex);
      for (let r = 0; r < roots.length; r++)
        await anchor(admin, { registry, root: roots[r], leafCount: leafCounts[r] });
      const unknownRoot = randomRoot().toLowerCase() as Hex;
      // Random revocations, suspensions (some of revoked credentials) and reinstatements.
      for (let r = 0; r < roots.length; r++) {
        const pick = (share: number) => [
          ...new Set(
            Array.from({ length: Math.ceil(leafCounts[r] * share) }, () => Math.floor(random() * leafCounts[r])),
          ),
        ];
        const suspended = pick(0.1);
        await suspend(admin, { registry, root: roots[r], ...bitmap(suspended), reason: "s" });
        await revoke(admin, { registry, root: roots[r], ...bitmap(pick(0.1)), reason: "r" });
        const reinstated = suspended.filter(() => random() < 0.5);
        if (reinstated.length > 0)
          await reinstate(admin, { registry, root: roots[r], ...bitmap(reinstated), reason: "i" });
      }
      // One batch revoked as a whole, after some of its credentials were.
      await revokeBatch(admin, { registry, root: roots[seed % roots.length], reason: "batch" });
      const blockNumber = await admin.publicClient.getBlockNumber();
      // Every index of each batch, the word edges beyond leafCount, and a root never anchored.
      const credentials: { root: Hex; index: number }[] = [];
      roots.forEach((root, r) => {
        for (let index = 0; index < leafCounts[r]; index++) credentials.push({ root, index });
        for (const index of [leafCounts[r], leafCounts[r] + 1, 255, 256, 511, 512, 4_095, 70_000]) {
          credentials.push({ root, index });
        }
      });
      credentials.push({ root: unknownRoot, index: 0 }, { root: unknownRoot, index: 300 });
      // Shuffled: the order given is the order answered, roots interleaved.
      for (let i = credentials.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [credentials[i], credentials[j]] = [credentials[j], credentials[i]];
      }
      const batches = await records([...roots, unknownRoot], blockNumber);
      const derived = await getCredentialStatusesFromWords(admin, { registry, credentials, batches, blockNumber });
      const expected = await getCredentialStatuses(admin, { registry, credentials, blockNumber });
      const count = (list: readonly string[]) =>
        list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      // Every status occurs, so a swapped precedence or a wrong bit cannot go unseen.
      expect(Object.keys(count(expected)).sort()).to.deep.equal(
        ["BatchRevoked", "OutOfRange", "Revoked", "Suspended", "Unknown", "Valid"].sort(),
      );
      expect(count(derived!)).to.deep.equal(count(expected));
      expect(derived).to.deep.equal(expected);
    });
  }

  it("reads several roots' words in few calls: 3,000 credentials over two roots are one read", async function () {
    const roots = [randomRoot(), randomRoot()].map((r) => r.toLowerCase() as Hex);
    for (const root of roots) await anchor(admin, { registry, root, leafCount: 1_500 });
    const credentials = roots.flatMap((root) => Array.from({ length: 1_500 }, (_, index) => ({ root, index })));
    expect(planStatusWordReads(credentials)).to.have.length(1);
    const blockNumber = await admin.publicClient.getBlockNumber();
    const calls: unknown[] = [];
    const counting = createRegistryClient({
      chainId: 31337,
      provider: {
        request: (args: { method: string; params?: unknown[] }) => {
          if (args.method === "eth_call") calls.push(args.params);
          return provider.request(args);
        },
      } as typeof provider,
    });
    const batches = await records(roots, blockNumber);
    const statuses = await getCredentialStatusesFromWords(counting, { registry, credentials, batches, blockNumber });
    expect(statuses).to.deep.equal(credentials.map(() => "Valid"));
    expect(calls).to.have.length(1);
    // Pinned to the block asked for.
    expect((calls[0] as unknown[])[1]).to.equal(`0x${blockNumber.toString(16)}`);
    expect(
      await getCredentialStatusesFromWords(counting, { registry, credentials, batches, blockNumber, maxReads: 0 }),
    ).to.equal(undefined);
    expect(calls).to.have.length(1);
  });

  it("an answer that is not the words asked for is UnexpectedAnswerError; a refused call is the node's error", async function () {
    const root = randomRoot().toLowerCase() as Hex;
    await anchor(admin, { registry, root, leafCount: 10 });
    const blockNumber = await admin.publicClient.getBlockNumber();
    const batches = await records([root], blockNumber);
    const credentials = [{ root, index: 3 }];
    const answering = (answer: (args: { method: string; params?: unknown[] }) => unknown) =>
      createRegistryClient({
        chainId: 31337,
        provider: {
          request: async (args: { method: string; params?: unknown[] }) => {
            const call = args.params?.[0] as { to?: string } | undefined;
            if (args.method === "eth_call" && call?.to === undefined) return answer(args);
            return provider.request(args);
          },
        } as typeof provider,
      });
    // One word too few, a count that is not the count asked for.
    const short = `0x${"0".repeat(63)}1${"0".repeat(64)}`;
    const wrongCount = `0x${"0".repeat(63)}2${"0".repeat(128)}`;
    for (const answer of [short, wrongCount, "0x12"]) {
      const error = await getCredentialStatusesFromWords(
        answering(() => answer),
        {
          registry,
          credentials,
          batches,
          blockNumber,
        },
      ).catch((e: unknown) => e);
      expect(error, answer).to.be.instanceOf(UnexpectedAnswerError).and.to.include({ functionName: "statusWords" });
    }
    const refused = await getCredentialStatusesFromWords(
      answering(() => {
        throw Object.assign(new Error("contract creation is not supported in eth_call"), { code: -32601 });
      }),
      { registry, credentials, batches, blockNumber },
    ).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(Error);
    // No contract at the address: the reader's call answers nothing, the read reverts.
    const empty = `0x${randomBytes(20).toString("hex")}` as Hex;
    const noRegistry = await getCredentialStatusesFromWords(admin, {
      registry: empty,
      credentials,
      batches,
      blockNumber,
    }).catch((e: unknown) => e);
    expect(noRegistry).to.be.instanceOf(RegistryError);
  });
});
