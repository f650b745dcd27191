import { BaseError, type BaseErrorParameters } from "./base";

/** A stack cannot be checked or issued: a pathway or a holder's folder cannot be read, limits exceeded. */
export class StackError extends BaseError {
  override name = "StackError";
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, {
      code: "STACK_INVALID",
      docsPath: "SPEC.md#11-stacks-pathways-and-clr-credentials",
      ...parameters,
    });
  }
}
