import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { NO_SERIAL_FILES, serialTestArgs } from "./testSerial";
import { SERIAL_TESTS } from "../test/helpers/testSets";

describe("scripts/testSerial: the files that must run alone", function () {
  this.timeout(20_000);

  it("starts no Hardhat without files, and hardhat test --no-compile with the options given otherwise", function () {
    expect(serialTestArgs([])).to.equal(undefined);
    expect(serialTestArgs([], ["--bail"])).to.equal(undefined);
    const args = serialTestArgs(["test/system/pack.test.ts"], ["--bail"]);
    expect(args?.slice(1)).to.deep.equal(["test", "--no-compile", "--bail"]);
    expect(args?.[0]).to.match(/[/\\]hardhat[/\\]internal[/\\]cli[/\\]bootstrap\.js$/);
  });

  it("says so and exits 0 when SERIAL_TESTS is empty", function () {
    if (SERIAL_TESTS.length > 0) this.skip(); // then `npm test` runs them: nothing to say
    const register = require.resolve("ts-node/register/transpile-only");
    const run = spawnSync(process.execPath, ["-r", register, path.join(__dirname, "testSerial.ts")], {
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`${NO_SERIAL_FILES}\n`);
  });
});
