/** `credanchor anchor --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, SAFE_FLAGS, CHAIN_FLAGS, JSON_FLAG, KEY_FLAGS, REGISTRY_FLAG } from "../lib/args";

export const anchorSpec: CommandSpec = {
  name: "anchor",
  usage: "credanchor anchor DIR... [--network NAME | --rpc URL... --registry ADDR] [--confirmations K] [--dry-run]",
  description:
    "Anchors each batch's Merkle root in your registry with one transaction (several folders share one), waits for the confirmations, then writes the anchor record (chain, registry, transaction, block, time) into manifest.json and every credential's proof; only then do the credentials verify. Crash-safe: killed at any point, run it again and it finishes without a second transaction. --dry-run simulates from your account and prints the gas and the cost at the current fee, and sends nothing.",
  positionals: { min: 1, max: Infinity, name: "the batch DIR (written by `credanchor issue`)" },
  notes: [
    "Exit codes: 0 anchored and recorded (or nothing to do); 1 refused or failed; 2 usage error; 3 the batch was proposed to a Safe (--safe --export) that has not executed it yet: nothing sent.",
  ],
  flags: {
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    ...KEY_FLAGS,
    ...SAFE_FLAGS,
    confirmations: {
      type: "string",
      valueName: "K",
      description: "blocks to wait for before writing the record (default: per network)",
    },
    "dry-run": { type: "boolean", description: "print the gas and the cost at the current fee; send nothing" },
    reanchor: { type: "boolean", description: "anchor again if the recorded root is gone (a restarted local node)" },
    force: {
      type: "boolean",
      description:
        "anchor even if the registry's profile does not name the batch's issuer (its credentials will fail the issuer check)",
    },
    ...JSON_FLAG,
  },
  examples: [
    { comment: "what would it cost?", command: "credanchor anchor batch-1 --network sepolia --dry-run" },
    { comment: "anchor on a local node", command: "credanchor anchor batch-1 --network localhost" },
    {
      comment: "propose it to a Safe multisig instead (then, once executed, run `credanchor anchor batch-1` again)",
      command: "credanchor anchor batch-1 --network base --safe 0xYourSafe --export batch-1.safe.json",
    },
    {
      comment: "two batches, one transaction",
      command: "credanchor anchor batch-1 batch-2 --network sepolia --confirmations 3",
    },
  ],
};
