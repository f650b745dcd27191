/** `credanchor deploy`: deploys the issuer's CredentialRegistry and records it in deployments/<network>.json. */
import path from "node:path";
import { deployRegistry } from "../../sdk/src/chain/actions/deployRegistry";
import { getRegistryVersion } from "../../sdk/src/chain/actions/getRegistryVersion";
import type { Address, Hex } from "../../sdk/src/types";
import { ConfigError, UsageError } from "../errors";
import {
  booleanFlag,
  CHAIN_FLAGS,
  integerFlag,
  JSON_FLAG,
  KEY_FLAGS,
  stringFlag,
  stringsFlag,
  type CommandSpec,
} from "../lib/args";
import { connect, networkNameForChain, onChain } from "../lib/client";
import { COMMANDS_HINT } from "../lib/hints";
import { DEFAULT_ISSUER_NAME } from "./init";
import { defineCommand } from "../lib/command";
import { readDeployment, writeDeployment } from "../lib/deployments";
import type { Io } from "../lib/io";
import { loadSigner } from "../lib/keys";
import { resolveChain } from "../lib/network";
import { explorerLink } from "../lib/networks";
import { formatCount, stylesFor, writeJson } from "../lib/output";
import { trackTask } from "../lib/progress";

export interface DeployOptions {
  network?: string;
  rpc?: string[];
  config?: string;
  keystore?: string;
  /** Issuer display name; default: issuer.name in the config. */
  name?: string;
  /** Issuer profile URL or DID; default: issuer.url in the config. */
  url?: string;
  /** The registry's admin; default: the deploying account. */
  admin?: string;
  confirmations?: number;
  /** Deploy even when deployments/<network>.json names a live registry. */
  force?: boolean;
  json?: boolean;
}

/** `--json` shape of `deploy` (docs/CLI.md). */
export interface DeployJson {
  network: string;
  chainId: number;
  address: Address;
  /** False when a live registry was already recorded and nothing was sent. */
  deployed: boolean;
  transactionHash?: Hex;
  blockNumber?: number;
  gasUsed?: string;
  admin?: Address;
  name?: string;
  url?: string;
  deploymentFile: string;
}

const spec: CommandSpec = {
  name: "deploy",
  usage: "credanchor deploy [--network NAME | --rpc URL...] [--name NAME] [--url URL] [--admin ADDR] [--force]",
  description:
    "Deploys your CredentialRegistry (one per issuer) with your profile (name and URL, which verifiers compare with the issuer of each credential) and records it in deployments/<network>.json, where the other commands find it. The deploying key becomes the admin, issuer and revoker unless --admin names another admin. Running it again for a network with a live registry does nothing unless --force.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    ...CHAIN_FLAGS,
    ...KEY_FLAGS,
    name: {
      type: "string",
      valueName: "NAME",
      description: "issuer display name (default: issuer.name in the config)",
    },
    url: {
      type: "string",
      valueName: "URL",
      description: "issuer profile URL or DID (default: issuer.url in the config)",
    },
    admin: { type: "string", valueName: "ADDR", description: "registry admin (default: the deploying account)" },
    confirmations: { type: "string", valueName: "K", description: "blocks to wait for (default: per network)" },
    force: { type: "boolean", description: "deploy a new registry even if one is recorded for the network" },
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "to a local node (`npx hardhat node` in another shell)",
      command: "credanchor deploy --network localhost",
    },
    {
      comment: "to Sepolia, with a keystore and your profile",
      command:
        'credanchor deploy --network sepolia --keystore issuer.json --name "Northbridge School of Nursing" --url https://nursing.northbridge.example',
    },
  ],
};

/**
 * Deploys (or reports the live registry already recorded) and writes deployments/<network>.json.
 *
 * @example
 * await deploy({ network: "localhost" }, { ...io, env: { CREDANCHOR_PRIVATE_KEY: key } });
 */
