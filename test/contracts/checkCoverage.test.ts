/** scripts/checkCoverage.ts: the coverage figures that `npm run coverage:check` holds to 100%. */
import { expect } from "chai";
import { type IstanbulFileCoverage, summarizeCoverage } from "../../scripts/checkCoverage";

const report: Record<string, IstanbulFileCoverage & { branchMap: Record<string, { line: number }> }> = {
  "contracts/CredentialRegistry.sol": {
    path: "/repo/contracts/CredentialRegistry.sol",
    l: { "10": 3, "11": 0, "12": 1 },
    s: { "1": 3, "2": 0 },
    f: { "1": 1 },
    b: { "1": [2, 0], "2": [1, 1] },
    branchMap: { "1": { line: 11 }, "2": { line: 12 } },
  },
  "contracts/interfaces/ICredentialRegistry.sol": { path: "", l: {}, s: {}, f: {}, b: {}, branchMap: {} },
};

describe("checkCoverage", function () {
  it("counts covered lines, branch arms, statements and functions, and names what was missed", function () {
    const summary = summarizeCoverage(report, "contracts/CredentialRegistry.sol");
    expect(summary.lines).to.deep.equal({ covered: 2, total: 3, pct: 200 / 3 });
    expect(summary.branches).to.deep.equal({ covered: 3, total: 4, pct: 75 });
    expect(summary.statements).to.deep.equal({ covered: 1, total: 2, pct: 50 });
    expect(summary.functions).to.deep.equal({ covered: 1, total: 1, pct: 100 });
    expect(summary.uncoveredLines).to.deep.equal([11]);
    expect(summary.uncoveredBranches).to.deep.equal(["line 11 (arm 1)"]);
  });

  it("reports 100% for a file with nothing to cover", function () {
    const summary = summarizeCoverage(report, "contracts/interfaces/ICredentialRegistry.sol");
    expect([summary.lines.pct, summary.branches.pct]).to.deep.equal([100, 100]);
  });

  it("fails loudly when the file is not in the report", function () {
    expect(() => summarizeCoverage(report, "contracts/Missing.sol")).to.throw(
      "contracts/Missing.sol is not in the coverage report",
    );
  });
});
