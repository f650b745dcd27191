import { expect } from "chai";
import { createDeadline, sleep } from "./deadline";

describe("createDeadline", function () {
  it("measures from its start and is overdue only once more than the budget has passed", function () {
    let clock = 1_000;
    const deadline = createDeadline(500, () => clock);
    expect(deadline.started).to.equal(1_000);
    expect(deadline.timeoutMs).to.equal(500);
    expect(deadline.elapsed()).to.equal(0);
    expect(deadline.overdue()).to.equal(false);
    clock = 1_500;
    expect(deadline.elapsed()).to.equal(500);
    expect(deadline.overdue()).to.equal(false);
    clock = 1_501;
    expect(deadline.elapsed()).to.equal(501);
    expect(deadline.overdue()).to.equal(true);
  });

  it("reads the real clock by default", async function () {
    const deadline = createDeadline(0);
    await sleep(5);
    expect(deadline.elapsed()).to.be.at.least(4);
    expect(deadline.overdue()).to.equal(true);
  });
});
