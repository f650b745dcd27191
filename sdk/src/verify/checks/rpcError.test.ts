import { expect } from "chai";
import { BaseError } from "../../errors/base";
import { NoEndpointAvailableError, QuorumError, RpcResponseError } from "../../errors/verify";
import type { Caip2ChainId } from "../../types";
import { rpcErrorResult } from "./rpcError";

const chain = "eip155:11155111" as Caip2ChainId;

describe("rpcErrorResult", function () {
  it("reports a quorum failure as RPC_QUORUM_NOT_REACHED with k, n and the answers", function () {
    const answers = [
      { endpoint: "a", answer: "0x1" },
      { endpoint: "b", answer: "0x2" },
    ];
    const error = new QuorumError({ chain, method: "eth_call", k: 2, n: 2, answers });
    const result = rpcErrorResult("anchor", chain, error);
    expect(result).to.include({ check: "anchor", status: "error", code: "RPC_QUORUM_NOT_REACHED" });
    expect(result.message).to.equal(`${error.shortMessage}; the result is undecided.`);
    expect(result.details).to.deep.equal({ chain, k: 2, n: 2, answers });
  });

  it("reports no reachable endpoint as RPC_UNAVAILABLE with each endpoint's problem", function () {
    const problems = [{ endpoint: "https://rpc.example", reason: "timeout" }];
    const result = rpcErrorResult(
      "revocation",
      chain,
      new NoEndpointAvailableError({ chain, method: "eth_call", problems }),
    );
    expect(result).to.include({ check: "revocation", status: "error", code: "RPC_UNAVAILABLE" });
    expect(result.message).to.equal(
      `The chain ${chain} could not be reached (https://rpc.example: timeout); the result is undecided.`,
    );
    expect(result.details).to.deep.equal({ chain, problems });
  });

  it("says 'no endpoint' when the unavailable error lists no problems", function () {
    const result = rpcErrorResult(
      "issuer",
      chain,
      new NoEndpointAvailableError({ chain, method: "eth_call", problems: [] }),
    );
    expect(result.message).to.equal(`The chain ${chain} could not be reached (no endpoint); the result is undecided.`);
  });

  it("reports a JSON-RPC error response as RPC_ERROR with its code", function () {
    const error = new RpcResponseError({ endpoint: "e", method: "eth_call", rpcCode: -32000, rpcMessage: "boom" });
    const result = rpcErrorResult("suspension", chain, error);
    expect(result).to.include({ status: "error", code: "RPC_ERROR" });
    expect(result.details).to.deep.equal({ chain, rpcCode: -32000 });
    expect(result.message).to.equal(`${error.shortMessage}; the result is undecided.`);
  });

  it("reports any other SDK error as RPC_ERROR with its short message", function () {
    const result = rpcErrorResult("anchor", chain, new BaseError("the block vanished"));
    expect(result).to.deep.equal({
      check: "anchor",
      status: "error",
      code: "RPC_ERROR",
      message: "the block vanished; the result is undecided.",
      details: { chain },
    });
  });

  it("reports a non-SDK error (a bug below) as undecided, never invalid, with its first line", function () {
    const result = rpcErrorResult("anchor", chain, new TypeError("x is undefined\n    at stack"));
    expect(result).to.include({ status: "error", code: "RPC_ERROR" });
    expect(result.message).to.equal(`Reading ${chain} failed unexpectedly: x is undefined`);
    expect(rpcErrorResult("anchor", chain, "plain text").message).to.equal(
      `Reading ${chain} failed unexpectedly: plain text`,
    );
  });
});
