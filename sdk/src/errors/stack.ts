import { CodedError, type BaseErrorParameters } from "./base";

/** A stack cannot be checked or issued: a pathway or a holder's folder cannot be read, limits exceeded. */
export class StackError extends CodedError {
  override name = "StackError";
  static override readonly defaults: BaseErrorParameters = {
    code: "STACK_INVALID",
    docsPath: "SPEC.md#11-stacks-pathways-and-clr-credentials",
  };
}
