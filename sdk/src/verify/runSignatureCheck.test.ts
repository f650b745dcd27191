import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { didDocumentFor } from "../../../test/helpers/standardVerifier";
import { templatePath } from "../../../test/fixtures/samples";
import { issueBatch } from "../batch/issueBatch";
import { discloseCredential } from "../canonical/discloseCredential";
import { createDidWebKeyResolver } from "../sign/resolveAssertionKey";
import { generateSigningKey } from "../sign/signingKey";
import { verifyCredentials } from "./verifyCredentials";

const DID = "did:web:nursing.example.edu";

describe("verify: the signature check", function () {
  this.timeout(120_000);
  const key = generateSigningKey();
  let dir: string;
  let credentials: Record<string, unknown>[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-signature-check-"));
    const template = JSON.parse(fs.readFileSync(templatePath("telemedicine-nursing.json"), "utf8"));
    template.issuer.id = DID;
    fs.writeFileSync(path.join(dir, "t.json"), JSON.stringify(template));
    fs.writeFileSync(path.join(dir, "r.csv"), "name,email,score\nAda,ada@example.org,80\nBo,bo@example.org,90\n");
    const { outDir } = await issueBatch({
      template: path.join(dir, "t.json"),
      recipients: path.join(dir, "r.csv"),
      outDir: path.join(dir, "b"),
      workers: 0,
      signingKey: key,
    });
    const folder = path.join(outDir, "credentials");
    credentials = fs.readdirSync(folder).map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), "utf8")));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const signatureOf = async (
    credential: unknown,
    resolver = createDidWebKeyResolver({ documents: { [DID]: didDocumentFor(DID, key.publicKeyMultibase) } }),
  ) => {
    const [result] = await verifyCredentials([JSON.stringify(credential)], { signatureKeyResolver: resolver });
    return result!.checks.find((c) => c.check === "signature")!;
  };

  it("passes with the key the issuer's did.json lists for assertionMethod (fetched through did:web)", async () => {
    const fetched: string[] = [];
    const fetch = async (url: string) => {
      fetched.push(url);
      const body = JSON.stringify(didDocumentFor(DID, key.publicKeyMultibase));
      return { status: 200, text: async () => body } as never;
    };
    const resolver = createDidWebKeyResolver({ fetch });
    const [first, second] = await verifyCredentials(
      credentials.map((c) => JSON.stringify(c)),
      { signatureKeyResolver: resolver },
    );
    for (const result of [first!, second!]) {
      expect(result.checks.find((c) => c.check === "signature")).to.deep.include({
        status: "passed",
        code: "SIGNATURE_VALID",
      });
    }
    expect(fetched).to.deep.equal(["https://nursing.example.edu/.well-known/did.json"]);
  });

  it("fails a broken signature (invalid), a key the DID document does not list, and errors when did.json cannot be read", async () => {
    const signed = credentials[0]!;
    const proof = signed.proof as Record<string, unknown>[];
    const broken = {
      ...signed,
      proof: [
        {
          ...proof[0],
          proofValue: proof[1] === undefined ? "" : (credentials[1]!.proof as Record<string, string>[])[0]!.proofValue,
        },
        ...proof.slice(1),
      ],
    };
    expect(await signatureOf(broken)).to.deep.include({ status: "failed", code: "SIGNATURE_INVALID" });
    const other = generateSigningKey();
    const notListed = createDidWebKeyResolver({ documents: { [DID]: didDocumentFor(DID, other.publicKeyMultibase) } });
    expect(await signatureOf(signed, notListed)).to.deep.include({
      status: "failed",
      code: "SIGNATURE_KEY_NOT_LISTED",
    });
    const down = createDidWebKeyResolver({
      fetch: async () => {
        throw new Error("connection refused");
      },
    });
    expect(await signatureOf(signed, down)).to.deep.include({ status: "error", code: "SIGNATURE_KEY_UNAVAILABLE" });
  });

  it("reports a disclosed credential's missing signature as removed by disclosure, not as a failure", async () => {
    const shared = discloseCredential(credentials[0]!, ["/credentialSubject/result"]);
    expect((shared as { proof: { cryptosuite: string }[] }).proof.map((p) => p.cryptosuite)).to.deep.equal([
      "credanchor-merkle-2026",
    ]);
    expect(await signatureOf(shared)).to.deep.include({ status: "skipped", code: "SIGNATURE_REMOVED_BY_DISCLOSURE" });
  });
});
