/**
 * How many confirmations a root needs before credanchor treats it as final, per chain id. A block
 * counts as 1 confirmation once it holds the transaction: confirmations = head - anchoredBlock + 1.
 *
 * One table serves both sides on purpose: `anchorBatch` waits for this many confirmations before it
 * writes the anchor record, and the verifier's `finality` check requires this many by default. So a
 * credential handed out right after anchoring verifies as final at once, and the issuer never hands
 * out a credential whose root could still disappear in an ordinary reorganisation.
 *
 * | chains | chain ids | confirmations | why |
 * |---|---|---|---|
 * | Hardhat / localhost | 31337 | 1 | a single-node development chain never reorganises |
 * | Ethereum and its testnets | 1, 11155111, 17000, 560048 | 12 | about 2.4 minutes of 12 s slots; post-merge reorgs deeper than a few blocks have not happened. Use 64 (two epochs, "finalized") where a false "valid" is costly |
 * | OP Stack (Optimism, Base) | 10, 8453, 11155420, 84532 | 10 | 2 s blocks from one sequencer: 20 seconds |
 * | Arbitrum | 42161, 421614 | 20 | 0.25 s blocks from one sequencer: 5 seconds |
 * | Polygon PoS | 137, 80002 | 32 | 2 s blocks; Polygon has had reorgs of dozens of blocks before milestones: about a minute |
 * | any other chain | — | 12 | a conservative default; pass `confirmations` / `minConfirmations` to change it |
 *
 * @example
 * defaultConfirmations(31337) // 1
 * defaultConfirmations(11155111) // 12
 */
export function defaultConfirmations(chainId: number): number {
  return DEFAULT_CONFIRMATIONS[chainId] ?? 12;
}

const DEFAULT_CONFIRMATIONS: Readonly<Record<number, number>> = {
  31337: 1,
  1: 12,
  11155111: 12,
  17000: 12,
  560048: 12,
  10: 10,
  8453: 10,
  11155420: 10,
  84532: 10,
  42161: 20,
  421614: 20,
  137: 32,
  80002: 32,
};
