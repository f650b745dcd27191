/**
 * `npm run coverage`'s step events, delivered synchronously.
 *
 * solidity-coverage counts hits with a listener on the Hardhat network's `step` event
 * (`_node._vm.evm.events`), and Hardhat (on EDR) emits one `step` per EVM instruction of every call and
 * transaction, after the request, from the trace EDR returns. That emitter is an `AsyncEventEmitter` of
 * @ethereumjs/util: each `emit` runs its listeners through an async function with `for await`, several
 * promises and microtasks per instruction, though solidity-coverage's listener is synchronous. In the
 * contract tests' coverage run that was about a tenth of the process's CPU (with the garbage it leaves).
 *
 * {@link dispatchStepsSynchronously} makes `emit("step", step)` call the listeners at once, in the order
 * they were added, each with the step: what the async path did, in the same order (one step's listeners
 * all ran before the next step's, as here), minus the promises. Anything else, and a listener that takes
 * a callback (`(step, next) => ...`, which the async path awaits), goes through the original `emit`.
 */

/** The part of Hardhat's `MinimalEthereumJsEvmEventEmitter` (an EventEmitter) that is used here. */
export interface StepEmitterClass {
  prototype: StepEmitter;
}
export interface StepEmitter {
  emit: (this: StepEmitter, event: string | symbol, ...args: unknown[]) => boolean;
  listeners: (this: StepEmitter, event: string | symbol) => ((...args: unknown[]) => unknown)[];
}

/**
 * Patches `emitterClass.prototype.emit` so that `step` events reach their listeners synchronously.
 * Returns a function that puts the original `emit` back.
 */
export function dispatchStepsSynchronously(emitterClass: StepEmitterClass): () => void {
  const prototype = emitterClass.prototype;
  const asyncEmit = prototype.emit;
  prototype.emit = function emit(this: StepEmitter, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "step") return asyncEmit.call(this, event, ...args);
    const listeners = this.listeners("step");
    if (listeners.some((listener) => listener.length >= 2)) return asyncEmit.call(this, event, ...args);
    for (const listener of listeners) listener.call(this, args[0]);
    return listeners.length > 0;
  };
  return () => {
    prototype.emit = asyncEmit;
  };
}

/** Hardhat's EVM event emitter class, where Hardhat 2 (on EDR) keeps it. */
export function hardhatStepEmitterClass(): StepEmitterClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const minimalVm = require("hardhat/internal/hardhat-network/provider/vm/minimal-vm") as {
    MinimalEthereumJsEvmEventEmitter?: StepEmitterClass;
  };
  if (typeof minimalVm.MinimalEthereumJsEvmEventEmitter?.prototype.emit !== "function") {
    throw new Error(
      "hardhat/internal/hardhat-network/provider/vm/minimal-vm no longer exports MinimalEthereumJsEvmEventEmitter: " +
        "see scripts/coverageSteps.ts (the coverage run's step events) for this Hardhat version",
    );
  }
  return minimalVm.MinimalEthereumJsEvmEventEmitter;
}
