/**
 * Stateful property test: random sequences of anchor / anchorMany / revokeBatch / revoke / suspend /
 * reinstate (valid and invalid, by callers with and without the role) are applied to the contract and to
 * a plain TypeScript model of the registry. Each step must succeed or revert exactly as the model says
 * (custom error and arguments), emit exactly the model's events, and leave the same batch records and
 * credential statuses behind.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CredentialRegistry } from "../../typechain-types";
import {
  ISSUER_ROLE,
  REVOKER_ROLE,
  type RegistryFixture,
  Status,
  UNDER_COVERAGE,
  describeForEachRegistry,
  rootOf,
} from "./helpers";

// ------------------------------------------------------------------------------------------------
// The model
// ------------------------------------------------------------------------------------------------

interface ModelBatch {
  anchoredAt: bigint;
  anchoredBlock: bigint;
  revokedAt: bigint;
  leafCount: bigint;
  revoked: Map<bigint, bigint>;
  suspended: Map<bigint, bigint>;
}

type Caller = "admin" | "issuer" | "revoker" | "stranger";
type BitKind = "revoke" | "suspend" | "reinstate";

type Op =
  | { kind: "anchor"; caller: Caller; root: string; leafCount: bigint; uri: string }
  | { kind: "anchorMany"; caller: Caller; roots: string[]; leafCounts: bigint[] }
  | { kind: "revokeBatch"; caller: Caller; root: string; reason: string }
  | { kind: BitKind; caller: Caller; root: string; wordIndices: bigint[]; masks: bigint[]; reason: string };

/** An event or a custom error, as a name and its arguments. */
type Entry = [string, ...unknown[]];
type Outcome = { ok: true; events: Entry[] } | { ok: false; error: Entry };

const ROLES: Record<Caller, string[]> = {
  admin: [ISSUER_ROLE, REVOKER_ROLE],
  issuer: [ISSUER_ROLE],
  revoker: [REVOKER_ROLE],
  stranger: [],
};

const BIT_EVENTS: Record<BitKind, string> = {
  revoke: "CredentialsRevoked",
  suspend: "CredentialsSuspended",
  reinstate: "CredentialsReinstated",
};

class RegistryModel {
  readonly batches = new Map<string, ModelBatch>();

  /**
   * What the contract must do with `op` when mined in a block with `block` number and timestamp. On
   * success the model is updated; on failure it is left alone (the transaction reverts as a whole).
   */
  apply(op: Op, addressOf: (caller: Caller) => string, block: { timestamp: bigint; number: bigint }): Outcome {
    const fail = (...error: Entry): Outcome => ({ ok: false, error });
    const role = op.kind === "anchor" || op.kind === "anchorMany" ? ISSUER_ROLE : REVOKER_ROLE;
    if (!ROLES[op.caller].includes(role)) return fail("AccessControlUnauthorizedAccount", addressOf(op.caller), role);

    const newBatch = (leafCount: bigint): ModelBatch => ({
      anchoredAt: block.timestamp,
      anchoredBlock: block.number,
      revokedAt: 0n,
      leafCount,
      revoked: new Map(),
      suspended: new Map(),
    });

    switch (op.kind) {
      case "anchor": {
        const error = this.anchorError(op.root, op.leafCount, new Set());
        if (error) return fail(...error);
        this.batches.set(op.root, newBatch(op.leafCount));
        const events: Entry[] = [["BatchAnchored", op.root, op.leafCount]];
        if (op.uri !== "") events.push(["BatchUriPublished", op.root, op.uri]);
        return { ok: true, events };
      }
      case "anchorMany": {
        if (op.roots.length === 0) return fail("CredentialRegistryEmptyInput");
        if (op.leafCounts.length !== op.roots.length) {
          return fail("CredentialRegistryLengthMismatch", BigInt(op.roots.length), BigInt(op.leafCounts.length));
        }
        const seen = new Set<string>();
        for (let i = 0; i < op.roots.length; i++) {
          const error = this.anchorError(op.roots[i], op.leafCounts[i], seen);
          if (error) return fail(...error);
          seen.add(op.roots[i]);
        }
        op.roots.forEach((root, i) => this.batches.set(root, newBatch(op.leafCounts[i])));
        return { ok: true, events: op.roots.map((root, i): Entry => ["BatchAnchored", root, op.leafCounts[i]]) };
      }
      case "revokeBatch": {
        const error = this.liveError(op.root);
        if (error) return fail(...error);
        this.batches.get(op.root)!.revokedAt = block.timestamp;
        return { ok: true, events: [["BatchRevoked", op.root, op.reason]] };
      }
      default: {
        const count = op.wordIndices.length;
        if (count === 0) return fail("CredentialRegistryEmptyInput");
        if (op.masks.length !== count) {
          return fail("CredentialRegistryLengthMismatch", BigInt(count), BigInt(op.masks.length));
        }
        const liveError = this.liveError(op.root);
        if (liveError) return fail(...liveError);
        const record = this.batches.get(op.root)!;
        for (let i = 0; i < count; i++) {
          const error = maskError(op.root, op.wordIndices[i], op.masks[i], record.leafCount);
          if (error) return fail(...error);
        }
        const words = op.kind === "revoke" ? record.revoked : record.suspended;
        const events: Entry[] = [];
        for (let i = 0; i < count; i++) {
          const current = words.get(op.wordIndices[i]) ?? 0n;
          const changed = op.kind === "reinstate" ? current & op.masks[i] : op.masks[i] & ~current;
          if (changed === 0n) continue;
          words.set(op.wordIndices[i], current ^ changed);
          events.push([BIT_EVENTS[op.kind], op.root, op.wordIndices[i], changed, op.reason]);
        }
        return { ok: true, events };
      }
    }
  }

