import { expect } from "chai";
import { createProgress, render } from "./progress";
import { testIo } from "./testIo";

describe("cli: progress bar", function () {
  it("draws on a terminal only after the delay, and clears on stop", function () {
    let now = 0;
    const io = testIo({ tty: true });
    const progress = createProgress(io, { label: "hashing", now: () => now });
    progress.update(10, 100);
    expect(io.stderr.text()).to.equal("");
    now = 1500;
    progress.update(50, 100);
    expect(io.stderr.text()).to.equal(`\r\u001b[K${render("hashing", 50, 100, 1500, 80)}`);
    progress.stop();
    expect(io.stderr.text().endsWith("\r\u001b[K")).to.equal(true);
  });

  it("draws a whole line on a terminal that reports no width (a pty without a size)", function () {
    let now = 0;
    const io = testIo({ tty: true });
    io.stderr.columns = 0;
    const progress = createProgress(io, { label: "verifying", now: () => now });
    now = 2000;
    progress.update(1, 2);
    expect(io.stderr.text()).to.equal(`\r\u001b[K${render("verifying", 1, 2, 2000, 80)}`);
    expect(io.stderr.text()).to.include("50%  1/2  2.0 s");
  });

  it("is silent when stderr is not a terminal, or when disabled (--json)", function () {
    let now = 0;
    const pipe = testIo({ tty: false });
    const off = testIo({ tty: true });
    const a = createProgress(pipe, { label: "x", now: () => now });
    const b = createProgress(off, { label: "x", enabled: false, now: () => now });
    now = 5000;
    a.update(1, 2);
    b.update(1, 2);
    a.stop();
    b.stop();
    expect(pipe.stderr.text()).to.equal("");
    expect(off.stderr.text()).to.equal("");
  });

  it("renders a bar, a percentage and counts", function () {
    expect(render("verifying", 4200, 10000, 3100, 120)).to.equal(
      `verifying ${"█".repeat(10)}${"░".repeat(14)}  42%  4,200/10,000  3.1 s`,
    );
    expect(render("anchoring", 3, undefined, 2000, 120)).to.equal("anchoring 3  2.0 s");
    expect(render("hashing, read", 1_048_576, 2_578_793, 1000, 120, "bytes")).to.equal(
      `hashing, read ${"█".repeat(10)}${"░".repeat(14)}  40%  1.0/2.6 MB  1.0 s`,
    );
    expect(render("waiting", 0, undefined, 1500, 120)).to.equal("waiting…  1.5 s");
  });
});
