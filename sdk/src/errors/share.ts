import { CodedError, type BaseErrorParameters } from "./base";

/**
 * Sharing a credential failed: a credential that lacks what a LinkedIn link or a share link needs,
 * a base URL that is not one, a publish mapping or delivery journal that is not credanchor's.
 */
export class ShareError extends CodedError {
  override name = "ShareError";
  static override readonly defaults: BaseErrorParameters = {
    code: "SHARE_INVALID",
    docsPath: "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
  };
}

/** Sending e-mail failed or is undecided (an entry left "sending" by a crash). */
export class DeliveryError extends CodedError {
  override name = "DeliveryError";
  static override readonly defaults: BaseErrorParameters = {
    code: "DELIVERY_FAILED",
    docsPath: "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
  };
}