  status(root: string, index: bigint): bigint {
    const record = this.batches.get(root);
    if (!record) return Status.Unknown;
    if (index >= record.leafCount) return Status.OutOfRange;
    if (record.revokedAt !== 0n) return Status.BatchRevoked;
    const word = index >> 8n;
    const bit = 1n << (index & 255n);
    if (((record.revoked.get(word) ?? 0n) & bit) !== 0n) return Status.Revoked;
    if (((record.suspended.get(word) ?? 0n) & bit) !== 0n) return Status.Suspended;
    return Status.Valid;
  }

  record(root: string): bigint[] {
    const record = this.batches.get(root);
    return record ? [record.anchoredAt, record.anchoredBlock, record.revokedAt, record.leafCount] : [0n, 0n, 0n, 0n];
  }

  private anchorError(root: string, leafCount: bigint, pending: Set<string>): Entry | undefined {
    if (root === ethers.ZeroHash) return ["CredentialRegistryZeroRoot"];
    if (leafCount === 0n) return ["CredentialRegistryZeroLeafCount", root];
    if (this.batches.has(root) || pending.has(root)) return ["CredentialRegistryRootAlreadyAnchored", root];
    return undefined;
  }

  private liveError(root: string): Entry | undefined {
    const record = this.batches.get(root);
    if (!record) return ["CredentialRegistryUnknownRoot", root];
    if (record.revokedAt !== 0n) return ["CredentialRegistryBatchAlreadyRevoked", root, record.revokedAt];
    return undefined;
  }
}

