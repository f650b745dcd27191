export { computeDigest, visibleFieldHashes } from "./computeDigest";
export { digestFromFieldHashes } from "./digestFromFieldHashes";
export {
  encodeProtectedPart,
  hashProtectedPart,
  isProtectedFieldPointer,
  isProtectedPath,
  protectedPart,
  PROTECTED_PART_TAG,
  PROTECTED_PATHS,
} from "./hashProtectedPart";
export { canonicalJson } from "./canonicalJson";
export { encodeField, hashField, SALT_BYTES } from "./fieldHash";
export { flattenCredential, MAX_NESTING_DEPTH, type FlatField, type JsonLeaf } from "./flatten";
export { escapePointerToken, parsePointer, pointerFromPath, type PathToken } from "./pointer";
export { prepareDigest, type PrepareDigestOptions, type PreparedDigest } from "./prepareDigest";
export { discloseCredential, redactablePointers } from "./discloseCredential";
export { Utf8Validator } from "./Utf8Validator";
