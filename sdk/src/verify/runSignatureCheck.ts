/**
 * The `signature` check: the issuer's eddsa-rdfc-2022 proof, when the credential carries one. Internal
 * to `verifyCredentials`. Absent is allowed (recorded as skipped and said in words); present and broken
 * makes the credential invalid; a DID document that cannot be read makes the check `error`.
 */
import type { Canonizer } from "../sign/canonize";
import { verifyCredentialSignature, type ResolveAssertionKey } from "../sign/verifyCredentialSignature";
import { isCheckCode } from "./codes";
import { checkResult, type CheckRecorder, type Work } from "./verdict";

export async function runSignatureCheck(
  work: Work,
  recorder: CheckRecorder,
  context: { resolveKey: ResolveAssertionKey; canonizer: Canonizer },
): Promise<void> {
  recorder.start(work, "signature");
  const credential = work.credential!;
  const result = await verifyCredentialSignature({
    credential,
    resolveKey: context.resolveKey,
    canonizer: context.canonizer,
  });
  const details = result.verificationMethod ? { verificationMethod: result.verificationMethod } : undefined;
  if (result.status === "absent") {
    const disclosed = (work.proof?.redactedHashes.length ?? 0) > 0;
    recorder.finish(
      work,
      checkResult(
        "signature",
        "skipped",
        disclosed ? "SIGNATURE_REMOVED_BY_DISCLOSURE" : "SIGNATURE_ABSENT",
        disclosed
          ? "No issuer signature: it was removed when the holder hid fields; the content is proven by the anchor."
          : "The credential carries no issuer signature (eddsa-rdfc-2022); its content is proven by the anchor.",
      ),
    );
    return;
  }
  const message =
    result.status === "passed"
      ? `The issuer's signature is valid: ${result.message}, listed in the issuer's DID document.`
      : result.status === "failed"
        ? `The issuer's signature is broken: ${result.message}.`
        : `The issuer's signature could not be checked: ${result.message}.`;
  // Every code verifyCredentialSignature gives is in the codes table (SPEC.md 7.3); anything else is a fault.
  const code = isCheckCode(result.code) ? result.code : "INTERNAL";
  recorder.finish(
    work,
    checkResult("signature", code === "INTERNAL" ? "error" : result.status, code, message, details),
  );
}
