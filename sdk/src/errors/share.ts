import { BaseError, type BaseErrorParameters } from "./base";

/**
 * Sharing a credential failed: a credential that lacks what a LinkedIn link or a share link needs,
 * a base URL that is not one, a publish mapping or delivery journal that is not credanchor's.
 */
export class ShareError extends BaseError {
  override name = "ShareError";
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, {
      code: "SHARE_INVALID",
      docsPath: "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
      ...parameters,
    });
  }
}

/** Sending e-mail failed or is undecided (an entry left "sending" by a crash). */
export class DeliveryError extends BaseError {
  override name = "DeliveryError";
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, {
      code: "DELIVERY_FAILED",
      docsPath: "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
      ...parameters,
    });
  }
}
