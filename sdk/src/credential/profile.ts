/**
 * The parts of a credential that a holder may not hide (selective disclosure): everything that says
 * what the credential is, who issued it, and when it is valid. docs/SPEC.md section 2.6.
 * A pointer is protected when it is one of these, lies inside one of them, or contains one of them.
 */
export const NON_REDACTABLE_POINTERS: readonly string[] = [
  "/@context",
  "/id",
  "/type",
  "/issuer",
  "/validFrom",
  "/validUntil",
  "/name",
  "/credentialStatus",
  "/credentialSubject/type",
  "/credentialSubject/achievement",
  // A stacked credential (ClrCredential): the pathway's record of which component is part of what.
  "/credentialSubject/association",
];

/**
 * True when hiding the value at `pointer` is refused because it is, contains, or lies inside a
 * protected member (NON_REDACTABLE_POINTERS). Pointers are compared token by token.
 *
 * @example
 * isProtectedPointer("/issuer/url") // true (inside /issuer)
 * isProtectedPointer("/credentialSubject") // true (contains /credentialSubject/type)
 * isProtectedPointer("/credentialSubject/result") // false
 */
export function isProtectedPointer(pointer: string): boolean {
  for (const protectedPointer of NON_REDACTABLE_POINTERS) {
    if (
      pointer === protectedPointer ||
      pointer.startsWith(protectedPointer + "/") ||
      protectedPointer.startsWith(pointer + "/") ||
      pointer === ""
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Members that docs/SPEC.md 1.2 requires inside objects a holder may otherwise hide: an IdentityObject's
 * `type`, `identityHash`, `identityType` and `hashed`, a Result's and an Evidence's `type`, a
 * credentialSchema's `id` and `type`. Hiding one alone would leave a document that fails the format
 * check, so disclosure refuses it (SPEC 2.6 rule 5); hide the whole array instead.
 */
const REQUIRED_INSIDE_REDACTABLE = [
  /^\/credentialSubject\/identifier\/(0|[1-9][0-9]*)\/(type|identityHash|identityType|hashed)$/,
  /^\/credentialSubject\/result\/(0|[1-9][0-9]*)\/type$/,
  /^\/evidence\/(0|[1-9][0-9]*)\/type$/,
  /^\/credentialSchema(\/(0|[1-9][0-9]*))?\/(id|type)$/,
];

/**
 * True when `pointer` names a member the credential profile requires inside a redactable object, which
 * a holder may hide only together with its whole array.
 *
 * @example
 * isRequiredMemberPointer("/credentialSubject/result/0/type") // true
 * isRequiredMemberPointer("/credentialSubject/result/0/value") // false
 */
export function isRequiredMemberPointer(pointer: string): boolean {
  return REQUIRED_INSIDE_REDACTABLE.some((pattern) => pattern.test(pointer));
}
