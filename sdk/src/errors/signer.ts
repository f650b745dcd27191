/**
 * Errors of external JSON-RPC signers (`--signer-rpc`: Web3Signer, Frame, a wallet's RPC). Every class
 * is a `BaseError`; none of them carries a key (credanchor never holds one with a signer). A signer
 * on another chain is a `ChainMismatchError` with `scope: "signer"` (code `SIGNER_CHAIN_MISMATCH`),
 * the one class of that concept.
 */
import type { Address } from "../types";
import { BaseError } from "./base";

const DOCS = "SPEC.md#12-safe-export-and-external-signers";

/** The signer could not be reached, or did not answer in time. */
export class SignerUnreachableError extends BaseError {
  override name = "SignerUnreachableError";
  constructor({ url, method, cause }: { url: string; method: string; cause?: unknown }) {
    const reason =
      cause instanceof Error ? cause.message.split("\n")[0] : typeof cause === "string" ? cause : "no answer";
    super(`The signer at ${url} did not answer ${method} (${reason}).`, {
      code: "SIGNER_UNREACHABLE",
      cause,
      fix: "Check that the signer (Web3Signer, Frame, …) is running and listening on that URL; nothing was sent.",
      docsPath: DOCS,
    });
  }
}

/** The signer refused: its user rejected the request, or its policy denied it. */
export class SignerRejectedError extends BaseError {
  override name = "SignerRejectedError";
  constructor({ url, method, message, cause }: { url: string; method: string; message: string; cause?: unknown }) {
    super(`The signer at ${url} refused ${method}: ${message}.`, {
      code: "SIGNER_REJECTED",
      cause,
      fix: "Approve the request in the signer (or change its policy), then run the command again; it is safe to retry.",
      docsPath: DOCS,
    });
  }
}

/** The signer has no account to sign with, or not the one asked for. */
export class SignerAccountError extends BaseError {
  override name = "SignerAccountError";
  constructor({ url, from, accounts }: { url: string; from?: Address; accounts: readonly string[] }) {
    super(
      from
        ? `The signer at ${url} does not hold ${from} (it offers ${accounts.length === 0 ? "no account" : accounts.join(", ")}).`
        : `The signer at ${url} offers no account (eth_accounts is empty).`,
      {
        code: "SIGNER_NO_ACCOUNT",
        fix: from
          ? "Pass --from with one of the signer's accounts, or unlock that account in the signer."
          : "Unlock or add an account in the signer (or allow credanchor to see it), then run again.",
        docsPath: DOCS,
      },
    );
  }
}

/** The signer answered something else than a signature of the transaction asked for. */
export class SignerResponseError extends BaseError {
  override name = "SignerResponseError";
  constructor({ url, problem }: { url: string; problem: string }) {
    super(`The signer at ${url} returned a transaction that was not asked for: ${problem}.`, {
      code: "SIGNER_BAD_RESPONSE",
      details:
        "credanchor checks every signed transaction (chain, nonce, target, data, value, gas, fees, sender) before broadcasting it; nothing was sent.",
      fix: "Check the signer's configuration; do not use a signer you do not trust.",
      docsPath: DOCS,
    });
  }
}
