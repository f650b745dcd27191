/**
 * How many confirmations `anchorBatch` waits for before it writes the anchor record, per chain id.
 * A block counts as 1 confirmation once it holds the transaction.
 *
 * | network | chain id | confirmations | why |
 * |---|---|---|---|
 * | hardhat / localhost | 31337 | 1 | a single-node dev chain never reorganises |
 * | Sepolia | 11155111 | 2 | 12 s blocks; one-block reorgs happen on the beacon chain, two-block ones are rare |
 * | Base Sepolia / OP Sepolia | 84532 / 11155420 | 2 | a single sequencer orders blocks; 2 covers a sequencer restart |
 * | Arbitrum Sepolia | 421614 | 2 | same, with a sequencer |
 * | Polygon Amoy | 80002 | 5 | Polygon PoS has had multi-block reorgs; 5 blocks is about 10 s |
 * | any other chain | — | 2 | a conservative default; pass `confirmations` to change it |
 *
 * These are about not handing out a record whose transaction disappears, not about economic
 * finality: a verifier's `finality` check decides what it accepts on its own.
 *
 * @example
 * defaultConfirmations(31337) // 1
 * defaultConfirmations(11155111) // 2
 */
export function defaultConfirmations(chainId: number): number {
  return DEFAULT_CONFIRMATIONS[chainId] ?? 2;
}

const DEFAULT_CONFIRMATIONS: Readonly<Record<number, number>> = {
  31337: 1,
  11155111: 2,
  84532: 2,
  11155420: 2,
  421614: 2,
  80002: 5,
};
