/**
 * `credanchor deploy`: deploys the issuer's CredentialRegistry (whole, or with `--factory` as a clone made by
 * CredentialRegistryFactory at the same address on every chain) and records it in deployments/<network>.json.
 *
 * Length (just over 400 lines): the whole deployment and the factory deployment share their checks,
 * record and report; `deployThroughFactory` is the seam (a `deploy/` folder) if a third way is added.
 */
import { isAddress } from "viem";
import path from "node:path";
import {
  type Address,
  deployRegistry,
  deployRegistryFactory,
  deployRegistryViaFactory,
  getDefaultAdmin,
  getProfile,
  getRegistryVersion,
  type Hex,
  predictRegistryAddress,
  REGISTRY_COMPILER,
} from "../../sdk/src/node";
import type { RegistryClient } from "../../sdk/src";
import { ConfigError, UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { networkNameForChain } from "../lib/client";
import { COMMANDS_HINT } from "../lib/hints";
import { DEFAULT_ISSUER_NAME } from "./init";
import { defineCommand } from "../lib/command";
import { readDeployment, writeDeployment } from "../lib/deployments";
import type { Io } from "../lib/io";
import { type KeyOptions } from "../lib/keys";
import { resolveChain } from "../lib/network";
import { explorerLink } from "../lib/networks";
import { formatCount, writeReport, stylesFor } from "../lib/output";
import { trackTask } from "../lib/progress";
import { chainFlags, withChain } from "../lib/withRegistry";
import { deploySpec as spec } from "../specs/deploy";

export interface DeployOptions extends KeyOptions {
  network?: string;
  rpc?: string[];
  config?: string;
  /** Issuer display name; default: issuer.name in the config. */
  name?: string;
  /** Issuer profile URL or DID; default: issuer.url in the config. */
  url?: string;
  /** The registry's admin; default: the deploying account. */
  admin?: string;
  confirmations?: number;
  /** Deploy even when deployments/<network>.json names a live registry. */
  force?: boolean;
  /** Create the registry through CredentialRegistryFactory (a clone at the same address on every chain). */
  factory?: boolean;
  json?: boolean;
}

/** `--json` shape of `deploy` (docs/CLI.md). */
export interface DeployJson {
  network: string;
  chainId: number;
  address: Address;
  /** False when a live registry was already recorded, or (`--factory`) already existed, and nothing was sent. */
  deployed: boolean;
  /** `--factory`: the factory that makes (or made) the registry. */
  factory?: Address;
  /** `--factory`: the registry existed at its predicted address before this run. */
  existed?: boolean;
  transactionHash?: Hex;
  blockNumber?: number;
  gasUsed?: string;
  admin?: Address;
  name?: string;
  url?: string;
  deploymentFile: string;
}

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
  if (options.admin !== undefined && !isAddress(options.admin, { strict: false })) {
    throw new UsageError(`--admin: '${options.admin}' is not an address`);
  }
  // The target is resolved first: the profile's name and URL come from the config it loaded.
  return withChain(io, options, { target, signer: "required" }, async ({ client, signer }) => {
    const network = target.named ? target.name : networkNameForChain(client.chainId, config.networks);
    const style = stylesFor(io.stdout, io.env);
    const deploymentFile = path.join("deployments", `${network}.json`);

    const recorded = readDeployment(dir, network);
    let stale: Address | undefined;
    if (recorded && recorded.chainId === client.chainId && !options.force) {
      const live = await getRegistryVersion(client, { registry: recorded.address }).then(
        () => true,
        (error: unknown) => {
          if ((error as { code?: string }).code === "REGISTRY_NOT_FOUND") return false;
          throw error;
        },
      );
      if (live) {
        return writeReport(
          io,
          options.json,
          {
            network,
            chainId: client.chainId,
            address: recorded.address,
            deployed: false,
            deploymentFile,
          } satisfies DeployJson,
          (style) => [
            `${style.green("✔")} ${network} already has a registry: ${recorded.address} (${deploymentFile}); nothing sent.`,
            "  Pass --force to deploy another one.",
          ],
        );
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
    const context: DeployContext = {
      io,
      client,
      network,
      dir,
      deploymentFile,
      stale,
      signer: signer.address,
      admin,
      name,
      url,
      json: options.json === true,
    };
    if (options.factory) return deployThroughFactory(context);
    const result = await trackTask(
      io,
      `deploying on ${network}, waiting for ${client.confirmations} confirmation(s)`,
      deployRegistry(client, { admin, name, url }),
      { enabled: !options.json },
    );
    const version = await recordDeployment(context, result.address, result);
    return reportDeployed(context, result, {
      headings: [
        `${style.green("✔")} deployed CredentialRegistry${version ? ` ${version}` : ""} at ${style.bold(result.address)} on ${network} (chain ${client.chainId})`,
      ],
      notSender: "",
      ...(target.explorer ? { explorer: explorerLink(target.explorer, "address", result.address) } : {}),
    });
  });
}

/** What both ways of deploying (whole, or through the factory) share. */
interface DeployContext {
  io: Io;
  client: RegistryClient;
  network: string;
  dir: string;
  deploymentFile: string;
  /** A recorded registry without code (a restarted local node). */
  stale?: Address;
  signer: Address;
  admin: Address;
  name: string;
  url: string;
  json: boolean;
}

/** The transaction that deployed (or created) a registry. */
interface Deployed {
  address: Address;
  transactionHash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
}

/**
 * Writes deployments/<network>.json for the registry at `address`: the transaction and its block's time
 * when one was sent, the factory's addresses for a clone, the contract's version when it answers
 * `version()` (returned, for the report).
 */
async function recordDeployment(
  c: DeployContext,
  address: Address,
  sent?: { transactionHash: Hex; blockNumber: bigint },
  factory?: { address: Address; implementation: Address; salt: Hex },
): Promise<string | undefined> {
  const { client } = c;
  const version = await getRegistryVersion(client, { registry: address }).catch(() => undefined);
  const block = sent ? await client.publicClient.getBlock({ blockNumber: sent.blockNumber }) : undefined;
  writeDeployment(c.dir, {
    network: c.network,
    chainId: client.chainId,
    address,
    ...(sent ? { transactionHash: sent.transactionHash, blockNumber: Number(sent.blockNumber) } : {}),
    deployer: c.signer,
    args: { admin: c.admin, name: c.name, url: c.url },
    compiler: REGISTRY_COMPILER,
    ...(factory ? { factory } : {}),
    ...(version ? { contractVersion: version } : {}),
    ...(block ? { blockTimestamp: block.timestamp } : {}),
  });
  return version;
}

/**
 * The report of a registry deployed by this run, both ways: `--json` (`factory` adds `existed` and the
 * factory's address), or the headings, the registry's facts and the next step.
 */
function reportDeployed(
  c: DeployContext,
  result: Deployed,
  how: {
    headings: readonly string[];
    /** Said after the admin when it is not the sending key. */
    notSender: string;
    explorer?: string;
    factory?: Address;
  },
): number {
  const { client, network, admin } = c;
  return writeReport(
    c.io,
    c.json,
    {
      network,
      chainId: client.chainId,
      address: result.address,
      deployed: true,
      ...(how.factory ? { existed: false, factory: how.factory } : {}),
      transactionHash: result.transactionHash,
      blockNumber: Number(result.blockNumber),
      gasUsed: result.gasUsed.toString(),
      admin,
      name: c.name,
      url: c.url,
      deploymentFile: c.deploymentFile,
    } satisfies DeployJson,
    (style) => [
      ...(c.stale
        ? [
            style.yellow(
              `! the registry recorded in ${c.deploymentFile} (${c.stale}) has no code on this chain (a restarted local node?)`,
            ),
          ]
        : []),
      ...how.headings,
      `  issuer    ${c.name} — ${c.url}`,
      `  admin     ${admin}${admin.toLowerCase() === c.signer.toLowerCase() ? " (also issuer and revoker)" : how.notSender}`,
      `  tx        ${result.transactionHash} in block ${result.blockNumber} (gas ${formatCount(result.gasUsed)})`,
      ...(how.explorer ? [`  explorer  ${how.explorer}`] : []),
      `  recorded  ${c.deploymentFile}`,
      "",
      COMMANDS_HINT.afterDeploy(network),
    ],
  );
}

/**
 * `deploy --factory`: predicts the registry's address, reports it before sending, deploys the factory if the
 * chain lacks it, creates the registry (or finds it already there) and writes the deployment record.
 */
async function deployThroughFactory(c: DeployContext): Promise<number> {
  const { io, client, network, admin, name, url } = c;
  const style = stylesFor(io.stdout, io.env);
  const predicted = predictRegistryAddress({ admin, name });
  if (!c.json) {
    io.stdout.write(
      `→ registry of ${admin} named "${name}": ${style.bold(predicted.address)} (the same on every chain)
`,
    );
  }
  const code = await client.publicClient.getCode({ address: predicted.address });
  const clone = { address: predicted.factory, implementation: predicted.implementation, salt: predicted.salt };

  if (code && code !== "0x") {
    // Created before: by this issuer on an earlier run, or by anyone (the factory lets anyone create an
    // admin's registry). It is this admin's registry only if that admin still holds it; say what differs.
    const [currentAdmin, profile] = await Promise.all([
      getDefaultAdmin(client, { registry: predicted.address }),
      getProfile(client, { registry: predicted.address }),
    ]);
    const differences: string[] = [];
    if (currentAdmin.toLowerCase() !== admin.toLowerCase()) differences.push(`its admin is now ${currentAdmin}`);
    if (profile.name !== name || profile.url !== url) {
      differences.push(`its profile is "${profile.name}" — ${profile.url}, not "${name}" — ${url}`);
    }
    await recordDeployment(c, predicted.address, undefined, clone);
    return writeReport(
      io,
      c.json,
      {
        network,
        chainId: client.chainId,
        address: predicted.address,
        deployed: false,
        existed: true,
        factory: predicted.factory,
        admin: currentAdmin,
        name: profile.name,
        url: profile.url,
        deploymentFile: c.deploymentFile,
      } satisfies DeployJson,
      (style) => [
        `${style.green("✔")} the registry already exists at ${style.bold(predicted.address)} on ${network}; nothing sent, recorded in ${c.deploymentFile}`,
        ...differences.map((difference) => style.yellow(`! ${difference}`)),
        ...(differences.length > 0
          ? [
              "  fix: as its admin, correct the profile (SDK setProfile), or deploy under another --name for a new address",
            ]
          : []),
      ],
    );
  }

  const track = <T>(message: string, work: Promise<T>) => trackTask(io, message, work, { enabled: !c.json });
  const factory = await track(`checking the registry factory on ${network}`, deployRegistryFactory(client));
  const result = await track(
    `creating the registry through the factory on ${network}, waiting for ${client.confirmations} confirmation(s)`,
    deployRegistryViaFactory(client, { admin, name, url }),
  );
  await recordDeployment(c, predicted.address, result, clone);
  return reportDeployed(c, result, {
    headings: [
      ...(factory.deployed
        ? [
            `${style.green("✔")} deployed the registry factory at ${factory.factory} (gas ${formatCount(factory.gasUsed ?? 0n)}); once per chain`,
          ]
        : []),
      `${style.green("✔")} created a CredentialRegistry at ${style.bold(result.address)} on ${network} (chain ${client.chainId}) through the factory`,
    ],
    notSender: " (also issuer and revoker; not the sending key)",
    factory: result.factory,
  });
}

export const deployCommand = defineCommand<DeployOptions>({
  spec,
  options: (args) => ({
    ...chainFlags(args),
    name: stringFlag(args, "name"),
    url: stringFlag(args, "url"),
    admin: stringFlag(args, "admin"),
    force: booleanFlag(args, "force"),
    factory: booleanFlag(args, "factory"),
    json: booleanFlag(args, "json"),
  }),
  run: deploy,
});
