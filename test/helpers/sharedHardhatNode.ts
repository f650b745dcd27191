/**
 * One `hardhat node` per test process, shared by every test file that needs a JSON-RPC endpoint over
 * HTTP: with `hardhat test --parallel` each mocha worker starts one (lazily, when its first file asks)
 * instead of one per file; without `--parallel` the run starts one.
 *
 * Each suite gets the chain as it was when it asked: `sharedHardhatNode()` takes an `evm_snapshot`, and
 * `release()` (in the suite's `after`) reverts to it and turns automine back on with no interval
 * mining. So a suite sees a fresh chain (the genesis state with Hardhat's default accounts, when every
 * suite before it released), deploys its own registry, and leaves nothing behind: balances, nonces,
 * blocks, pending transactions and the clock's offset go back with the snapshot. Suites run one after
 * another in a process, so snapshots nest; releasing out of order is an error.
 *
 * The node runs `hardhatNode.config.js` (chain 31337, no plugins) on a free loopback port and stops
 * when the test process exits. A suite that needs another chain id asks for it
 * (`sharedHardhatNode({ chainId: 424242 })`, the page's tests): one node per chain id and process,
 * shared the same way. A suite that must stop, restart or reconfigure a node starts its own with
 * `startHardhatNode()`.
 *
 * @example
 * let node: SharedHardhatNode;
 * before(async function () {
 *   node = await sharedHardhatNode();
 * });
 * after(async function () {
 *   await node?.release();
 * });
 */
import { startHardhatNode, type HardhatNode } from "./hardhatNode";

export interface SharedHardhatNode {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** 31337, or the chain id asked for */
  chainId: number;
  /** Sends one JSON-RPC request and returns its result, or throws the node's error. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Reverts the chain to the snapshot taken for this suite; safe to call twice. */
  release(): Promise<void>;
}

export interface SharedHardhatNodeOptions {
  /** The chain id the node serves; default 31337. */
  chainId?: number;
}

/** This process's nodes by chain id. */
const starting = new Map<number, Promise<HardhatNode>>();
/** Snapshot ids held by suites of this process on each node (by chain id), innermost last. */
const held = new Map<number, string[]>();

async function node(chainId: number): Promise<HardhatNode> {
  const current = await starting.get(chainId);
  if (current && !current.exited) return current;
  const started = startHardhatNode({ light: true, unref: true, ...(chainId === 31337 ? {} : { chainId }) });
  starting.set(chainId, started);
  started.catch(() => starting.delete(chainId));
  return started;
}

/** The test process's shared node (of `chainId`), on a snapshot of its chain that `release()` reverts to. */
export async function sharedHardhatNode(options: SharedHardhatNodeOptions = {}): Promise<SharedHardhatNode> {
  const chainId = options.chainId ?? 31337;
  const shared = await node(chainId);
  if (shared.chainId !== chainId) {
    throw new Error(`shared hardhat node: asked for chain ${chainId}, the node serves chain ${shared.chainId}`);
  }
  const snapshot = await shared.rpc<string>("evm_snapshot");
  const stack = held.get(chainId) ?? [];
  held.set(chainId, stack);
  stack.push(snapshot);
  let releasing: Promise<void> | undefined;
  return {
    url: shared.url,
    port: shared.port,
    chainId: shared.chainId,
    rpc: <T>(method: string, params?: unknown[]) => shared.rpc<T>(method, params),
    release: () => {
      if (releasing) return releasing;
      const innermost = stack[stack.length - 1];
      if (innermost !== snapshot) {
        return Promise.reject(
          new Error(
            `shared hardhat node: snapshot ${snapshot} released while ${innermost ?? "none"} is the innermost; ` +
              "release in the reverse order of sharedHardhatNode() (each suite's after hook)",
          ),
        );
      }
      stack.pop();
      return (releasing = release(shared, snapshot));
    },
  };
}

async function release(shared: HardhatNode, snapshot: string): Promise<void> {
  if (shared.exited) return;
  await shared.rpc("evm_setAutomine", [true]);
  await shared.rpc("evm_setIntervalMining", [0]);
  if (!(await shared.rpc<boolean>("evm_revert", [snapshot]))) {
    throw new Error(`shared hardhat node: evm_revert to snapshot ${snapshot} failed`);
  }
}
