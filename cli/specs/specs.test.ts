import { expect } from "chai";
import { DELIVERY_JOURNAL_FILE, LOCAL_DEVELOPMENT_CHAIN } from "../../sdk/src/node";
import { COMMANDS } from "../commands";
import { deliverSpec } from "./deliver";
import { verifySpec } from "./verify";

describe("cli: command specs (cli/specs/)", function () {
  it("the table's spec of every command is the spec its module runs with", async function () {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      expect(command.spec, name).to.deep.equal(entry.spec);
      expect(entry.spec.name, name).to.equal(name);
    }
  });

  it("the help names the SDK's own file and chain, not a stale copy", function () {
    expect(deliverSpec.description).to.include(`DIR/${DELIVERY_JOURNAL_FILE} records each message`);
    expect(verifySpec.flags.identity.description).to.include(`on the local chain ${LOCAL_DEVELOPMENT_CHAIN} too`);
  });
});