function maskError(root: string, wordIndex: bigint, mask: bigint, leafCount: bigint): Entry | undefined {
  if (mask === 0n) return ["CredentialRegistryZeroMask", root, wordIndex];
  // Credential i is bit i & 255 of word i >> 8: every set bit must name an index below leafCount.
  const highestIndex = wordIndex * 256n + BigInt(mask.toString(2).length - 1);
  if (highestIndex >= leafCount) return ["CredentialRegistryBitsOutOfRange", root, wordIndex, mask, leafCount];
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// Generators
// ------------------------------------------------------------------------------------------------

/** Six roots the sequences share; the zero root can never be anchored. */
const ROOTS = [0, 1, 2, 3, 4, 5].map((i) => rootOf(`model/${i}`));
const rootArb = fc.oneof(
  { arbitrary: fc.constantFrom(...ROOTS), weight: 12 },
  { arbitrary: fc.constant(ethers.ZeroHash), weight: 1 },
);
/** Leaf counts around the word boundaries; 0 is invalid. */
const leafCountArb: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: fc.constantFrom(1n, 2n, 6n, 88n, 255n, 256n, 257n, 511n, 600n, 1024n), weight: 12 },
  { arbitrary: fc.constant(0n), weight: 1 },
);
/** Bits chosen near the edges of the leaf counts above. */
const BITS = [0, 1, 2, 5, 6, 87, 88, 100, 254, 255];
const WORDS = [0n, 1n, 2n, 3n, 4n];
const maskArb = fc.oneof(
  {
    arbitrary: fc.subarray(BITS, { minLength: 1 }).map((bits) => bits.reduce((m, b) => m | (1n << BigInt(b)), 0n)),
    weight: 14,
  },
  { arbitrary: fc.constant(2n ** 256n - 1n), weight: 1 },
  { arbitrary: fc.constant(0n), weight: 1 },
);
const mostly = (weight: number): fc.Arbitrary<boolean> =>
  fc.oneof({ arbitrary: fc.constant(true), weight }, { arbitrary: fc.constant(false), weight: 1 });
const reasonArb = fc.constantFrom("superseded", "error", "appeal", "").map((text) => ethers.encodeBytes32String(text));
const callerFor = (owner: Caller): fc.Arbitrary<Caller> =>
  fc.oneof(
    { arbitrary: fc.constant(owner), weight: 6 },
    { arbitrary: fc.constant<Caller>("admin"), weight: 3 },
    { arbitrary: fc.constantFrom<Caller>("issuer", "revoker", "stranger"), weight: 1 },
  );

/**
 * The batch a revoke-like step targets. Resolved when the step runs: usually a root the model has
 * anchored by then (so that most calls get past the root checks), otherwise `root` as generated.
 */
interface RootRef {
  anchored: boolean;
  pick: number;
  root: string;
}
/**
 * One (word, mask) pair. `clamp` fits it into the target batch when the step runs, so that it is usually
 * valid; `overlap` adds the bits already set in the bitmap the call touches (so that reinstate finds
 * suspended bits to clear and revoke / suspend meet bits already set).
 */
interface ItemTemplate {
  word: bigint;
  mask: bigint;
  clamp: boolean;
  overlap: boolean;
}
type Template =
  | Extract<Op, { kind: "anchor" | "anchorMany" }>
  | { kind: "revokeBatch"; caller: Caller; target: RootRef; reason: string }
  | { kind: BitKind; caller: Caller; target: RootRef; items: ItemTemplate[]; skew: number; reason: string };

const rootRefArb: fc.Arbitrary<RootRef> = fc.record({ anchored: mostly(9), pick: fc.nat(), root: rootArb });
const itemArb: fc.Arbitrary<ItemTemplate> = fc.record({
  word: fc.constantFrom(...WORDS),
  mask: maskArb,
  clamp: mostly(8),
  overlap: fc.boolean(),
});

const anchorArb: fc.Arbitrary<Template> = fc.record({
  kind: fc.constant("anchor" as const),
  caller: callerFor("issuer"),
  root: rootArb,
  leafCount: leafCountArb,
  uri: fc.constantFrom("", "ipfs://bafy/manifest.json"),
});

