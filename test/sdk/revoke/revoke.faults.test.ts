/**
 * Revocation through the fault-injection proxy in front of a real `hardhat node`: a connection that
 * breaks after the revoke transaction reached the node. The call either finishes (the SDK asks the
 * node whether it has the transaction) or fails with a clear error; a retry never fails because the
 * work was done, ends with exactly the requested bits, and no bit is revoked by two transactions.
 */
import { expect } from "chai";
import type { Hex } from "viem";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { deployRegistry } from "../../../sdk/src/chain/actions/deployRegistry";
import { getCredentialStatuses } from "../../../sdk/src/chain/actions/getCredentialStatuses";
import { getStatusWords } from "../../../sdk/src/chain/actions/getStatusWords";
import type { RegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { credentialRegistryAbi } from "../../../sdk/src/chain/registryArtifact";
import { BaseError } from "../../../sdk/src/errors/base";
import { revokeCredentials } from "../../../sdk/src/revoke/revokeCredentials";
import type { Address } from "../../../sdk/src/types";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { startRpcFaultProxy, type FaultRule, type RpcFaultProxy } from "../../helpers/rpcFaultProxy";
import { randomRoot } from "../../helpers/fixtureBatch";
import { localRegistryClient } from "../../helpers/localClient";

const [issuer] = HARDHAT_ACCOUNTS;
const SEND = "eth_sendRawTransaction";
/** The node has it, but the client cannot find out: every send is cut after it arrived, and lookups fail. */
const CUT_AND_BLIND: FaultRule[] = [
  { method: SEND, fault: { kind: "reset", afterForward: true } },
  { method: "eth_getTransactionByHash", fault: { kind: "http", status: 503 } },
];

describe("faults: revocation through a misbehaving RPC endpoint", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let direct: RegistryClient;
  let registry: Address;
  const proxies: RpcFaultProxy[] = [];

  async function faulty(...rules: FaultRule[]): Promise<{ proxy: RpcFaultProxy; client: RegistryClient }> {
    const proxy = await startRpcFaultProxy(node.url);
    for (const rule of rules) proxy.inject(rule);
    proxies.push(proxy);
    const client = localRegistryClient(proxy.url, issuer.privateKey);
    return { proxy, client };
  }

  async function anchored(leafCount: number): Promise<Hex> {
    const root = randomRoot();
    await anchor(direct, { registry, root, leafCount });
    return root;
  }

  /** The CredentialsRevoked logs of `root`: (word, bits) of each, in order. */
  async function revokedLogs(root: Hex): Promise<{ word: number; bits: bigint; tx: Hex }[]> {
    const logs = await direct.publicClient.getContractEvents({
      address: registry,
      abi: credentialRegistryAbi,
      eventName: "CredentialsRevoked",
      args: { root },
      fromBlock: 0n,
      toBlock: "latest",
    });
    return logs.map((log) => ({ word: Number(log.args.wordIndex), bits: log.args.bits!, tx: log.transactionHash }));
  }

  /**
   * Exactly `indices` are revoked among the first `leafCount`: the revoked bitmap of every word of the
   * batch holds their bits and no other, the SDK reads each of them as Revoked, and each bit was revoked
   * by exactly one event. Read word by word (one small `statusWords` call each), not as the statuses of
   * all `leafCount` credentials: over 6,144 credentials those are four heavy `credentialStatuses` calls,
   * and on a starved core one of them outlasted viem's 10 s HTTP timeout.
   */
  async function expectRevoked(root: Hex, indices: number[], leafCount: number): Promise<void> {
    const expected = new Map<number, bigint>();
    for (const index of indices) {
      const word = Math.floor(index / 256);
      expected.set(word, (expected.get(word) ?? 0n) | (1n << BigInt(index % 256)));
    }
    for (let word = 0; word < Math.ceil(leafCount / 256); word++) {
      const { revoked } = await getStatusWords(direct, { registry, root, wordIndex: word });
      expect(revoked, `the revoked bits of word ${word}`).to.equal(expected.get(word) ?? 0n);
    }
    const statuses = await getCredentialStatuses(direct, {
      registry,
      credentials: indices.map((index) => ({ root, index })),
    });
    expect(statuses).to.deep.equal(indices.map(() => "Revoked"));
    const seen = new Map<number, bigint>();
    for (const { word, bits } of await revokedLogs(root)) {
      const before = seen.get(word) ?? 0n;
      expect(before & bits, `word ${word}: a bit revoked twice`).to.equal(0n);
      seen.set(word, before | bits);
    }
    expect(seen).to.deep.equal(expected);
  }

  before(async function () {
    node = await sharedHardhatNode();
    direct = localRegistryClient(node.url, issuer.privateKey);
    ({ address: registry } = await deployRegistry(direct, { admin: issuer.address, name: "E", url: "https://e" }));
  });

  afterEach(async function () {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  after(async function () {
    await node?.release();
  });

  it("a reset after the revoke transaction reached the node: revokeCredentials still finishes, one transaction; a retry sends nothing", async function () {
    const root = await anchored(600);
    const indices = [1, 5, 300, 599];
    const { proxy, client } = await faulty({ method: SEND, times: 1, fault: { kind: "reset", afterForward: true } });
    const result = await revokeCredentials(
      indices.map((index) => ({ root, index })),
      "issued-in-error",
      { client, registry },
    );
    expect(result).to.deep.include({ requested: 4, alreadyDone: 0, changed: 4 });
    expect(result.transactions).to.have.length(1);
    expect(proxy.counts[SEND]).to.equal(1);
    await expectRevoked(root, indices, 600);
    expect(new Set((await revokedLogs(root)).map((log) => log.tx))).to.deep.equal(
      new Set([result.transactions[0].transactionHash]),
    );

    const retry = await revokeCredentials(
      indices.map((index) => ({ root, index })),
      "issued-in-error",
      { client, registry },
    );
    expect(retry).to.deep.include({ requested: 4, alreadyDone: 4, changed: 0 });
    expect(retry.transactions).to.deep.equal([]);
    expect(proxy.counts[SEND]).to.equal(1);
  });

  it("a reset after the node received it, and the node cannot be asked: a clear error; the retry does not fail, sends nothing, and the bits are right", async function () {
    const root = await anchored(600);
    const indices = [0, 2, 256, 511];
    const targets = indices.map((index) => ({ root, index }));
    const { proxy, client } = await faulty(...CUT_AND_BLIND);
    const error = await revokeCredentials(targets, "fraud", { client, registry }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BaseError);
    expect((error as BaseError).shortMessage).to.match(/send revoke.*RPC endpoint failed/);
    expect((error as BaseError).fix).to.match(/safe to retry/);
    await expectRevoked(root, indices, 600); // it reached the node: the bits are set

    proxy.clearFaults();
    proxy.resetCounts();
    const retry = await revokeCredentials(targets, "fraud", { client, registry });
    expect(retry).to.deep.include({ requested: 4, alreadyDone: 4, changed: 0 });
    expect(retry.transactions).to.deep.equal([]);
    expect(proxy.counts[SEND] ?? 0).to.equal(0);
    await expectRevoked(root, indices, 600);
  });

  it("a revocation of many transactions cut in the middle: the retry sends only the words not yet done, each bit once", async function () {
    const words = 24;
    const leafCount = words * 256;
    const root = await anchored(leafCount);
    const indices = Array.from({ length: words }, (_, word) => word * 256 + ((word * 37) % 256));
    const targets = indices.map((index) => ({ root, index }));
    // The first transaction goes through; the second reaches the node but the client never learns it.
    const { proxy, client } = await faulty(
      { method: SEND, skip: 1, fault: { kind: "reset", afterForward: true } },
      { method: "eth_getTransactionByHash", fault: { kind: "http", status: 503 } },
    );
    const error = await revokeCredentials(targets, "", { client, registry, maxGasPerTransaction: 200_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(BaseError);
    const doneBefore = (await revokedLogs(root)).reduce((sum, log) => sum + popcount(log.bits), 0);
    expect(doneBefore).to.be.greaterThan(0);
    expect(doneBefore).to.be.lessThan(words);

    proxy.clearFaults();
    const retry = await revokeCredentials(targets, "", { client, registry, maxGasPerTransaction: 200_000 });
    expect(retry.alreadyDone).to.equal(doneBefore);
    expect(retry.changed).to.equal(words - doneBefore);
    expect(retry.transactions.length).to.be.at.least(1);
    await expectRevoked(root, indices, leafCount);
    const logs = await revokedLogs(root);
    expect(new Set(logs.map((log) => log.word)).size).to.equal(words);
    expect(logs).to.have.length(words); // one event per word: nothing sent twice
  });

  it("one HTTP 503 on the revoke's eth_sendRawTransaction: sent again, the same signed bytes", async function () {
    const root = await anchored(10);
    const { proxy, client } = await faulty({ method: SEND, times: 1, fault: { kind: "http", status: 503 } });
    const result = await revokeCredentials([{ root, index: 7 }], "", { client, registry });
    expect(result.changed).to.equal(1);
    const raws = proxy.log.filter((e) => e.method === SEND).map((e) => e.params[0]);
    expect(raws).to.have.length(2);
    expect(raws[1]).to.equal(raws[0]);
    await expectRevoked(root, [7], 10);
  });
});

function popcount(value: bigint): number {
  let count = 0;
  for (let v = value; v > 0n; v >>= 1n) count += Number(v & 1n);
  return count;
}
