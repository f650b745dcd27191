/**
 * `credanchor serve`: the verification service (W3C VC API `POST /credentials/verify`, a batch
 * endpoint, the verifier page, /health and /metrics). docs/SERVE.md describes the API and settings.
 */
import path from "node:path";
import type { Caip2ChainId, QuorumOptions } from "../../sdk/src/node";
import { NetworkError, UsageError } from "../errors";
import { booleanFlag, integerFlag, stringFlag, stringsFlag, type ParsedArgs } from "../lib/args";
import { askChainId } from "../lib/client";
import { defineCommand } from "../lib/command";
import { parseDnsServers, parseIdentityMethods } from "../lib/identityLookup";
import type { Io } from "../lib/io";
import { resolveChain } from "../lib/network";
import { packageDir } from "../lib/packageDir";
import { serveConfig, type ServeChain, type ServeConfig } from "../serve/config";
import { startVerificationServer, type VerificationServer } from "../serve/createServer";
import { serveSpec as spec } from "../specs/serve";

export interface ServeOptions {
  /** Networks to verify credentials of (config or built-in names); default the config's defaultNetwork. */
  networks?: string[];
  /** RPC URLs (failover in order) for the one network given, or alone (the chain is asked). */
  rpc?: string[];
  config?: string;
  host?: string;
  port?: number;
  confirmations?: number;
  /** k of the chain's endpoints must agree on every read. */
  quorum?: number;
  /** Per RPC attempt, ms. */
  rpcTimeoutMs?: number;
  identity?: boolean;
  dnsServers?: string[];
  identityMethods?: ServeConfig["identityMethods"];
  statusTtlSeconds?: number;
  identityTtlSeconds?: number;
  cacheEntries?: number;
  bodyLimitMiB?: number;
  batchBodyLimitMiB?: number;
  maxBatch?: number;
  maxConcurrent?: number;
  maxConcurrentBatches?: number;
  /** The young generation of each verify-batch thread, MiB; 0: V8's default. */
  batchYoungGenerationMiB?: number;
  timeoutSeconds?: number;
  /** Requests per client per minute on the verify endpoints; 0: no limit. */
  rateLimit?: number;
  corsOrigins?: string[];
  trustProxy?: boolean;
  webDir?: string;
  log?: boolean;
  /** Stops the service when aborted (tests); the command line stops on SIGTERM / SIGINT. */
  signal?: AbortSignal;
  /** Called once listening (tests). */
  onListening?: (server: VerificationServer) => void;
}

/**
 * The service's configuration from the options and the config file.
 *
 * @example
 * const config = await serveConfigFrom({ networks: ["localhost"], port: 0 }, io);
 */
export async function serveConfigFrom(options: ServeOptions, io: Io): Promise<ServeConfig> {
  const networks = options.networks ?? [];
  const rpc = options.rpc ?? [];
  if (rpc.length > 0 && networks.length > 1) {
    throw new UsageError("--rpc applies to one network, but several --network were given", {
      fix: "give each network's RPC URLs in credanchor.config.json (networks.NAME.rpc), or run one network per --rpc",
    });
  }
  const targets = networks.length > 0 ? networks.map((network) => ({ network })) : [{ network: undefined }];
  const chains: ServeChain[] = [];
  for (const { network } of targets) {
    const target = resolveChain(io, { network, rpc, config: options.config });
    const chainId = target.chainId ?? (await askChainId(target));
    const chain = `eip155:${chainId}` as Caip2ChainId;
    if (chains.some((c) => c.chain === chain)) {
      throw new UsageError(`${chain} is given twice (${network ?? "--rpc"})`, { fix: "give each chain once" });
    }
    const endpoints = target.provider ? [target.provider] : target.rpcUrls;
    const quorum: QuorumOptions | undefined =
      options.quorum !== undefined ? { k: options.quorum, n: endpoints.length } : undefined;
    if (quorum && (quorum.k < 1 || quorum.k > quorum.n)) {
      throw new UsageError(`--quorum ${quorum.k} needs at least ${quorum.k} RPC endpoints for ${target.name}`, {
        fix: `give ${target.name} more endpoints (--rpc URL repeated, or networks.${target.name}.rpc), or lower --quorum`,
      });
    }
    const confirmations = options.confirmations ?? target.confirmations;
    chains.push({
      name: target.name,
      chain,
      chainId,
      endpoints,
      ...(quorum ? { quorum } : {}),
      ...(confirmations !== undefined ? { confirmations } : {}),
      ...(options.rpcTimeoutMs !== undefined ? { timeoutMs: options.rpcTimeoutMs } : {}),
    });
  }
  const mib = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 2 ** 20));
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  const timeout = seconds(options.timeoutSeconds);
  return serveConfig({
    chains,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    identity: options.identity === true ? "on" : options.identity === false ? "off" : "auto",
    ...(options.dnsServers && options.dnsServers.length > 0 ? { dnsServers: options.dnsServers } : {}),
    ...(options.identityMethods ? { identityMethods: options.identityMethods } : {}),
    corsOrigins: options.corsOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    logRequests: options.log ?? false,
    ...(options.batchYoungGenerationMiB !== undefined
      ? { batchYoungGenerationMiB: options.batchYoungGenerationMiB }
      : {}),
    webDir: options.webDir !== undefined ? path.resolve(io.cwd, options.webDir) : defaultWebDir(),
    ...(io.didDocuments ? { didDocuments: io.didDocuments } : {}),
    limits: defined({
      bodyLimit: mib(options.bodyLimitMiB),
      batchBodyLimit: mib(options.batchBodyLimitMiB),
      maxBatch: options.maxBatch,
      maxConcurrent: options.maxConcurrent,
      maxConcurrentBatches: options.maxConcurrentBatches,
      requestTimeoutMs: timeout,
      batchTimeoutMs: timeout === undefined ? undefined : timeout * 8,
      rateLimit: options.rateLimit,
    }),
    cache: defined({
      statusTtlMs: seconds(options.statusTtlSeconds),
      identityTtlMs: seconds(options.identityTtlSeconds),
      maxEntries: options.cacheEntries,
    }),
  });
}

