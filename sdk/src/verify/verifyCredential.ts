/**
 * Verifies one credential. Browser-safe.
 */
import type { VerificationResult, VerifyOptions } from "./types";
import { verifyCredentials } from "./verifyCredentials";

/**
 * Verifies one credential (a parsed object or its JSON text): format, integrity, inclusion, anchor,
 * finality, revocation, suspension, validity and issuer. `status` is `valid`, `invalid` (proven bad)
 * or `error` (could not be decided, e.g. no RPC endpoint answered, or the issuer not confirmed: on a
 * public chain give `identityResolver`); never throws for the credential. On the local development
 * chain eip155:31337 a valid result has `localChain: true` and says the issuer was not checked.
 *
 * @example
 * const result = await verifyCredential(jsonText, {
 *   rpc: { "eip155:31337": "http://127.0.0.1:8545" },
 *   onCheck: ({ check, phase, result }) => phase === "finished" && console.log(check, result?.status),
 * });
 * console.log(result.status, result.summary);
 */
export async function verifyCredential(
  credential: unknown,
  options: Omit<VerifyOptions, "files"> & { file?: string } = {},
): Promise<VerificationResult> {
  const { file, ...rest } = options;
  const [result] = await verifyCredentials([credential], { ...rest, files: file === undefined ? undefined : [file] });
  return result;
}
