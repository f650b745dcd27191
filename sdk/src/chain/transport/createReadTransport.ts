/**
 * One chain's read transport over several RPC endpoints: failover (in order, with timeouts and
 * limited retries with backoff) and an optional quorum (k of n endpoints must return the same result).
 * Browser-safe: only `fetch`, `AbortController` and `setTimeout`.
 *
 * Length (just over 400 lines): failover, retries, cooldown and quorum work on the same endpoint slots
 * and are one state machine; the answer checks at the bottom (`answerProblem`) are the seam if it grows.
 */
import { ChainMismatchError } from "../../errors/registry";
import {
  NoEndpointAvailableError,
  QuorumError,
  RpcEndpointError,
  RpcResponseError,
  VerifyOptionsError,
  type EndpointProblem,
  type QuorumAnswer,
} from "../../errors/verify";
import type { Caip2ChainId } from "../../types";
import { defaultConfirmations } from "../defaultConfirmations";
import { sleep } from "../deadline";
import { parseCaip2 } from "../caip2";
import { createRpcEndpoint, type RpcEndpoint } from "./rpcEndpoint";
import type { EndpointState, ReadTransport, ReadTransportOptions, RequestOptions, RpcStats } from "./types";

interface AnswerGroup {
  count: number;
  result: unknown;
}

interface Slot {
  endpoint: RpcEndpoint;
  /** Resolves once this endpoint's chain id was read and matches; cleared when the check failed on the network. */
  chainCheck?: Promise<void>;
  state: EndpointState["state"];
  reason?: string;
  /** While `Date.now() < downUntil` the endpoint is tried after the others. */
  downUntil: number;
}

/**
 * Creates the read transport of one chain.
 *
 * @example
 * const transport = createReadTransport({
 *   chain: "eip155:11155111",
 *   endpoints: ["https://rpc-a.example", "https://rpc-b.example", "https://rpc-c.example"],
 *   quorum: { k: 2, n: 3 },
 * });
 * const head = await transport.blockNumber();
 * const raw = await transport.request<string>("eth_call", [{ to, data }, `0x${head.toString(16)}`]);
 */
