import { expect } from "chai";
import fs from "node:fs";
import net from "node:net";
import { HttpRequestError } from "viem";
import { BaseError } from "../../sdk/src/errors/base";
import { describeError, printError } from "./report";
import { testIo } from "./testIo";

describe("cli: error reporting", function () {
  it("a BaseError is expected: location, message, fix", function () {
    const error = new BaseError("row has 2 fields, the header has 3", {
      code: "BATCH_ROW_INVALID",
      location: { file: "learners.csv", line: 4 },
      fix: "add the missing field",
    });
    expect(describeError(error)).to.deep.equal({
      expected: true,
      code: "BATCH_ROW_INVALID",
      message: "learners.csv:4: row has 2 fields, the header has 3",
      fix: "add the missing field",
      details: undefined,
    });
    const io = testIo();
    printError(io, error);
    expect(io.stderr.text()).to.equal(
      "error: learners.csv:4: row has 2 fields, the header has 3\n  fix: add the missing field\n",
    );
  });

  it("a missing file is expected, named by its path", function () {
    let caught: unknown;
    try {
      fs.readFileSync("/nonexistent/credential.json");
    } catch (error) {
      caught = error;
    }
    expect(describeError(caught)).to.include({
      expected: true,
      code: "ENOENT",
      message: "/nonexistent/credential.json: no such file or directory",
    });
  });

  it("a refused connection is expected and says how to fix it", async function () {
    const port = await closedPort();
    let caught: unknown;
    try {
      await fetch(`http://127.0.0.1:${port}/`);
    } catch (error) {
      caught = error;
    }
    const report = describeError(caught);
    expect(report).to.include({ expected: true, code: "RPC_UNREACHABLE" });
    expect(report.message).to.include("could not reach the RPC endpoint");
  });

  it("a viem request error names the endpoint without its API key", function () {
    const error = new HttpRequestError({
      url: "https://eth-sepolia.g.alchemy.com/v2/abcdefghijklmnopqrstuvwxyz123456",
      details: "fetch failed",
    });
    const report = describeError(new Error("outer", { cause: error }));
    expect(report).to.include({
      expected: true,
      code: "RPC_UNREACHABLE",
      message: "could not reach the RPC endpoint https://eth-sepolia.g.alchemy.com/v2/…",
    });
  });

  it("anything else is an internal error with its stack", function () {
    const io = testIo();
    const report = printError(io, new TypeError("Cannot read properties of undefined (reading 'root')"));
    expect(report.expected).to.equal(false);
    expect(io.stderr.text()).to.match(
      /^internal error: Cannot read properties of undefined \(reading 'root'\)\nTypeError/,
    );
    expect(io.stderr.text()).to.include("report.test.ts").and.to.include("This is a bug in credanchor");
  });
});

/** A loopback port nobody listens on (a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
