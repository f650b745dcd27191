import { expect } from "chai";
import hre from "hardhat";
import {
  dispatchStepsSynchronously,
  hardhatStepEmitterClass,
  type StepEmitter,
  type StepEmitterClass,
} from "./coverageSteps";

interface Emitter extends StepEmitter {
  on(event: string, listener: (step: unknown, next: () => void) => unknown): unknown;
}
type EmitterClass = StepEmitterClass & (new () => Emitter);

/** A subclass of Hardhat's emitter, so that patching it leaves the class the network uses alone. */
function emitterClass(): EmitterClass {
  const Base = hardhatStepEmitterClass() as EmitterClass;
  return class extends Base {};
}

/** Lets every pending microtask and promise run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("scripts/coverageSteps", function () {
  it("finds the emitter class of the Hardhat network's EVM events, where solidity-coverage listens", async function () {
    const provider = hre.network.provider as unknown as { init?: () => Promise<void> };
    if (provider.init) await provider.init();
    interface Layer {
      _wrapped?: Layer;
      _node?: { _vm: { evm: { events: unknown } } };
    }
    let inner = hre.network.provider as unknown as Layer;
    while (inner._wrapped) inner = inner._wrapped;
    expect(inner._node?._vm.evm.events).to.be.an.instanceOf(hardhatStepEmitterClass() as unknown as new () => unknown);
  });

  it("unpatched, the emitter runs a step's listener later, through promises", async function () {
    const emitter = new (emitterClass())();
    const seen: unknown[] = [];
    emitter.on("step", (step) => seen.push(step));
    emitter.emit("step", { pc: 1 });
    expect(seen).to.deep.equal([]);
    await settle();
    expect(seen).to.deep.equal([{ pc: 1 }]);
  });

  it("patched, every listener gets each step at once, in order, and emit says whether any listened", function () {
    const Emitter = emitterClass();
    const restore = dispatchStepsSynchronously(Emitter);
    try {
      const emitter = new Emitter();
      expect(emitter.emit("step", { pc: 0 })).to.equal(false);
      const seen: string[] = [];
      emitter.on("step", (step) => seen.push(`a${(step as { pc: number }).pc}`));
      emitter.on("step", (step) => seen.push(`b${(step as { pc: number }).pc}`));
      expect(emitter.emit("step", { pc: 1 })).to.equal(true);
      expect(emitter.emit("step", { pc: 2 })).to.equal(true);
      expect(seen).to.deep.equal(["a1", "b1", "a2", "b2"]);
    } finally {
      restore();
    }
  });

  it("patched, other events and listeners that take a callback still go through the async emit", async function () {
    const Emitter = emitterClass();
    const restore = dispatchStepsSynchronously(Emitter);
    try {
      const emitter = new Emitter();
      const seen: string[] = [];
      emitter.on("beforeMessage", () => seen.push("message"));
      emitter.on("step", (_step, next) => {
        seen.push("step");
        next();
      });
      emitter.emit("beforeMessage", {});
      emitter.emit("step", { pc: 1 });
      expect(seen).to.deep.equal([]);
      await settle();
      expect(seen).to.deep.equal(["message", "step"]);
    } finally {
      restore();
    }
  });

  it("restore puts the async emit back", async function () {
    const Emitter = emitterClass();
    dispatchStepsSynchronously(Emitter)();
    const emitter = new Emitter();
    const seen: unknown[] = [];
    emitter.on("step", (step) => seen.push(step));
    emitter.emit("step", { pc: 3 });
    expect(seen).to.deep.equal([]);
    await settle();
    expect(seen).to.deep.equal([{ pc: 3 }]);
  });
});
