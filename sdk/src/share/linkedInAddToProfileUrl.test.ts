import { expect } from "chai";
import { ShareError } from "../errors/share";
import { linkedInAddToProfileUrl } from "./linkedInAddToProfileUrl";

const credential = {
  id: "urn:uuid:3f2a1b7c-9d4e-4f60-8a1b-2c3d4e5f6a7b",
  issuer: { id: "did:web:credentials.example.edu", type: ["Profile"], name: "Example University & Partners" },
  // 23:30 on 31 January at UTC-05:00 is 1 February in UTC: the month LinkedIn gets is February.
  validFrom: "2026-01-31T23:30:00-05:00",
  validUntil: "2028-12-31T23:59:59Z",
  credentialSubject: {
    type: ["AchievementSubject"],
    name: "Ada Lovelace",
    achievement: { id: "https://x.example/a", type: ["Achievement"], name: "Smart Contracts 101: Solidity + Tests" },
  },
};
const certUrl = "https://credentials.example.edu/c/#q3J9w0cV2m9kq8Xb1YtH4A";

describe("linkedInAddToProfileUrl", function () {
  it("builds LinkedIn's add-to-profile URL with every parameter, in order, percent-encoded (the SPEC 10.4 vector)", function () {
    const url = linkedInAddToProfileUrl(credential, { certUrl });
    expect(url).to.equal(
      "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" +
        "&name=Smart%20Contracts%20101%3A%20Solidity%20%2B%20Tests" +
        "&organizationName=Example%20University%20%26%20Partners" +
        "&issueYear=2026&issueMonth=2&expirationYear=2028&expirationMonth=12" +
        "&certUrl=https%3A%2F%2Fcredentials.example.edu%2Fc%2F%23q3J9w0cV2m9kq8Xb1YtH4A" +
        "&certId=urn%3Auuid%3A3f2a1b7c-9d4e-4f60-8a1b-2c3d4e5f6a7b",
    );
    const params = new URL(url).searchParams;
    expect(Object.fromEntries(params)).to.deep.equal({
      startTask: "CERTIFICATION_NAME",
      name: "Smart Contracts 101: Solidity + Tests",
      organizationName: "Example University & Partners",
      issueYear: "2026",
      issueMonth: "2",
      expirationYear: "2028",
      expirationMonth: "12",
      certUrl,
      certId: credential.id,
    });
  });

  it("sends organizationId instead of organizationName when given", function () {
    const params = new URL(linkedInAddToProfileUrl(credential, { certUrl, organizationId: "1337" })).searchParams;
    expect(params.get("organizationId")).to.equal("1337");
    expect(params.has("organizationName")).to.equal(false);
    expect(() => linkedInAddToProfileUrl(credential, { organizationId: "acme" }))
      .to.throw(ShareError)
      .with.property("shortMessage", 'the LinkedIn organization id "acme" is not a number');
  });

  it("omits the expiration when the credential has no validUntil, and certUrl when no share URL is known", function () {
    const { validUntil: _ignored, ...noExpiry } = credential;
    const params = new URL(linkedInAddToProfileUrl(noExpiry)).searchParams;
    expect([...params.keys()]).to.deep.equal([
      "startTask",
      "name",
      "organizationName",
      "issueYear",
      "issueMonth",
      "certId",
    ]);
  });

  it("refuses a credential whose achievement name was hidden, naming the pointer", function () {
    const hidden = structuredClone(credential) as { credentialSubject: { achievement: { name?: string } } };
    delete hidden.credentialSubject.achievement.name;
    expect(() => linkedInAddToProfileUrl(hidden))
      .to.throw(ShareError)
      .with.nested.property("location.pointer", "/credentialSubject/achievement/name");
  });
});
