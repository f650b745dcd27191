/**
 * Errors of the issuer identity binding (DNS TXT record and did:web document, docs/IDENTITY.md).
 *
 * Identity checks never throw these at a verifier for a credential: `resolveIssuerIdentity` turns
 * every problem into a result with status `failed` or `error`. They are thrown for inputs a person
 * typed (`identityRecords`, `checkIdentity`: a domain, a chain id, a registry address) and by the
 * DNS-over-HTTPS resolver, whose rejections follow the `node:dns` error codes.
 */
import { BaseError } from "./base";

/** Which input of an identity command was unusable. */
export type IdentityInputField = "domain" | "chain" | "registry" | "did" | "profileUrl";

/**
 * A domain, chain id, registry address or DID given to an identity function is not usable.
 *
 * @example
 * try {
 *   identityRecords({ domain: "https://example.edu/", chain: "eip155:11155111", registry });
 * } catch (error) {
 *   if (error instanceof IdentityInputError) console.error(error.field, error.value);
 * }
 */
export class IdentityInputError extends BaseError {
  override name = "IdentityInputError";
  readonly field: IdentityInputField;
  readonly value: string;

  constructor(args: { field: IdentityInputField; value: string; reason: string; fix?: string }) {
    super(`${args.field} ${JSON.stringify(args.value)} is not usable: ${args.reason}`, {
      code: "IDENTITY_INPUT_INVALID",
      fix: args.fix ?? defaultFix(args.field),
      docsPath: "IDENTITY.md#matching-rules",
    });
    this.field = args.field;
    this.value = args.value;
  }
}

function defaultFix(field: IdentityInputField): string {
  switch (field) {
    case "domain":
      return "Give a bare host name such as example.edu (no scheme, no path, no port, not an IP address).";
    case "chain":
      return "Give a CAIP-2 EVM chain id such as eip155:11155111.";
    case "registry":
      return "Give the registry contract address: 0x followed by 40 hex digits.";
    case "did":
      return "Give a did:web DID such as did:web:example.edu or did:web:example.edu:dept.";
    case "profileUrl":
      return "Set the registry profile URL to https://<your domain> or did:web:<your domain> (setProfile).";
  }
}

/** The `node:dns` error codes a `resolveTxt` function rejects with (see `ResolveTxt`). */
export type DnsErrorCode =
  "ENOTFOUND" | "ENODATA" | "ESERVFAIL" | "ETIMEOUT" | "EREFUSED" | "ECONNREFUSED" | "EBADRESP";

/**
 * A DNS query made by `createDohResolveTxt` (DNS over HTTPS) did not return TXT records. Its `code`
 * is the matching `node:dns` error code, so the DoH resolver and Node's resolver are interchangeable:
 * `ENOTFOUND` (NXDOMAIN) and `ENODATA` (no TXT record) mean "nothing published", anything else means
 * the answer could not be obtained.
 *
 * @example
 * try {
 *   await resolveTxt("_credanchor.example.edu");
 * } catch (error) {
 *   if (error instanceof DnsQueryError && error.code === "ENOTFOUND") console.log("no such name");
 * }
 */
export class DnsQueryError extends BaseError {
  override name = "DnsQueryError";
  readonly hostname: string;
  declare readonly code: DnsErrorCode;

  constructor(args: { hostname: string; code: DnsErrorCode; reason: string; cause?: unknown }) {
    super(`DNS TXT query for ${args.hostname} failed: ${args.reason}`, {
      code: args.code,
      cause: args.cause,
      docsPath: "IDENTITY.md#what-a-verifier-sees",
    });
    this.hostname = args.hostname;
  }
}