/** web/dist of the credanchor package this command runs from (source checkout or installed). */
function defaultWebDir(): string {
  const pkg = packageDir();
  return pkg === undefined ? path.resolve("web", "dist") : path.join(pkg.dir, "web", "dist");
}

/**
 * Runs the service until SIGTERM / SIGINT (or `options.signal`), then answers the requests in
 * flight and stops.
 *
 * @example
 * await serve({ networks: ["localhost"], port: 8080 }, processIo());
 */
export async function serve(options: ServeOptions, io: Io): Promise<number> {
  const config = await serveConfigFrom(options, io);
  let server: VerificationServer;
  try {
    server = await startVerificationServer(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new NetworkError(`cannot listen on ${config.host}:${config.port} (${code})`, {
        fix:
          code === "EADDRINUSE"
            ? "another process uses this port: stop it or pass --port N (0: any free port)"
            : "pass a --host this machine has and a --port above 1023 (or run with the right to bind it)",
      });
    }
    throw error;
  }
  const chains = config.chains.map(
    (c) => `${c.name} (${c.chain}, ${c.endpoints.length} endpoint${c.endpoints.length === 1 ? "" : "s"})`,
  );
  io.stdout.write(`credanchor serve: listening on ${server.url} — verifying credentials of ${chains.join(", ")}\n`);
  options.onListening?.(server);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    if (options.signal) {
      if (options.signal.aborted) resolve();
      options.signal.addEventListener("abort", stop, { once: true });
    } else {
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    }
  });
  io.stdout.write(`credanchor serve: stopping; answering ${server.inFlight()} request(s) in flight\n`);
  await server.close();
  io.stdout.write("credanchor serve: stopped\n");
  return 0;
}

function positiveNumber(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(number > 0)) {
    throw new UsageError(`--${name} must be a number greater than 0, not '${value}'`);
  }
  return number;
}

function identityFlags(args: ParsedArgs): Pick<ServeOptions, "identity" | "dnsServers" | "identityMethods"> {
  const on = booleanFlag(args, "identity");
  const off = booleanFlag(args, "no-identity");
  if (on && off) {
    throw new UsageError("--identity and --no-identity contradict each other", { fix: "give one of them" });
  }
  const dnsServers = parseDnsServers(stringsFlag(args, "dns-server"));
  const identityMethods = parseIdentityMethods(stringsFlag(args, "identity-method"), "--identity-method");
  return {
    ...(on ? { identity: true } : off ? { identity: false } : {}),
    ...(dnsServers.length > 0 ? { dnsServers } : {}),
    ...(identityMethods ? { identityMethods } : {}),
  };
}

export const serveCommand = defineCommand<ServeOptions>({
  spec,
  options: (args) => {
    const port = integerFlag(args, "port");
    if (port !== undefined && port > 65535) throw new UsageError(`--port must be 0 to 65535, not ${port}`);
    const networks = stringsFlag(args, "network");
    return {
      ...(networks.length > 0 ? { networks } : {}),
      rpc: stringsFlag(args, "rpc"),
      config: stringFlag(args, "config"),
      host: stringFlag(args, "host"),
      port,
      confirmations: integerFlag(args, "confirmations"),
      quorum: integerFlag(args, "quorum"),
      rpcTimeoutMs: integerFlag(args, "rpc-timeout"),
      ...identityFlags(args),
      statusTtlSeconds: integerFlag(args, "status-ttl"),
      identityTtlSeconds: integerFlag(args, "identity-ttl"),
      cacheEntries: integerFlag(args, "cache-entries"),
      bodyLimitMiB: positiveNumber(args, "body-limit"),
      batchBodyLimitMiB: positiveNumber(args, "batch-body-limit"),
      maxBatch: integerFlag(args, "max-batch"),
      maxConcurrent: integerFlag(args, "max-concurrent"),
      maxConcurrentBatches: integerFlag(args, "max-concurrent-batches"),
      batchYoungGenerationMiB: integerFlag(args, "batch-young-generation"),
      timeoutSeconds: positiveNumber(args, "timeout"),
      rateLimit: integerFlag(args, "rate-limit"),
      corsOrigins: stringsFlag(args, "cors-origin"),
      trustProxy: booleanFlag(args, "trust-proxy"),
      webDir: stringFlag(args, "web-dir"),
      log: booleanFlag(args, "log"),
    };
  },
  run: serve,
});