const templateArb: fc.Arbitrary<Template> = fc.oneof(
  { weight: 3, arbitrary: anchorArb },
  {
    weight: 2,
    arbitrary: fc
      .record({
        caller: callerFor("issuer"),
        items: fc.array(fc.tuple(rootArb, leafCountArb), { minLength: 0, maxLength: 3 }),
        skew: fc.integer({ min: -8, max: 8 }),
      })
      .map(({ caller, items, skew }): Template => {
        const leafCounts = items.map(([, count]) => count);
        // Rarely, one leaf count too many or too few.
        if (skew === 8) leafCounts.push(7n);
        if (skew === -8 && leafCounts.length > 0) leafCounts.pop();
        return { kind: "anchorMany", caller, roots: items.map(([root]) => root), leafCounts };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("revokeBatch" as const),
      caller: callerFor("revoker"),
      target: rootRefArb,
      reason: reasonArb,
    }),
  },
  ...(["revoke", "suspend", "reinstate"] as const).map((kind) => ({
    weight: kind === "reinstate" ? 2 : 4,
    arbitrary: fc.record({
      kind: fc.constant(kind),
      caller: callerFor("revoker"),
      target: rootRefArb,
      items: fc.oneof(
        { arbitrary: fc.array(itemArb, { minLength: 1, maxLength: 4 }), weight: 12 },
        { arbitrary: fc.constant<ItemTemplate[]>([]), weight: 1 },
      ),
      skew: fc.integer({ min: -12, max: 12 }),
      reason: reasonArb,
    }),
  })),
);

/** Turns a template into a concrete call, given what the model holds before the step. */
function resolve(template: Template, model: RegistryModel): Op {
  if (template.kind === "anchor" || template.kind === "anchorMany") return template;
  // A reinstate is pointed at a batch with suspended credentials when there is one.
  const suspendedWords = (record: ModelBatch): bigint[] =>
    [...record.suspended.entries()].filter(([, bits]) => bits !== 0n).map(([word]) => word);
  const suspended = [...model.batches.keys()].filter((root) => suspendedWords(model.batches.get(root)!).length > 0);
  const anchored = template.kind === "reinstate" && suspended.length > 0 ? suspended : [...model.batches.keys()];
  const { target } = template;
  const root = target.anchored && anchored.length > 0 ? anchored[target.pick % anchored.length] : target.root;
  if (template.kind === "revokeBatch")
    return { kind: "revokeBatch", caller: template.caller, root, reason: template.reason };
  const record = model.batches.get(root);
  const wordIndices: bigint[] = [];
  const masks: bigint[] = [];
  for (const item of template.items) {
    if (item.clamp && record !== undefined) {
      const { leafCount } = record;
      const words = template.kind === "reinstate" && item.overlap ? suspendedWords(record) : [];
      const word = words.length > 0 ? words[Number(item.word) % words.length] : item.word % ((leafCount + 255n) >> 8n);
      const bitsInWord = leafCount - word * 256n < 256n ? leafCount - word * 256n : 256n;
      let mask = item.mask & ((1n << bitsInWord) - 1n);
      if (mask === 0n && item.mask !== 0n) mask = 1n;
      if (item.overlap && mask !== 0n) {
        mask |= (template.kind === "revoke" ? record.revoked : record.suspended).get(word) ?? 0n;
      }
      wordIndices.push(word);
      masks.push(mask);
    } else {
      wordIndices.push(item.word);
      masks.push(item.mask);
    }
  }
  // Rarely, one mask too many or too few.
  if (template.skew === 12) masks.push(1n);
  if (template.skew === -12 && masks.length > 0) masks.pop();
  return { kind: template.kind, caller: template.caller, root, wordIndices, masks, reason: template.reason };
}

// ------------------------------------------------------------------------------------------------
// Driving the contract
// ------------------------------------------------------------------------------------------------

function send(registry: CredentialRegistry, op: Op): Promise<ContractTransactionResponse> {
  switch (op.kind) {
    case "anchor":
      return registry.anchor(op.root, op.leafCount, op.uri);
    case "anchorMany":
      return registry.anchorMany(op.roots, op.leafCounts);
    case "revokeBatch":
      return registry.revokeBatch(op.root, op.reason);
    default:
      return registry[op.kind](op.root, op.wordIndices, op.masks, op.reason);
  }
}

/** Indices probed in every batch: every bit position the generators use, in words 0..4, and far beyond. */
const PROBE_INDICES: bigint[] = [
  ...WORDS.flatMap((word) => BITS.map((bit) => word * 256n + BigInt(bit))),
  1023n,
  2n ** 64n - 1n,
  2n ** 64n,
  ethers.MaxUint256,
];
const PROBE_ROOTS = [...ROOTS, ethers.ZeroHash, rootOf("model/never")];

