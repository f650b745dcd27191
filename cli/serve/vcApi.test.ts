import { expect } from "chai";
import type { CheckResult } from "../../sdk/src/node";
import { problem, ProblemDetails } from "./vcApi";

const signature: CheckResult = {
  check: "signature",
  status: "skipped",
  code: "SIGNATURE_ABSENT",
  message: "The credential carries no issuer signature (eddsa-rdfc-2022); its content is proven by the anchor.",
};

describe("ProblemDetails", function () {
  it("gives problem(check), the same object for the same check of the next credential", function () {
    const problems = new ProblemDetails();
    const first = problems.of(signature);
    expect(first).to.deep.equal(problem(signature));
    expect(problems.of({ ...signature, details: { any: 1 } })).to.equal(first);
  });

  it("gives a check with the same message but another check, status or code its own detail", function () {
    const problems = new ProblemDetails();
    problems.of(signature);
    const others: CheckResult[] = [
      { ...signature, check: "issuer" },
      { ...signature, status: "error" },
      { ...signature, status: "failed" },
      { ...signature, code: "SKIPPED_DEPENDENCY" },
      { ...signature, message: `${signature.message} ` },
    ];
    for (const other of others) {
      expect(problems.of(other), JSON.stringify(other)).to.deep.equal(problem(other));
      expect(problems.of(signature)).to.deep.equal(problem(signature));
    }
  });

  it("holds at most its limit of messages and still answers right beyond it", function () {
    const problems = new ProblemDetails(4);
    const checks = Array.from({ length: 10 }, (_, i) => ({ ...signature, message: `message ${i}` }));
    for (const check of [...checks, ...checks]) expect(problems.of(check)).to.deep.equal(problem(check));
    expect((problems as unknown as { known: Map<string, unknown> }).known.size).to.be.at.most(4);
  });
});