export function createReadTransport(options: ReadTransportOptions): ReadTransport {
  const chainId = parseCaip2(options.chain);
  if (options.endpoints.length === 0) {
    throw new VerifyOptionsError(`no RPC endpoint given for ${options.chain}`, { pointer: "/endpoints" });
  }
  const quorum = options.quorum;
  if (quorum) {
    if (!Number.isInteger(quorum.n) || quorum.n < 1 || quorum.n > options.endpoints.length) {
      throw new VerifyOptionsError(
        `quorum.n must be between 1 and the number of endpoints (${options.endpoints.length}), got ${quorum.n}`,
        { pointer: "/quorum/n" },
      );
    }
    if (!Number.isInteger(quorum.k) || quorum.k < 1 || quorum.k > quorum.n) {
      throw new VerifyOptionsError(`quorum.k must be between 1 and quorum.n (${quorum.n}), got ${quorum.k}`, {
        pointer: "/quorum/k",
      });
    }
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const spread = options.maxHeadSpread ?? defaultConfirmations(chainId);
  if (!Number.isSafeInteger(spread) || spread < 0) {
    throw new VerifyOptionsError(`maxHeadSpread must be a whole number >= 0, got ${spread}`, {
      pointer: "/maxHeadSpread",
    });
  }
  const maxHeadSpread = BigInt(spread);
  const slots: Slot[] = options.endpoints.map((input) => ({
    endpoint: createRpcEndpoint(input, { fetch: options.fetch }),
    state: "unchecked",
    downUntil: 0,
  }));
  disambiguateNames(slots);

  const stats: RpcStats = { requests: 0, byMethod: {}, byEndpoint: {}, failures: 0 };

  /** One request to one endpoint, retried with backoff on endpoint failures. */
  async function sendWithRetries(slot: Slot, method: string, params: readonly unknown[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      stats.requests++;
      stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
      stats.byEndpoint[slot.endpoint.name] = (stats.byEndpoint[slot.endpoint.name] ?? 0) + 1;
      try {
        const result = await slot.endpoint.send(method, params, timeoutMs);
        const problem = answerProblem(method, result);
        if (problem) {
          throw new RpcEndpointError({ endpoint: slot.endpoint.name, method, kind: "bad-response", reason: problem });
        }
        return result;
      } catch (error) {
        if (!(error instanceof RpcEndpointError)) throw error;
        stats.failures++;
        // A plain HTTP error (401, 404...) will not go away by asking again.
        const retryable = error.kind !== "http" || (error.httpStatus ?? 0) >= 500;
        if (!retryable || attempt >= retries) throw error;
        const delay = retryDelayMs * 2 ** attempt;
        await sleep(delay / 2 + Math.random() * (delay / 2));
      }
    }
  }

  function checkChain(slot: Slot): Promise<void> {
    slot.chainCheck ??= (async () => {
      const answer = await sendWithRetries(slot, "eth_chainId", []);
      const actual = Number(answer);
      if (actual !== chainId) {
        const mismatch = new ChainMismatchError({
          endpoint: slot.endpoint.name,
          expected: chainId,
          actual,
          scope: "failover",
        });
        slot.state = "skipped";
        slot.reason = mismatch.shortMessage;
        throw mismatch;
      }
    })().catch((error: unknown) => {
      if (!(error instanceof ChainMismatchError)) slot.chainCheck = undefined; // ask again next time
      throw error;
    });
    return slot.chainCheck;
  }

  /** Checks the chain id (once), then sends. Marks the slot ok or down. */
  async function sendChecked(slot: Slot, method: string, params: readonly unknown[]): Promise<unknown> {
    try {
      await checkChain(slot);
      const result = await sendWithRetries(slot, method, params);
      slot.state = "ok";
      slot.reason = undefined;
      slot.downUntil = 0;
      return result;
    } catch (error) {
      if (error instanceof RpcEndpointError) {
        slot.state = "down";
        slot.reason = error.shortMessage;
        slot.downUntil = Date.now() + cooldownMs;
      } else if (error instanceof RpcResponseError && slot.state === "unchecked") {
        slot.state = "ok"; // it answered, so it is up
      }
      throw error;
    }
  }

  /** Usable endpoints: healthy ones in the given order, then those cooling down. */
  function ordered(): Slot[] {
    const now = Date.now();
    const usable = slots.filter((slot) => slot.state !== "skipped");
    return [...usable.filter((slot) => slot.downUntil <= now), ...usable.filter((slot) => slot.downUntil > now)];
  }

  function skippedProblems(): EndpointProblem[] {
    return slots
      .filter((slot) => slot.state === "skipped")
      .map((slot) => ({ endpoint: slot.endpoint.name, reason: slot.reason ?? "skipped" }));
  }

  async function failover(method: string, params: readonly unknown[]): Promise<unknown> {
    const problems: EndpointProblem[] = [];
    let lastError: unknown;
    for (const slot of ordered()) {
      try {
        return await sendChecked(slot, method, params);
      } catch (error) {
        if (error instanceof RpcResponseError) throw error;
        if (error instanceof RpcEndpointError || error instanceof ChainMismatchError) {
          problems.push({ endpoint: slot.endpoint.name, reason: error.shortMessage });
          lastError = error;
          continue;
        }
        throw error;
      }
    }
    const reported = new Set(problems.map((problem) => problem.endpoint));
    problems.push(...skippedProblems().filter((problem) => !reported.has(problem.endpoint)));
    throw new NoEndpointAvailableError({ chain: options.chain, method, problems, cause: lastError });
  }

  /**
   * Asks `n` endpoints at once (a failed one is replaced by the next spare) and settles as soon as `k`
   * normalised answers agree, or when no more answers can come.
   */
  function quorumAnswers(
    method: string,
    params: readonly unknown[],
    normalize: (result: unknown) => string,
    enough: (groups: Map<string, AnswerGroup>) => boolean,
  ): Promise<{ answers: QuorumAnswer[]; groups: Map<string, AnswerGroup> }> {
    const { n } = quorum!;
    const queue = ordered();
    const answers: QuorumAnswer[] = [];
    const groups = new Map<string, AnswerGroup>();
    return new Promise((resolve) => {
      let inFlight = 0;
      let answered = 0;
      let done = false;
      const record = (name: string, key: string, result: unknown) => {
        answered++;
        const group = groups.get(key) ?? { count: 0, result };
        group.count++;
        groups.set(key, group);
        answers.push({ endpoint: name, answer: key });
      };
      const step = () => {
        if (done) return;
        if (enough(groups)) {
          done = true;
          resolve({ answers, groups });
          return;
        }
        while (answered + inFlight < n && queue.length > 0) {
          const slot = queue.shift()!;
          inFlight++;
          sendChecked(slot, method, params).then(
            (result) => {
              inFlight--;
              // A normaliser that cannot read the answer makes it this endpoint's fault, never a hang.
              let key: string | undefined;
              try {
                key = normalize(result);
              } catch (error) {
                answers.push({ endpoint: slot.endpoint.name, error: `unreadable answer: ${errorText(error)}` });
              }
              if (key !== undefined) record(slot.endpoint.name, key, result);
              step();
            },
            (error: unknown) => {
              inFlight--;
              // A JSON-RPC error is an answer too: k endpoints may agree that a call reverts.
              if (error instanceof RpcResponseError) record(slot.endpoint.name, `rpc-error:${error.rpcCode}`, error);
              else answers.push({ endpoint: slot.endpoint.name, error: errorText(error) });
              step();
            },
          );
        }
        if (inFlight === 0) {
          done = true;
          resolve({ answers, groups });
        }
      };
      step();
    });
  }

  async function quorumRequest(method: string, params: readonly unknown[], requestOptions?: RequestOptions) {
    const { k, n } = quorum!;
    const normalize = requestOptions?.normalize ?? defaultNormalize;
    const { answers, groups } = await quorumAnswers(method, params, normalize, (g) =>
      [...g.values()].some((group) => group.count >= k),
    );
    const winner = [...groups.values()].find((group) => group.count >= k);
    if (!winner) {
      for (const problem of skippedProblems()) answers.push({ endpoint: problem.endpoint, error: problem.reason });
      throw new QuorumError({ chain: options.chain, method, k, n, answers });
    }
    if (winner.result instanceof RpcResponseError) throw winner.result;
    return winner.result;
  }

  const transport: ReadTransport = {
    chain: options.chain,
    chainId,
    quorum,
    stats,
    async request<T>(method: string, params: readonly unknown[] = [], requestOptions?: RequestOptions) {
      const result = quorum ? await quorumRequest(method, params, requestOptions) : await failover(method, params);
      return result as T;
    },
    async blockNumber() {
      if (!quorum) return BigInt((await failover("eth_blockNumber", [])) as string);
      const { k, n } = quorum;
      const { answers, groups } = await quorumAnswers(
        "eth_blockNumber",
        [],
        (result) => BigInt(result as string).toString(),
        () => false, // wait for every endpoint asked: the head is an order statistic
      );
      const heights: bigint[] = [];
      for (const [key, group] of groups) {
        if (group.result instanceof RpcResponseError) continue;
        for (let i = 0; i < group.count; i++) heights.push(BigInt(key));
      }
      heights.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
      // k heads within maxHeadSpread blocks of each other, the highest such group: its lowest head. A
      // liar's low head would otherwise pin every read to an old block (before a revocation, say).
      for (let i = 0; i + k <= heights.length; i++) {
        if (heights[i] - heights[i + k - 1] <= maxHeadSpread) return heights[i + k - 1];
      }
      for (const problem of skippedProblems()) answers.push({ endpoint: problem.endpoint, error: problem.reason });
      throw new QuorumError({ chain: options.chain, method: "eth_blockNumber", k, n, answers });
    },
    resetStats() {
      stats.requests = 0;
      stats.failures = 0;
      stats.byMethod = {};
      stats.byEndpoint = {};
    },
    endpointStates() {
      return slots.map((slot) => ({
        name: slot.endpoint.name,
        state: slot.state === "down" && slot.downUntil <= Date.now() ? "down" : slot.state,
        ...(slot.reason ? { reason: slot.reason } : {}),
      }));
    },
  };
  return transport;
}

/** The default quorum comparison: the JSON of the result, hex strings lower-cased. */
function defaultNormalize(result: unknown): string {
  return JSON.stringify(result, (_key, value: unknown) =>
    typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value,
  );
}

const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const DATA = /^0x(?:[0-9a-fA-F]{2})*$/;
const QUANTITY_METHODS = new Set([
  "eth_chainId",
  "eth_blockNumber",
  "eth_getTransactionCount",
  "eth_gasPrice",
  "eth_estimateGas",
  "eth_getBalance",
]);
const DATA_METHODS = new Set(["eth_call", "eth_getCode", "eth_getStorageAt"]);

/**
 * Why an answer cannot be the result of `method` (a number that is not a hex quantity, logs that are
 * not a list of logs...), or undefined when it has the right shape. A wrong shape is the endpoint's
 * fault: the transport treats it like a network failure of that endpoint, so it never reaches a
 * decoder that would throw later, outside any check.
 */
function answerProblem(method: string, result: unknown): string | undefined {
  if (QUANTITY_METHODS.has(method)) {
    return typeof result === "string" && QUANTITY.test(result) ? undefined : `${preview(result)} is not a hex number`;
  }
  if (DATA_METHODS.has(method)) {
    return typeof result === "string" && DATA.test(result) ? undefined : `${preview(result)} is not hex data`;
  }
  if (method === "eth_getLogs") {
    if (!Array.isArray(result)) return `${preview(result)} is not a list of logs`;
    for (let i = 0; i < result.length; i++) {
      const log = result[i] as { topics?: unknown; data?: unknown; blockNumber?: unknown } | null;
      const ok =
        log !== null &&
        typeof log === "object" &&
        Array.isArray(log.topics) &&
        log.topics.every((topic) => typeof topic === "string" && /^0x[0-9a-fA-F]{64}$/.test(topic)) &&
        typeof log.data === "string" &&
        DATA.test(log.data) &&
        typeof log.blockNumber === "string" &&
        QUANTITY.test(log.blockNumber);
      if (!ok) return `log #${i} is not a log (topics, data, blockNumber)`;
    }
    return undefined;
  }
  if (method === "eth_getBlockByNumber" || method === "eth_getBlockByHash") {
    if (result === null) return undefined;
    const block = result as { number?: unknown; timestamp?: unknown } | undefined;
    const ok =
      typeof block === "object" &&
      block !== null &&
      typeof block.number === "string" &&
      QUANTITY.test(block.number) &&
      typeof block.timestamp === "string" &&
      QUANTITY.test(block.timestamp);
    return ok ? undefined : `${preview(result)} is not a block (number, timestamp)`;
  }
  return undefined;
}

function preview(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function disambiguateNames(slots: Slot[]): void {
  const seen = new Map<string, number>();
  for (const slot of slots) {
    const count = (seen.get(slot.endpoint.name) ?? 0) + 1;
    seen.set(slot.endpoint.name, count);
    if (count > 1) {
      const original = slot.endpoint;
      const name = `${original.name} #${count}`;
      slot.endpoint = { name, send: (method, params, timeout) => original.send(method, params, timeout) };
    }
  }
}

function errorText(error: unknown): string {
  if (error instanceof RpcEndpointError || error instanceof ChainMismatchError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

export type { Caip2ChainId };
