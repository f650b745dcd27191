export { computeDigest, visibleFieldHashes } from "./computeDigest";
export { digestFromFieldHashes } from "./digestFromFieldHashes";
export { encodeField, hashField, SALT_BYTES } from "./fieldHash";
export { flattenCredential, MAX_NESTING_DEPTH, type FlatField, type JsonLeaf } from "./flatten";
export { escapePointerToken, parsePointer, pointerFromPath, type PathToken } from "./pointer";
export { prepareDigest, type PrepareDigestOptions, type PreparedDigest } from "./prepareDigest";
export { discloseCredential, redactablePointers } from "./discloseCredential";
