/**
 * verifyCredentialFiles on worker threads: the same results, in the same order, as on the calling
 * thread (valid, revoked, tampered, not JSON, not a credential, malformed), the same errors for a file
 * that cannot be read, the chain reads still grouped, and the threads stopped when the caller stops early.
 */
import { expect } from "chai";
import { network } from "hardhat";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createReadTransport, type Eip1193Provider } from "../../../sdk/src/chain/transport";
import { CredentialFileError } from "../../../sdk/src/errors/verify";
import {
  createVerifyThreads,
  verifyCredentialFileSlices,
  verifyCredentialFiles,
  verifyPoolCounters,
} from "../../../sdk/src/verify/files";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import { verifyCredentials } from "../../../sdk/src/verify/verifyCredentials";
import { until } from "../../helpers/until";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
} from "../../helpers/verifyFixtures";

describe("verifyCredentialFiles on worker threads", function () {
  this.timeout(180_000);
  let work: string;
  let files: string[];
  let provider: Eip1193Provider;
  const now = "2026-06-01T00:00:00Z";

  before(async function () {
    provider = network.provider as unknown as Eip1193Provider;
    const chain = testChain(provider);
    const registry = await deployTestRegistry(chain);
    const batch = await buildTestBatch(8);
    const anchor = await anchorTestRoot(chain, registry, batch.root, 8);
    await writeRegistry(chain, registry, "revoke", batch.root, [2]);
    const credentials = batch.credentials.map((c) => withAnchor(c, anchor));
    work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-workers-"));
    files = [];
    const write = async (name: string, text: string) => {
      const file = path.join(work, name);
      await fs.writeFile(file, text);
      files.push(file);
    };
    for (let i = 0; i < credentials.length; i++) {
      await write(`${String(i).padStart(2, "0")}.json`, JSON.stringify(credentials[i], null, 2));
    }
    const tampered = structuredClone(credentials[0]);
    (tampered.credentialSubject as Record<string, unknown>).name = "Mallory";
    await write("20-tampered.json", JSON.stringify(tampered));
    await write("21-not-json.json", "{ not json");
    await write("22-not-a-credential.json", JSON.stringify({ hello: "world" }));
    const malformed = structuredClone(credentials[1]) as Record<string, unknown>;
    malformed.type = 7;
    await write("23-malformed.json", JSON.stringify(malformed));
    await write(
      "24-duplicate-member.json",
      JSON.stringify(credentials[3]).replace('{"@context"', '{"id":"x","@context"'),
    );
  });

  after(async function () {
    await fs.rm(work, { recursive: true, force: true });
  });

  it("gives exactly the results of the calling thread, in file order, across slices, with grouped chain reads", async function () {
    const onThread = createReadTransport({ chain: "eip155:31337", endpoints: [{ provider, name: "hardhat" }] });
    const inThreads = createReadTransport({ chain: "eip155:31337", endpoints: [{ provider, name: "hardhat" }] });
    const expected = await verifyCredentialFiles(files, {
      rpc: { "eip155:31337": onThread },
      now,
      workers: 0,
      filesPerSlice: 5,
    });
    const progress: number[] = [];
    const actual = await verifyCredentialFiles(files, {
      rpc: { "eip155:31337": inThreads },
      now,
      workers: 2,
      filesPerSlice: 5,
      onProgress: (done, total) => {
        expect(total).to.equal(files.length);
        progress.push(done);
      },
    });
    expect(actual).to.deep.equal(expected);
    expect(actual.map((r) => r.file)).to.deep.equal(files);
    expect(actual.map((r) => r.status)).to.deep.equal([
      "valid",
      "valid",
      "invalid", // revoked
      "valid",
      "valid",
      "valid",
      "valid",
      "valid",
      "invalid", // tampered
      "error", // not JSON
      "error", // not a credential
      "invalid", // malformed
      "invalid", // duplicate member name
    ]);
    expect(progress).to.have.length(files.length);
    expect(progress[progress.length - 1]).to.equal(files.length);
    expect(inThreads.stats.byMethod).to.deep.equal(onThread.stats.byMethod);
  });

  it("numbers each result by its file's place when a slice is cut into several jobs", async function () {
    // 800 files (the 8 credentials above, 100 times) in one slice: jobs of 250 files (filesPerJob), four
    // per slice, each answered with the indices of its own job, which the calling thread turns into the slice's.
    const many = Array.from({ length: 100 }, () => files.slice(0, 8)).flat();
    const rpc = {
      "eip155:31337": createReadTransport({ chain: "eip155:31337", endpoints: [{ provider, name: "hardhat" }] }),
    };
    const expected = await verifyCredentialFiles(many, { rpc, now, workers: 0 });
    const before = verifyPoolCounters.answers;
    const actual = await verifyCredentialFiles(many, { rpc, now, workers: 2 });
    expect(verifyPoolCounters.answers - before).to.equal(4);
    expect(actual.map((r) => r.index)).to.deep.equal(many.map((_, i) => i));
    expect(actual).to.deep.equal(expected);
  });

  it("runs a thread's jobs one after the other: valid and invalid files mixed, several jobs per thread", async function () {
    // 780 files (all 13 above, 60 times) in one slice: four jobs, two sent to each thread before it answers.
    // A job that verifies an invalid file awaits; the thread's next job must not start on the thread's one
    // template fast path meanwhile (it did: "packed row 0 (input 4) does not follow its template").
    const many = Array.from({ length: 60 }, () => files).flat();
    const rpc = {
      "eip155:31337": createReadTransport({ chain: "eip155:31337", endpoints: [{ provider, name: "hardhat" }] }),
    };
    const expected = await verifyCredentialFiles(many, { rpc, now, workers: 0 });
    const actual = await verifyCredentialFiles(many, { rpc, now, workers: 2 });
    expect(actual.map((r) => r.index)).to.deep.equal(many.map((_, i) => i));
    expect(actual).to.deep.equal(expected);
  });

  it("throws the same CredentialFileError for a file that cannot be read or is too large, and stops early cleanly", async function () {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-workers-bad-"));
    try {
      for (let i = 0; i < 4; i++) await fs.copyFile(files[i], path.join(folder, `0${i}.json`));
      const failure = async (workers: number, paths: string[]) => {
        try {
          await verifyCredentialFiles(paths, { now, workers });
        } catch (error) {
          return error as CredentialFileError;
        }
        throw new Error("no error");
      };
      // a directory named like a credential file: listed, then unreadable
      await fs.mkdir(path.join(folder, "05-dir.json"));
      let [calling, threads] = [await failure(0, [folder]), await failure(2, [folder])];
      expect(calling).to.be.instanceOf(CredentialFileError);
      expect(threads).to.be.instanceOf(CredentialFileError);
      expect(threads.file).to.equal(path.join(folder, "05-dir.json"));
      expect(threads.message).to.equal(calling.message);
      await fs.rmdir(path.join(folder, "05-dir.json"));
      // over 10 MiB: refused before it is read
      const big = path.join(folder, "06-big.json");
      await fs.writeFile(big, "");
      await fs.truncate(big, 10 * 1024 * 1024 + 1);
      [calling, threads] = [await failure(0, [folder]), await failure(2, [folder])];
      expect(threads).to.be.instanceOf(CredentialFileError);
      expect(threads.file).to.equal(big);
      expect(threads.message).to.equal(calling.message);
      expect(threads.message).to.include("10,485,761 bytes, more than a credential file may hold (10 MiB)");
      // the caller stops after the first slice: the threads end, nothing hangs
      const slices: number[] = [];
      for await (const part of verifyCredentialFileSlices([work], { now, workers: 2, filesPerSlice: 3 })) {
        slices.push(part.length);
        break;
      }
      expect(slices).to.deep.equal([3]);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it("checks the next slice, chain checks included, while the caller still holds one, and reports nothing once it stops", async function () {
    const progress: number[] = [];
    const slices = verifyCredentialFileSlices(files, {
      rpc: { "eip155:31337": provider },
      now,
      workers: 2,
      filesPerSlice: 4,
      onProgress: (done) => progress.push(done),
    });
    const first = await slices.next();
    expect(first.value).to.have.length(4);
    // The caller holds the first slice: the second is read, checked and chain-checked meanwhile.
    await until(() => progress.length === 8, "the second slice verified while the caller holds the first");
    expect(progress).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    const second = await slices.next();
    expect((second.value as { file: string }[]).map((r) => r.file)).to.deep.equal(files.slice(4, 8));
    // The third slice was submitted when the caller took the second; stopping now silences its progress.
    await slices.return(undefined);
    const reported = progress.length;
    const after = await verifyCredentialFiles(files.slice(0, 1), {
      rpc: { "eip155:31337": provider },
      now,
      workers: 1,
    });
    expect(after).to.have.length(1);
    expect(progress.length).to.equal(reported);
    expect(reported).to.be.at.most(12);
  });

  it("builds a slice's works from the threads' answers only when its chain checks start, not as each answer comes", async function () {
    // The threads' answers and the answers made into works are counted by the pool as they happen
    // (verifyPoolCounters: a module's exports cannot be wrapped in mocha's parallel workers); slice 0's
    // eth_calls are held.
    let held = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: Eip1193Provider = {
      request: async (args) => {
        if (args.method === "eth_call") {
          held++;
          await gate;
        }
        return provider.request(args);
      },
    };
    try {
      const expected = await verifyCredentialFiles(files, { rpc: { "eip155:31337": provider }, now, workers: 0 });
      const before = { ...verifyPoolCounters };
      const answers = () => verifyPoolCounters.answers - before.answers;
      const expanded = () => verifyPoolCounters.expanded - before.expanded;
      const slices = verifyCredentialFileSlices(files, {
        rpc: { "eip155:31337": gated },
        now,
        workers: 2,
        filesPerSlice: 4, // one job a slice; slices 0 and 1 submitted at once
      });
      const first = slices.next();
      await until(
        () => held > 0 && answers() === 2,
        () => `slice 0's chain reads held and both slices' answers back (so far ${held} held, ${answers()} answers)`,
      );
      // Slice 1's answer waits as the thread packed it while slice 0's chain checks wait for the node;
      // slice 2 is submitted only once the caller has slice 0.
      expect(expanded()).to.equal(1);
      expect(answers()).to.equal(2);
      release();
      const actual = [...((await first).value as VerificationResult[])];
      for await (const part of slices) actual.push(...part);
      expect(expanded()).to.equal(Math.ceil(files.length / 4));
      expect(actual).to.deep.equal(expected);
    } finally {
      release();
    }
  });

  it("createVerifyThreads: texts read by the caller give the results of verifyCredentials, call after call", async function () {
    const texts = await Promise.all(files.map((file) => fs.readFile(file, "utf8")));
    const rpc = { "eip155:31337": provider };
    const expected = await verifyCredentials(texts, { rpc, now, files });
    const threads = createVerifyThreads(2);
    try {
      expect(await threads.verifyTexts(texts, { rpc, now, files })).to.deep.equal(expected);
      const again = await threads.verifyTexts(texts.slice(0, 3), { rpc, now, files: files.slice(0, 3) });
      expect(again).to.deep.equal(expected.slice(0, 3));
    } finally {
      await threads.close();
    }
  });

  it("refuses a workers count that is not a whole number >= 0", async function () {
    let caught: unknown;
    try {
      await verifyCredentialFiles(files, { now, workers: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.have.property("name", "VerifyOptionsError");
    expect((caught as Error).message).to.include("workers must be a whole number >= 0, got -1");
  });
});
