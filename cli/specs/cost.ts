/** `credanchor cost --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG } from "../lib/args";

export const costSpec: CommandSpec = {
  name: "cost",
  usage: "credanchor cost [--network NAME]... [--json]",
  description:
    "Prints, per network, the gas of deploying a registry (and of a clone through the factory), anchoring one batch, revoking one credential and revoking 256, and what each costs at the network's current fee: gas × (base fee + priority fee), plus the L1 data fee on the OP Stack (its GasPriceOracle) and on Arbitrum (its NodeInterface). The gas figures are measured on Hardhat with worst-case calldata (docs/PERFORMANCE.md). Without --network, every configured and built-in network; a network whose RPC cannot be reached is listed as unavailable, with the reason. Sends nothing.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    network: {
      type: "string",
      multiple: true,
      valueName: "NAME",
      description: "a network to price; repeat for several (default: all)",
    },
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    { comment: "every network", command: "credanchor cost" },
    { comment: "two rollups, as JSON", command: "credanchor cost --network base --network optimism --json" },
  ],
};
