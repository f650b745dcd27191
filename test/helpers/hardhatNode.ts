/**
 * Starts a real `hardhat node` on a free loopback port as a child process, for tests that need a
 * JSON-RPC endpoint over HTTP (anchoring with a journal, failover between endpoints, the CLI).
 *
 * The node is this repository's Hardhat (`node_modules/hardhat`), run with the current Node binary so
 * that the child's pid is the node itself (no `npx` shell in between): `stop()` signals exactly that
 * pid. A node that a test forgets to stop is killed when the test process exits, and a node whose test
 * process dies without running its exit handlers (SIGKILL, a killed mocha worker) exits by itself: it
 * is started with `exitWithParent.js`, which ends it when the IPC channel to its parent closes.
 *
 * Most tests want `sharedHardhatNode()` (./sharedHardhatNode.ts): one node per test process, each
 * suite on its own snapshot (on chain 31337, or another chain id: the page's tests run chain 424242).
 * Start a node of your own only to stop or restart it, or to run one with another configuration.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { freePort } from "./ports";
import { REPO_ROOT } from "./repoRoot";

/** Hardhat's default accounts (mnemonic "test test ... junk"), well known and only ever used in tests. */
export const HARDHAT_ACCOUNTS = [
  {
    address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  },
  {
    address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  },
  {
    address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    privateKey: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  },
] as const;

export interface HardhatNodeOptions {
  /** Port to listen on; default: a free port chosen by the OS. */
  port?: number;
  /** How long to wait for `eth_chainId` to answer; default 60 s. */
  startTimeoutMs?: number;
  /** Extra arguments for `hardhat node` (e.g. `["--fork", url]`). */
  args?: string[];
  /**
   * Run the node with `hardhatNode.config.js` (chain 31337, nothing else: no TypeScript, no plugins)
   * instead of the repository's hardhat.config.ts: it answers in about a third of the CPU time. The
   * node does not decode reverts against the compiled contracts then (the SDK decodes them itself).
   */
  light?: boolean;
  /** With `light`: the chain id the node serves (default 31337). */
  chainId?: number;
  /**
   * Let the test process exit while the node runs (the node is then killed by the exit handler or
   * ends with its parent): for a node shared by many files and never stopped by one of them.
   */
  unref?: boolean;
}

export interface HardhatNode {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The pid of the `hardhat node` process. */
  pid: number;
  /** The node's chain id (31337 for Hardhat). */
  chainId: number;
  /** Sends one JSON-RPC request and returns its result, or throws the node's error. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Whether the node process has exited (stopped, crashed or killed). */
  readonly exited: boolean;
}

const LIGHT_CONFIG = path.join(__dirname, "hardhatNode.config.js");
const EXIT_WITH_PARENT = path.join(__dirname, "exitWithParent.js");
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts `hardhat node --hostname 127.0.0.1 --port <port>` and resolves once `eth_chainId` answers.
 *
 * @example
 * const node = await startHardhatNode();
 * try {
 *   await node.rpc("evm_setAutomine", [false]);
 *   // ... talk to node.url ...
 * } finally {
 *   await node.stop();
 * }
 */
export async function startHardhatNode(options: HardhatNodeOptions = {}): Promise<HardhatNode> {
  if (options.chainId !== undefined && !options.light) {
    throw new Error("startHardhatNode: chainId needs light: true (the light configuration reads it)");
  }
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnPort(port, options);
    } catch (error) {
      // Another process may have taken the port between freePort() and the node's listen(): retry.
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnPort(port: number, options: HardhatNodeOptions): Promise<HardhatNode> {
  const hardhatCli = require.resolve("hardhat/internal/cli/bootstrap.js", { paths: [REPO_ROOT] });
  const env = { ...process.env };
  delete env.HARDHAT_NETWORK;
  delete env.CREDANCHOR_TEST_NODE_CHAIN_ID;
  if (options.chainId !== undefined) env.CREDANCHOR_TEST_NODE_CHAIN_ID = String(options.chainId);
  const config = options.light ? ["--config", LIGHT_CONFIG] : [];
  const child = spawn(
    process.execPath,
    [
      "--require",
      EXIT_WITH_PARENT,
      hardhatCli,
      ...config,
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
      ...(options.args ?? []),
    ],
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  if (child.pid === undefined) throw new Error("could not spawn hardhat node");
  running.add(child);
  installExitHook();

  let output = "";
  let listening = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8000);
    listening ||= output.includes("Started HTTP and WebSocket JSON-RPC server");
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    running.delete(child);
  });

  const url = `http://127.0.0.1:${port}`;
  const rpc = <T>(method: string, params: unknown[] = []) => jsonRpc<T>(url, method, params);

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let chainId: number | undefined;
  while (chainId === undefined) {
    if (hasExited) throw new Error(`hardhat node exited before answering on ${url}:\n${output}`);
    if (Date.now() > deadline) {
      await stopChild(child, exited, () => hasExited);
      throw new Error(`hardhat node did not answer eth_chainId on ${url} in time:\n${output}`);
    }
    // Only trust an answer once our child says it listens: another process may hold the port.
    if (!listening) {
      await sleep(50);
      continue;
    }
    try {
      chainId = Number(await rpc<string>("eth_chainId"));
    } catch {
      await sleep(100);
    }
  }

  if (options.unref) {
    child.unref();
    child.channel?.unref();
    (child.stdout as unknown as Socket | null)?.unref();
    (child.stderr as unknown as Socket | null)?.unref();
  } else {
    // The IPC channel would otherwise keep this process alive; stop() or the exit handler ends the node.
    child.channel?.unref();
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    pid: child.pid,
    chainId,
    rpc,
    stop: () => (stopping ??= stopChild(child, exited, () => hasExited)),
    get exited() {
      return hasExited;
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, hasExited: () => boolean): Promise<void> {
  if (hasExited() || child.pid === undefined) return;
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (!hasExited() && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          // exitWithParent.js ends the node on SIGHUP (a node without it dies of the signal).
          process.kill(child.pid, "SIGHUP");
        } catch {
          // already gone
        }
      }
    }
  });
}

/**
 * One JSON-RPC request on a connection of its own (no keep-alive): the node closes an idle
 * connection after 5 s, and a request sent on it at that moment (a suite starting after a pause, a
 * loaded machine) fails with "other side closed" although the node is well.
 */
function jsonRpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const payload = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  return new Promise<T>((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/json" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
              result?: T;
              error?: { code: number; message: string };
            };
            if (body.error) reject(new Error(`${method}: ${body.error.message} (${body.error.code})`));
            else resolve(body.result as T);
          } catch (error) {
            reject(
              new Error(`${method}: the node answered HTTP ${response.statusCode} with no JSON`, { cause: error }),
            );
          }
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
