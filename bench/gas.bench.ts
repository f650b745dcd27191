/**
 * `npm run bench -- gas`: the registry's gas table for docs/PERFORMANCE.md. Runs the measurements of
 * test/contracts/gasMeasurements.ts (the same ones test/contracts/gas.test.ts holds to budgets) on
 * Hardhat's in-process network (Osaka rules), and sets them beside the peers' figures from issue 2.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BenchContext } from "./run";
import type { GasMeasurement } from "../test/contracts/gasMeasurements";

const fmt = (value: bigint | number): string => Number(value).toLocaleString("en-US");

function perCredential(m: GasMeasurement): string {
  if (m.key.startsWith("anchor")) {
    const roots = m.key === "anchorMany-10" ? 10n : m.key === "anchorMany-600" ? 600n : 1n;
    const perRoot = m.gas / roots;
    return `${fmt(perRoot)} ÷ batch size (${(Number(perRoot) / 1_000_000).toFixed(3)} at 10⁶)`;
  }
  if (m.credentials === 0n) return "—";
  return (Number(m.gas) / Number(m.credentials)).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

function budget(m: GasMeasurement): string {
  if (m.budget === undefined) return "";
  return `≤ ${fmt(m.budget)} ${m.gas <= m.budget ? "✓" : "✗ OVER"}`;
}

export default async function gasBench(context: BenchContext): Promise<string> {
  // Loaded here, not at the top, so that bench/run.ts can list benchmarks without starting Hardhat.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as HardhatRuntimeEnvironment;
  const { measureRegistryGas } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../test/contracts/gasMeasurements") as typeof import("../test/contracts/gasMeasurements");
  await hre.run("compile", { quiet: true });
  context.log(`measuring on the in-process network (${hre.config.networks.hardhat.hardfork} rules)`);
  const measurements = await measureRegistryGas(hre);
  const by = new Map(measurements.map((m) => [m.key, m]));
  const gasOf = (key: string): string => fmt(by.get(key)?.gas ?? 0n);
  const solc = hre.config.solidity.compilers[0];

  const rows = measurements.map((m) => `| ${m.operation} | ${fmt(m.gas)} | ${perCredential(m)} | ${budget(m)} |`);
  const revoke256 = by.get("revoke-256");
  const dense = revoke256 ? fmt(Math.round(Number(revoke256.gas) / 256)) : "?";
  return [
    "### Registry gas",
    "",
    "Total transaction gas from receipts (intrinsic + calldata + execution), sent by a key holding the role,",
    `on Hardhat's in-process network with ${hre.config.networks.hardhat.hardfork} rules (solc ${solc.version}, optimizer ${solc.settings?.optimizer?.runs ?? "?"} runs,`,
    `EVM ${solc.settings?.evmVersion ?? "default"}). Roots, reasons and leaf counts have every byte non-zero (worst-case calldata).`,
    "Reads are `eth_estimateGas` of the call, i.e. priced as if sent as a transaction.",
    "Budgets are enforced by `test/contracts/gas.test.ts`.",
    "",
    "| operation | gas | per credential | budget |",
    "|---|---:|---:|---|",
    ...rows,
    "",
    "Peers, measured the same way (figures from issue 2):",
    "",
    "| peer | gas | credanchor |",
    "|---|---:|---|",
    `| physical floor: one root with its time and an event | ~45,100 | \`anchor\` ${gasOf("anchor")} |`,
    `| OpenAttestation DocumentStore v3 \`issue\` | 47,874 | \`anchor\` ${gasOf("anchor")}, any batch size |`,
    `| OpenAttestation DocumentStore v4 revoke one leaf | 55,000–67,000 | \`revoke\` one ${gasOf("revoke-1")}; 256 in one word ${gasOf("revoke-256")} (${dense} each) |`,
    `| EAS \`attest\` | 180,132 per credential | \`anchor\` ${gasOf("anchor")} per batch |`,
  ].join("\n");
}
