import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { decodeFunctionData, type Abi, type Hex } from "viem";
import { credentialRegistryAbi } from "../chain/registryArtifact";
import { createSafeBatchFile } from "./createSafeBatchFile";
import { safeBatchChecksum } from "./safeBatchChecksum";

/** A batch file exported by the Safe{Wallet} Transaction Builder 1.16.5 itself (a public Timelock proposal). */
const FIXTURE = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "safe", "tx-builder-1.16.5.json");

describe("safe: Transaction Builder batch files", function () {
  const exported = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { meta: { checksum: Hex; name: string } } & Record<
    string,
    unknown
  >;

  it("reproduces the checksum of a file the Transaction Builder exported", function () {
    expect(safeBatchChecksum(exported)).to.equal("0x37b66d67757452f835ebc6540e283e27544d1414409577963593e7e535ce3ad9");
  });

  it("ignores meta.name (a renamed batch keeps its checksum) but not any other field", function () {
    expect(safeBatchChecksum({ ...exported, meta: { ...exported.meta, name: "Renamed" } })).to.equal(
      exported.meta.checksum,
    );
    expect(safeBatchChecksum({ ...exported, chainId: "10" })).to.not.equal(exported.meta.checksum);
    expect(safeBatchChecksum({ ...exported, meta: { ...exported.meta, description: "x" } })).to.not.equal(
      exported.meta.checksum,
    );
    const transactions = JSON.parse(JSON.stringify(exported.transactions)) as Array<{ value: string }>;
    transactions[0].value = "1";
    expect(safeBatchChecksum({ ...exported, transactions })).to.not.equal(exported.meta.checksum);
  });

  it("createSafeBatchFile: calldata, form values that encode to the same calldata, and a valid checksum", function () {
    const root = `0x${"ab".repeat(32)}` as Hex;
    const file = createSafeBatchFile({
      chainId: 8453,
      safe: "0xcdd57d11476c22d265722f68390b036f3da48c21",
      registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      calls: [
        { functionName: "anchor", args: [root, 15n, ""] },
        { functionName: "revoke", args: [root, [0n, 3n], [5n, 1n << 255n], `0x${"00".repeat(32)}`] },
      ],
      name: "test",
      description: "two calls",
      createdAt: 1_700_000_000_000,
    });
    expect(file).to.deep.include({ version: "1.0", chainId: "8453", createdAt: 1_700_000_000_000 });
    expect(file.meta).to.deep.include({
      createdFromSafeAddress: "0xcdd57D11476c22d265722F68390b036f3DA48c21",
      createdFromOwnerAddress: "",
      txBuilderVersion: "1.18.0",
    });
    expect(file.meta.checksum).to.equal(safeBatchChecksum(file));
    expect(file.transactions.map((t) => t.to)).to.deep.equal([
      "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    ]);
    const revoke = file.transactions[1];
    expect(revoke.contractInputsValues).to.deep.equal({
      root,
      wordIndices: '["0","3"]',
      masks: `["5","${(1n << 255n).toString()}"]`,
      reason: `0x${"00".repeat(32)}`,
    });
    // The Transaction Builder parses array inputs as JSON: the form re-encodes to the very same calldata.
    const decoded = decodeFunctionData({ abi: credentialRegistryAbi as Abi, data: revoke.data });
    expect(decoded.functionName).to.equal("revoke");
    expect(decoded.args).to.deep.equal([root, [0n, 3n], [5n, 1n << 255n], `0x${"00".repeat(32)}`]);
    expect(revoke.contractMethod?.inputs.map((i) => i.type)).to.deep.equal([
      "bytes32",
      "uint256[]",
      "uint256[]",
      "bytes32",
    ]);
  });
});
