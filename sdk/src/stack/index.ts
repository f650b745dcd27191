/**
 * Stacks: pathways and CLR 2.0 stacked credentials (docs/SPEC.md section 11). Browser-safe.
 */
export {
  PATHWAY_FORMAT,
  MAX_STACK_COMPONENTS,
  MAX_STACK_DEPTH,
  validatePathway,
  assertPathway,
  pathwayComponents,
  type Pathway,
  type Requirement,
  type RequirementGroup,
  type ComponentRequirement,
} from "./pathway";
export {
  evaluatePathway,
  type EvaluatePathwayOptions,
  type ComponentFacts,
  type PathwayEvaluation,
  type RequirementOutcome,
  type GroupOutcome,
} from "./evaluatePathway";
export {
  CLR_V2_CONTEXT,
  CLR_CONTEXTS,
  CLR_TYPES,
  isClrCredential,
  embeddedCredentials,
  type ClrSubject,
  type Association,
  type UnsignedClrCredential,
} from "./clr";
export { buildClrCredential, type BuildClrCredentialOptions } from "./buildClrCredential";
export {
  checkStack,
  assessStack,
  type CheckStackOptions,
  type StackCheckResult,
  type StackComponentReport,
  type KnownLearner,
} from "./checkStack";
