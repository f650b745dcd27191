/**
 * The preamble of every command that talks to a registry, in one place: resolve the chain from
 * --network / --rpc / --config (and the chain id a proof names), find the registry, load the key,
 * connect a registry client, then run the command's chain work with the SDK's chain errors put in
 * command-line terms (which flag or variable to change).
 */
import { type Address, assertChainId, type RegistryClient } from "../../sdk/src/node";
import { KeyError } from "../errors";
import { connect, onChain } from "./client";
import { integerFlag, stringFlag, stringsFlag, type ParsedArgs } from "./args";
import type { Io } from "./io";
import { keyOptions, loadSigner, type KeyOptions, type Signer } from "./keys";
import { requireRegistry, resolveChain, type ChainTarget, type RegistryFlags } from "./network";

/**
 * The key the work signs with:
 * - `"required"`: loaded from --keystore, --signer-rpc or CREDANCHOR_PRIVATE_KEY; a KeyError when there is none;
 * - `"optional"`: the same when a key is configured, none when none is (a key given but broken is still an error);
 * - `"none"`: the work only reads (or prepares a Safe batch): no key is loaded;
 * - a `Signer` already loaded (one key for several registries);
 * - `{ identify }`: a loader of the command's own, run where the key would be loaded; its key only names
 *   an account (`roles list` marks "your key"), the client does not sign with it.
 */
export type SignerSetting = "required" | "optional" | "none" | Signer | IdentifyingKey;

/** A key that only names an account: the work reads with it, the client does not sign with it. */
export interface IdentifyingKey {
  identify(io: Io): Promise<Signer | undefined>;
}

/** The signer the work receives for a setting. */
export type SignerFor<S extends SignerSetting> = S extends "required" | Signer
  ? Signer
  : S extends "none"
    ? undefined
    : Signer | undefined;

/** The command's flags the preamble reads (a command may pass its whole options object). */
export type ChainFlags = RegistryFlags & KeyOptions & { confirmations?: number };

/**
 * Reads the chain flags from the command line: --network, --rpc, --registry, --config, the key flags and
 * --confirmations (each undefined, or empty for --rpc, when the command does not take it).
 *
 * @example
 * options: (args) => ({ dirs: args.positionals, ...chainFlags(args), json: booleanFlag(args, "json") })
 */
export function chainFlags(args: ParsedArgs): ChainFlags {
  return {
    network: stringFlag(args, "network"),
    rpc: stringsFlag(args, "rpc"),
    registry: stringFlag(args, "registry"),
    config: stringFlag(args, "config"),
    ...keyOptions(args),
    confirmations: integerFlag(args, "confirmations"),
  };
}

export interface ChainSettings<S extends SignerSetting> {
  signer: S;
  /** The chain a credential or batch names (from its proof): --network must agree, and without flags it picks the network. */
  chainId?: number;
  /** Asks the endpoint for its chain id before the work runs (a read-only command would otherwise not notice a wrong chain). */
  checkChain?: boolean;
  /**
   * A target the command resolved already (to check something of it, such as its config, before the key
   * is loaded); the flags then only give the key and --confirmations.
   */
  target?: ChainTarget;
}

export interface RegistrySettings<S extends SignerSetting> extends ChainSettings<S> {
  /** The registry the input names (a batch's anchor record); --registry wins over it. */
  registry?: string;
}

/** What the work of {@link withChain} receives. */
export interface ChainSession<S extends SignerSetting> {
  target: ChainTarget;
  client: RegistryClient;
  signer: SignerFor<S>;
}

/** What the work of {@link withRegistry} receives: the session and the registry's address. */
export interface RegistrySession<S extends SignerSetting> extends ChainSession<S> {
  registry: Address;
}

/**
 * Runs `work` against the registry the flags name: resolves the chain and the registry (--registry,
 * the config, deployments/<network>.json, or the registry `settings.registry` names), loads the key
 * as `settings.signer` says, connects (with --confirmations when it signs) and runs `work` with chain
 * errors in command-line terms.
 *
 * @example
 * return withRegistry(io, options, { signer: "required" }, async ({ client, registry, target }) => {
 *   const result = await setProfile(client, { registry, name, url });
 *   io.stdout.write(`profile set on ${target.name}: ${result.transactionHash}\n`);
 *   return 0;
 * });
 */
export async function withRegistry<S extends SignerSetting, T>(
  io: Io,
  flags: ChainFlags,
  settings: RegistrySettings<S>,
  work: (session: RegistrySession<S>) => Promise<T>,
): Promise<T> {
  const target = settings.target ?? resolveTarget(io, flags, settings, settings.registry);
  const registry = await requireRegistry(target);
  return runOn(io, flags, settings, target, (session) => work({ ...session, registry }));
}

/**
 * {@link withRegistry} for work that needs no registry address from the flags: a deployment, or
 * credentials whose proofs name their registry.
 *
 * @example
 * return withChain(io, options, { signer: "required" }, ({ client }) => deployRegistry(client, { admin, name, url }));
 */
export async function withChain<S extends SignerSetting, T>(
  io: Io,
  flags: ChainFlags,
  settings: ChainSettings<S>,
  work: (session: ChainSession<S>) => Promise<T>,
): Promise<T> {
  const target = settings.target ?? resolveTarget(io, flags, settings, undefined);
  return runOn(io, flags, settings, target, work);
}

function resolveTarget(
  io: Io,
  flags: ChainFlags,
  settings: ChainSettings<SignerSetting>,
  registry: string | undefined,
): ChainTarget {
  return resolveChain(io, {
    network: flags.network,
    rpc: flags.rpc,
    registry: flags.registry ?? registry,
    config: flags.config,
    chainId: settings.chainId,
  });
}

async function runOn<S extends SignerSetting, T>(
  io: Io,
  flags: ChainFlags,
  settings: ChainSettings<S>,
  target: ChainTarget,
  work: (session: ChainSession<S>) => Promise<T>,
): Promise<T> {
  const setting: SignerSetting = settings.signer;
  const signer = await signerFor(io, flags, setting);
  // A key that signs goes to the client; --confirmations matters only to what it sends and waits for.
  const signs = signer !== undefined && !(typeof setting === "object" && "identify" in setting);
  const client = await connect(
    target,
    signs ? { signer, ...(setting === "optional" ? {} : { confirmations: flags.confirmations }) } : {},
  );
  return onChain(target, async () => {
    if (settings.checkChain) await assertChainId(client);
    return work({ target, client, signer: signer as SignerFor<S> });
  });
}

async function signerFor(io: Io, key: KeyOptions, setting: SignerSetting): Promise<Signer | undefined> {
  if (setting === "none") return undefined;
  if (setting === "required") return loadSigner(io, key);
  if (setting === "optional") return optionalSigner(io, key);
  if ("identify" in setting) return setting.identify(io);
  return setting;
}

/** The key when one is configured; none when none is. A key given but broken (a keystore that does not open) is an error. */
async function optionalSigner(io: Io, key: KeyOptions): Promise<Signer | undefined> {
  try {
    return await loadSigner(io, key);
  } catch (error) {
    if (error instanceof KeyError && key.keystore === undefined && error.shortMessage === "no key to sign with") {
      return undefined;
    }
    throw error;
  }
}
