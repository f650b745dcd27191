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
