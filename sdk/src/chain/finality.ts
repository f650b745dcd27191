/**
 * What "final" means on each chain, and the decision itself. Pure: the head, the chain's finalized
 * block and the anchoring block are read elsewhere (`readTaggedBlock`) and passed in.
 *
 * Where a chain has its own notion of finality and its nodes serve it through the `finalized` block
 * tag, credanchor uses it: a block at or below the chain's finalized block cannot be reorganised away
 * without the chain's own finality failing. Elsewhere (a local development chain, an unknown chain,
 * or an endpoint that does not serve the tag) it counts confirmations, as before
 * (`defaultConfirmations`).
 *
 * | chains | chain ids | rule | what the `finalized` block is |
 * |---|---|---|---|
 * | Hardhat / localhost | 31337 | 1 confirmation | a single-node chain never reorganises |
 * | Ethereum, Sepolia, Holesky, Hoodi | 1, 11155111, 17000, 560048 | `finalized`, else 12 confirmations | the last block of a finalized checkpoint (two epochs, about 13 minutes) |
 * | OP Stack (Optimism, Base) | 10, 8453, 11155420, 84532 | `finalized`, else 10 | the last L2 block whose batch data sits in a finalized L1 block (about 20–30 minutes) |
 * | Arbitrum One | 42161, 421614 | `finalized`, else 20 | the last L2 block whose batch sits in a finalized L1 block (about 15–30 minutes) |
 * | Polygon PoS | 137, 80002 | `finalized`, else 32 | the last milestone the Heimdall validators voted final (seconds) |
 * | any other | — | 12 confirmations | |
 */
import { defaultConfirmations } from "./defaultConfirmations";

/** A block tag with a chain-defined meaning of finality. */
export type FinalityTag = "finalized" | "safe";

/** How a chain decides that a block is final. */
export type FinalityRule =
  | {
      kind: "tag";
      tag: FinalityTag;
      /** Confirmations required instead when the endpoint does not serve the tag. */
      fallbackConfirmations: number;
    }
  | { kind: "confirmations"; confirmations: number };

const TAGGED_CHAINS: ReadonlySet<number> = new Set([
  // Ethereum and its testnets
  1, 11155111, 17000, 560048,
  // OP Stack
  10, 8453, 11155420, 84532,
  // Arbitrum
  42161, 421614,
  // Polygon PoS
  137, 80002,
]);

/**
 * The finality rule of a chain id (the table above).
 *
 * @example
 * finalityRule(1) // { kind: "tag", tag: "finalized", fallbackConfirmations: 12 }
 * finalityRule(31337) // { kind: "confirmations", confirmations: 1 }
 */
export function finalityRule(chainId: number): FinalityRule {
  const confirmations = defaultConfirmations(chainId);
  if (TAGGED_CHAINS.has(chainId)) return { kind: "tag", tag: "finalized", fallbackConfirmations: confirmations };
  return { kind: "confirmations", confirmations };
}

/** What `decideFinality` needs: read from one chain, at one moment. */
export interface FinalityInput {
  rule: FinalityRule;
  /** The chain head the records were read at. */
  head: bigint;
  /** The block the root was anchored in (the registry's record). */
  anchoredBlock: bigint;
  /** The number of the block the rule's tag names; undefined when the endpoint does not serve the tag. */
  taggedBlock?: bigint;
}

/** The decision, and which rule made it. */
export interface FinalityDecision {
  final: boolean;
  /** The rule that decided: the chain's tag, or a count of confirmations. */
  rule: FinalityTag | "confirmations";
  /** head − anchoredBlock + 1 (0 when the head is below the anchoring block). */
  confirmations: number;
  /** Confirmations required, when confirmations decided. */
  required?: number;
  /** The tagged block's number, when the tag decided. */
  taggedBlock?: bigint;
  /** Set when the rule wanted a tag the endpoint does not serve, so confirmations decided instead. */
  tagUnavailable?: FinalityTag;
}

/**
 * Decides whether the anchoring block is final: at or below the tagged (finalized) block when the
 * rule names a tag and the endpoint serves it, else by confirmations.
 *
 * @example
 * decideFinality({ rule: finalityRule(1), head: 120n, anchoredBlock: 100n, taggedBlock: 96n })
 * // { final: false, rule: "finalized", confirmations: 21, taggedBlock: 96n }
 */
export function decideFinality(input: FinalityInput): FinalityDecision {
  const { rule, head, anchoredBlock } = input;
  const confirmations = head >= anchoredBlock ? Number(head - anchoredBlock + 1n) : 0;
  if (rule.kind === "tag" && input.taggedBlock !== undefined) {
    return { final: anchoredBlock <= input.taggedBlock, rule: rule.tag, confirmations, taggedBlock: input.taggedBlock };
  }
  const required = rule.kind === "tag" ? rule.fallbackConfirmations : rule.confirmations;
  return {
    final: confirmations >= required,
    rule: "confirmations",
    confirmations,
    required,
    ...(rule.kind === "tag" ? { tagUnavailable: rule.tag } : {}),
  };
}
