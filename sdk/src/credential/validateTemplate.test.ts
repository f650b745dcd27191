import { expect } from "chai";
import { loadTemplate } from "../../../test/fixtures/samples";
import { CredentialValidationError } from "../errors/credential";
import { assertTemplate, validateTemplate } from "./validateTemplate";

describe("validateTemplate", function () {
  it("lists what a minimal template lacks", function () {
    expect(validateTemplate({ issuer: { id: "https://example.edu", type: ["Profile"] } })).to.deep.equal([
      { pointer: "/issuer/name", message: "required string is missing" },
      { pointer: "/achievement", message: "required an Achievement object is missing" },
    ]);
    expect(validateTemplate([])).to.deep.equal([{ pointer: "", message: "a template must be a JSON object" }]);
  });

  it("refuses members a template does not have (a typo would vanish silently)", function () {
    const template = { ...loadTemplate(), acheivement: {} };
    expect(validateTemplate(template)).to.deep.equal([
      {
        pointer: "/acheivement",
        message:
          "is not a template member (allowed: issuer, achievement, name, description, validFrom, validUntil, evidence, credentialSchema, credentialStatus, badgeImage)",
      },
    ]);
  });

  it("checks nested achievement fields and the validity window", function () {
    const template = JSON.parse(JSON.stringify(loadTemplate()));
    template.achievement.resultDescription[0].resultType = 7;
    template.achievement.tag.push(3);
    template.validFrom = "2030-01-01T00:00:00Z";
    expect(validateTemplate(template)).to.deep.equal([
      { pointer: "/achievement/resultDescription/0/resultType", message: "must be a string, found a number" },
      { pointer: "/achievement/tag/4", message: "must be a string" },
      { pointer: "/validUntil", message: "must be later than validFrom" },
    ]);
  });

  it("assertTemplate throws with the file and pointer", function () {
    expect(() => assertTemplate({}, { file: "t.json" }))
      .to.throw(
        CredentialValidationError,
        /^t\.json at \/issuer: invalid template: required a Profile object is missing/,
      )
      .with.property("code", "TEMPLATE_INVALID");
  });
});
