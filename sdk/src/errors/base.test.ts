import { expect } from "chai";
import { BaseError, CodedError } from "./base";
import { BatchInputError } from "./batch";
import { ProofEntryError } from "./credential";
import { InvalidTargetError } from "./registry";
import { DeliveryError, ShareError } from "./share";
import { StackError } from "./stack";

describe("CodedError", function () {
  it("gives each class its code and docs section, and keeps what a throw says", function () {
    const error = new ShareError("not an https URL", { fix: "give https://...", location: { file: "a.json" } });
    expect(error).to.be.instanceOf(CodedError).and.to.be.instanceOf(BaseError).and.to.be.instanceOf(ShareError);
    expect(error).to.include({
      name: "ShareError",
      code: "SHARE_INVALID",
      shortMessage: "not an https URL",
      fix: "give https://...",
      docsPath: "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
    });
    expect(error.message).to.equal(
      "a.json: not an https URL\nFix: give https://...\nDocs: docs/SPEC.md#10-sharing-short-links-delivery-file-and-linkedin",
    );
  });

  it("lets a throw override a default, and keeps every class's own code", function () {
    expect(new DeliveryError("undecided", { code: "DELIVERY_UNCERTAIN" }).code).to.equal("DELIVERY_UNCERTAIN");
    const codes = [
      new ShareError("x"),
      new DeliveryError("x"),
      new StackError("x"),
      new BatchInputError("x"),
      new ProofEntryError("x"),
      new InvalidTargetError("x"),
    ].map((e) => [e.name, e.code, e.docsPath]);
    expect(codes).to.deep.equal([
      ["ShareError", "SHARE_INVALID", "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin"],
      ["DeliveryError", "DELIVERY_FAILED", "SPEC.md#10-sharing-short-links-delivery-file-and-linkedin"],
      ["StackError", "STACK_INVALID", "SPEC.md#11-stacks-pathways-and-clr-credentials"],
      ["BatchInputError", "BATCH_INPUT_INVALID", "SPEC.md#5-the-batch-directory-and-manifest"],
      ["ProofEntryError", "PROOF_ENTRY_INVALID", "SPEC.md#4-the-proof-entry"],
      ["InvalidTargetError", "INVALID_TARGET", undefined],
    ]);
  });
});
