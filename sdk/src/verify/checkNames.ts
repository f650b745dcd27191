/**
 * The names of the checks and the statuses a check result can have. In their own module so that
 * `codes.ts` (which names the check of each code) and `types.ts` (whose results carry a code) do not
 * import each other.
 */

/** The checks, in the order they are reported. */
export const CHECK_NAMES = [
  "format",
  "integrity",
  "inclusion",
  "anchor",
  "finality",
  "revocation",
  "suspension",
  "validity",
  "issuer",
  "signature",
  "components",
] as const;

/** One of the eleven checks. */
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * `passed`: proven good. `failed`: proven bad. `error`: could not be decided (network, a chain not
 * final yet). `skipped`: not run, because a check it depends on did not pass or nothing applies.
 */
export type CheckStatus = "passed" | "failed" | "error" | "skipped";