async function compareState(registry: CredentialRegistry, model: RegistryModel, step: string): Promise<void> {
  const roots = PROBE_ROOTS.flatMap((root) => PROBE_INDICES.map(() => root));
  const indices = PROBE_ROOTS.flatMap(() => PROBE_INDICES);
  const statuses = await registry.credentialStatuses(roots, indices);
  const expected = roots.map((root, i) => model.status(root, indices[i]));
  expect(statuses, `${step}: statuses`).to.deep.equal(expected);
  for (const root of ROOTS) {
    const record = await registry.batch(root);
    expect(
      [record.anchoredAt, record.anchoredBlock, record.revokedAt, record.leafCount],
      `${step}: batch ${root}`,
    ).to.deep.equal(model.record(root));
  }
}

function describeOp(op: Op): string {
  return JSON.stringify(op, (_key, value: unknown) => (typeof value === "bigint" ? `0x${value.toString(16)}` : value));
}

/** Runs one sequence on a fresh registry, checking every step against the model. */
async function runSequence(deployRegistry: () => Promise<RegistryFixture>, templates: Template[]): Promise<void> {
  const fixture: RegistryFixture = await loadFixture(deployRegistry);
  const { registry } = fixture;
  const signers: Record<Caller, HardhatEthersSigner> = {
    admin: fixture.admin,
    issuer: fixture.issuer,
    revoker: fixture.revoker,
    stranger: fixture.stranger,
  };
  const model = new RegistryModel();
  for (const [n, template] of templates.entries()) {
    const op = resolve(template, model);
    const step = `step ${n}: ${describeOp(op)}`;
    // With automine a successful transaction gets its own block; only once it is mined do we know that
    // block's number and timestamp, so send first, then ask the model with the latest block.
    const attempt = send(registry.connect(signers[op.caller]), op);
    const tx = await attempt.catch(() => undefined);
    const latest = await ethers.provider.getBlock("latest");
    const block = { timestamp: BigInt(latest!.timestamp), number: BigInt(latest!.number) };
    const outcome = model.apply(op, (caller) => signers[caller].address, block);
    if (!outcome.ok) {
      const [error, ...args] = outcome.error;
      expect(tx, `${step}: should revert with ${error}`).to.equal(undefined);
      await expect(attempt, step)
        .to.be.revertedWithCustomError(registry, error)
        .withArgs(...args);
    } else {
      expect(tx, `${step}: should succeed`).not.to.equal(undefined);
      const receipt = await tx!.wait();
      expect(BigInt(receipt!.blockNumber), `${step}: block`).to.equal(block.number);
      const events = receipt!.logs
        .map((log) => registry.interface.parseLog(log))
        .filter((parsed) => parsed !== null)
        .map((parsed): Entry => [parsed.name, ...parsed.args.toArray()]);
      expect(events, `${step}: events`).to.deep.equal(outcome.events);
    }
    await compareState(registry, model, step);
  }
  for (const root of ROOTS) {
    const record = model.batches.get(root);
    for (const word of WORDS) {
      const expected = [record?.revoked.get(word) ?? 0n, record?.suspended.get(word) ?? 0n];
      expect(await registry.statusWords(root, word), `end: statusWords ${root} ${word}`).to.deep.equal(expected);
    }
  }
}

describeForEachRegistry("CredentialRegistry model", function ({ deployRegistry }) {
  it("random operation sequences behave exactly like the model", async function () {
    // solidity-coverage traces every EVM step of the instrumented contract, which makes this test minutes long;
    // the example-based tests reach every line and branch on their own (see `npm run coverage:check`).
    if (UNDER_COVERAGE) this.skip();
    await fc.assert(
      fc.asyncProperty(
        fc.array(anchorArb, { minLength: 1, maxLength: 3 }),
        fc.array(templateArb, { minLength: 1, maxLength: 30 }),
        (start, rest) => runSequence(deployRegistry, [...start, ...rest]),
      ),
      { numRuns: 40 },
    );
  });
});