export async function deploy(options: DeployOptions, io: Io): Promise<number> {
  const target = resolveChain(io, { network: options.network, rpc: options.rpc, config: options.config });
  const { config, dir } = target.loaded;
  const name = options.name ?? config.issuer.name;
  const url = options.url ?? config.issuer.url ?? config.issuer.id;
  if (!name || !url) {
    throw new ConfigError(`no issuer ${!name ? "name" : "URL"} for the registry's profile`, {
      fix: "pass --name NAME --url URL, or run `credanchor init` and edit issuer in credanchor.config.json",
    });
  }
  if (options.admin !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(options.admin)) {
    throw new UsageError(`--admin: '${options.admin}' is not an address`);
  }
  const signer = await loadSigner(io, { keystore: options.keystore });
  const client = await connect(target, { signer, confirmations: options.confirmations });
  const network = target.named ? target.name : networkNameForChain(client.chainId, config.networks);
  const style = stylesFor(io.stdout, io.env);
  const deploymentFile = path.join("deployments", `${network}.json`);

  const recorded = readDeployment(dir, network);
  let stale: Address | undefined;
  if (recorded && recorded.chainId === client.chainId && !options.force) {
    const live = await onChain(target, () => getRegistryVersion(client, { registry: recorded.address })).then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: string }).code === "REGISTRY_NOT_FOUND") return false;
        throw error;
      },
    );
    if (live) {
      if (options.json) {
        writeJson(io, {
          network,
          chainId: client.chainId,
          address: recorded.address,
          deployed: false,
          deploymentFile,
        } satisfies DeployJson);
      } else {
        io.stdout.write(
          `${style.green("✔")} ${network} already has a registry: ${recorded.address} (${deploymentFile}); nothing sent.\n` +
            "  Pass --force to deploy another one.\n",
        );
      }
      return 0;
    }
    stale = recorded.address;
  }

  if (name === DEFAULT_ISSUER_NAME && !["localhost", "hardhat"].includes(network)) {
    io.stderr.write(
      `${stylesFor(io.stderr, io.env).yellow(`warning: deploying with the placeholder issuer "${DEFAULT_ISSUER_NAME}" (${url}); verifiers compare this profile with your credentials' issuer`)}\n` +
        "  fix: pass --name and --url, or edit issuer in credanchor.config.json\n",
    );
  }
  const admin = (options.admin ?? signer.address) as Address;
  const result = await onChain(target, () =>
    trackTask(
      io,
      `deploying on ${network}, waiting for ${client.confirmations} confirmation(s)`,
      deployRegistry(client, { admin, name, url }),
      {
        enabled: !options.json,
      },
    ),
  );
  const version = await getRegistryVersion(client, { registry: result.address }).catch(() => undefined);
  writeDeployment(dir, {
    network,
    chainId: client.chainId,
    address: result.address,
    transactionHash: result.transactionHash,
    blockNumber: Number(result.blockNumber),
    deployer: signer.address,
    args: { admin, name, url },
    ...(version ? { contractVersion: version } : {}),
    deployedAt: new Date().toISOString(),
  });

  if (options.json) {
    writeJson(io, {
      network,
      chainId: client.chainId,
      address: result.address,
      deployed: true,
      transactionHash: result.transactionHash,
      blockNumber: Number(result.blockNumber),
      gasUsed: result.gasUsed.toString(),
      admin,
      name,
      url,
      deploymentFile,
    } satisfies DeployJson);
    return 0;
  }
  const lines = [];
  if (stale)
    lines.push(
      style.yellow(
        `! the registry recorded in ${deploymentFile} (${stale}) has no code on this chain (a restarted local node?)`,
      ),
    );
  lines.push(
    `${style.green("✔")} deployed CredentialRegistry${version ? ` ${version}` : ""} at ${style.bold(result.address)} on ${network} (chain ${client.chainId})`,
    `  issuer    ${name} — ${url}`,
    `  admin     ${admin}${admin.toLowerCase() === signer.address.toLowerCase() ? " (also issuer and revoker)" : ""}`,
    `  tx        ${result.transactionHash} in block ${result.blockNumber} (gas ${formatCount(result.gasUsed)})`,
    ...(target.explorer ? [`  explorer  ${explorerLink(target.explorer, "address", result.address)}`] : []),
    `  recorded  ${deploymentFile}`,
    "",
    COMMANDS_HINT.afterDeploy(network),
  );
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

export const deployCommand = defineCommand<DeployOptions>({
  spec,
  options: (args) => ({
    network: stringFlag(args, "network"),
    rpc: stringsFlag(args, "rpc"),
    config: stringFlag(args, "config"),
    keystore: stringFlag(args, "keystore"),
    name: stringFlag(args, "name"),
    url: stringFlag(args, "url"),
    admin: stringFlag(args, "admin"),
    confirmations: integerFlag(args, "confirmations"),
    force: booleanFlag(args, "force"),
    json: booleanFlag(args, "json"),
  }),
  run: deploy,
});
