import { expect } from "chai";
import { writeReport } from "./output";
import { testIo } from "./testIo";

describe("cli: writeReport", function () {
  it("with --json writes the value as JSON, never builds the text, and returns the exit code", function () {
    const io = testIo();
    let built = false;
    const code = writeReport(
      io,
      true,
      { root: "0xab", revoked: 2 },
      () => {
        built = true;
        return ["never"];
      },
      3,
    );
    expect(code).to.equal(3);
    expect(built).to.equal(false);
    expect(io.stdout.text()).to.equal('{\n  "root": "0xab",\n  "revoked": 2\n}\n');
  });

  it("without --json writes the text lines, one a line, with the terminal's styles, and returns 0", function () {
    const plain = testIo();
    expect(writeReport(plain, undefined, { ignored: true }, (style) => [style.green("✔ done"), "  next"])).to.equal(0);
    expect(plain.stdout.text()).to.equal("✔ done\n  next\n");

    const coloured = testIo({ env: { FORCE_COLOR: "1" } });
    writeReport(coloured, false, {}, (style) => [style.green("✔")]);
    expect(coloured.stdout.text()).to.equal("\u001b[32m✔\u001b[39m\n");
  });
});
