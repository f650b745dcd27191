/**
 * credanchor SDK: Node-only entry point. Everything in `index.ts`, plus what needs the file system:
 * anchoring batch directories and revoking credentials given as file paths.
 */
export * from "./index";
export * from "./anchor";
export * from "./revoke/node";
// Identity with DNS on by default (node:dns/promises); these replace the browser-safe versions of index.ts.
export { createNodeResolveTxt } from "./identity/createNodeResolveTxt";
export type { NodeResolveTxtOptions } from "./identity/createNodeResolveTxt";
export { resolveIssuerIdentity, createIdentityResolver, checkIdentity } from "./identity/nodeDefaults";
