export { computeDigest } from "./computeDigest";
export { canonicalJson } from "./canonicalJson";
export { flattenCredential, MAX_NESTING_DEPTH, type FlatField, type JsonLeaf } from "./flatten";
export { escapePointerToken, parsePointer, type PathToken } from "./pointer";
export { discloseCredential, redactablePointers } from "./discloseCredential";
export { Utf8Validator } from "./Utf8Validator";
export { prepareDigest, type PrepareDigestOptions, type PreparedDigest } from "./prepareDigest";
