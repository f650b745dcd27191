/// <reference path="./vendor.d.ts" />
/**
 * The modules only a signed document needs, loaded when a canonizer first canonizes one: rdf-canonize
 * (and compileRdfcPlan.ts, rdfc10.ts, which use its serializer) and the five JSON-LD context packages
 * with CLR's context (contexts.ts, and documentLoader.ts which serves them). A verification worker
 * thread creates its canonizer when it starts; loading these there cost each thread ~28 ms of CPU
 * that a batch of unsigned credentials never repays (docs/PERFORMANCE.md, "A thread's fixed cost").
 * jsonld itself is loaded later still, on the first shape compiled (canonize.ts).
 */
import type { canonize } from "rdf-canonize";
import type { compileRdfcPlan } from "./compileRdfcPlan";
import type { bundledContexts } from "./contexts";
import type { createDocumentLoader } from "./documentLoader";
import type { canonizeUniqueBlankNodes } from "./rdfc10";

export interface CanonizeModules {
  rdfcCanonize: typeof canonize;
  compileRdfcPlan: typeof compileRdfcPlan;
  canonizeUniqueBlankNodes: typeof canonizeUniqueBlankNodes;
  bundledContexts: typeof bundledContexts;
  createDocumentLoader: typeof createDocumentLoader;
}

/**
 * How many times this thread has started loading the modules (0, then 1 for good): a counter that the
 * tests read in a worker thread to see that unsigned credentials leave them unloaded.
 */
export const canonizeModuleLoads = { count: 0 };

/** The modules once loaded (then a canonizer reads them without waiting for a promise). */
export let canonizeModules: CanonizeModules | undefined;

let loading: Promise<CanonizeModules> | undefined;

/**
 * Loads the modules once per thread; every later call gets the same ones.
 *
 * @example
 * const { compileRdfcPlan } = canonizeModules ?? (await loadCanonizeModules());
 */
export function loadCanonizeModules(): Promise<CanonizeModules> {
  loading ??= (async () => {
    canonizeModuleLoads.count++;
    const [rdf, plan, rdfc10, contexts, loader] = await Promise.all([
      import("rdf-canonize"),
      import("./compileRdfcPlan"),
      import("./rdfc10"),
      import("./contexts"),
      import("./documentLoader"),
    ]);
    canonizeModules = {
      rdfcCanonize: rdf.canonize,
      compileRdfcPlan: plan.compileRdfcPlan,
      canonizeUniqueBlankNodes: rdfc10.canonizeUniqueBlankNodes,
      bundledContexts: contexts.bundledContexts,
      createDocumentLoader: loader.createDocumentLoader,
    };
    return canonizeModules;
  })();
  return loading;
}
