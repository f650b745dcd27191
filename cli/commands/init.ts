/** `credanchor init`: writes a commented credanchor.config.json with good defaults; asks nothing. */
import fs from "node:fs";
import path from "node:path";
import { ConfigError, UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { CONFIG_FILE, initialConfig } from "../lib/config";
import type { Io } from "../lib/io";
import { BUILTIN_NETWORKS } from "../lib/networks";
import { writeReport } from "../lib/output";
import { DEFAULT_ISSUER_NAME, DEFAULT_ISSUER_URL, initSpec as spec } from "../specs/init";

export interface InitOptions {
  /** Issuer display name; default "Example Issuer". */
  name?: string;
  /** Issuer profile URL; default https://issuer.example. */
  url?: string;
  /** Issuer id (a DID, or a URL); default: did:web:<the URL's host>. */
  id?: string;
  /** The network commands use when given none; default localhost. */
  network?: string;
  /** Where to write; default ./credanchor.config.json. */
  config?: string;
  /** Overwrite an existing file. */
  force?: boolean;
  json?: boolean;
}

export { DEFAULT_ISSUER_NAME, DEFAULT_ISSUER_URL };

/**
 * Writes the config file and prints what to do next.
 *
 * @example
 * await init({ name: "Northbridge School of Nursing", url: "https://nursing.northbridge.example" }, io);
 */
export async function init(options: InitOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, options.config ?? CONFIG_FILE);
  const shown = path.relative(io.cwd, file) || file;
  const url = options.url ?? DEFAULT_ISSUER_URL;
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    throw new UsageError(`--url must be an http(s) URL, not '${url}'`, {
      fix: "e.g. --url https://academy.example.org",
    });
  }
  const network = options.network ?? "localhost";
  if (!BUILTIN_NETWORKS[network]) {
    throw new UsageError(`unknown network '${network}'`, {
      fix: `use one of ${Object.keys(BUILTIN_NETWORKS).join(", ")}; add your own networks to the file afterwards`,
    });
  }
  if (fs.existsSync(file) && !options.force) {
    throw new ConfigError(`${shown} already exists`, {
      fix: "edit it, or pass --force to replace it with a fresh one",
    });
  }
  const issuerId = options.id ?? didWebFor(url);
  const config = initialConfig({
    issuerName: options.name ?? DEFAULT_ISSUER_NAME,
    issuerUrl: url,
    issuerId,
    defaultNetwork: network,
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { flag: options.force ? "w" : "wx" });

  return writeReport(io, options.json, { file, config }, (style) => {
    const builtin = BUILTIN_NETWORKS[network];
    const lines = [
      `${style.green("✔")} wrote ${shown}`,
      `  issuer   ${options.name ?? DEFAULT_ISSUER_NAME} (${url}), id ${issuerId}`,
      `  network  ${network} (chain ${builtin.chainId}${builtin.defaultRpc ? `, ${builtin.defaultRpc[0]}` : `, RPC URL from ${builtin.rpcEnv}`})`,
    ];
    if (options.name === undefined)
      lines.push(style.yellow("  edit issuer.name and issuer.url before you deploy to a public network"));
    lines.push("", "Next:");
    if (network === "localhost")
      lines.push(
        "  npx hardhat node                        # in another shell: a local chain with funded test accounts",
      );
    else lines.push(`  export ${builtin.rpcEnv}=https://…   # your provider's endpoint`);
    lines.push(
      "  export CREDANCHOR_PRIVATE_KEY=0x…        # the key that deploys and anchors (or --keystore FILE)",
      "  credanchor deploy",
      "  credanchor signing-key create            # the issuer's signing key (password: CREDANCHOR_SIGNING_KEY_PASSWORD)",
    );
    return lines;
  });
}

/** did:web of a URL's host (a port is percent-encoded, as did:web requires). */
export function didWebFor(url: string): string {
  const host = new URL(url).host.toLowerCase();
  return `did:web:${host.replace(":", "%3A")}`;
}

export const initCommand = defineCommand<InitOptions>({
  spec,
  options: (args) => ({
    name: stringFlag(args, "name"),
    url: stringFlag(args, "url"),
    id: stringFlag(args, "id") ?? stringFlag(args, "did"),
    network: stringFlag(args, "network"),
    config: stringFlag(args, "config"),
    force: booleanFlag(args, "force"),
    json: booleanFlag(args, "json"),
  }),
  run: init,
});
