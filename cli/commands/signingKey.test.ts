import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { didDocumentFor, standardVerify } from "../../test/helpers/standardVerifier";
import { templatePath } from "../../test/fixtures/samples";
import { exportSecretKeyMultibase, readSigningKeyFile } from "../../sdk/src/sign/signingKey";
import { loadConfig } from "../lib/config";
import { testIo } from "../lib/testIo";
import { main } from "../main";

const PASSWORD = "a long test password";
const DID = "did:web:nursing.example.edu";

describe("cli: signing-key create, and issue signing with it", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-signing-key-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeTemplate(issuerId: string): string {
    const template = JSON.parse(fs.readFileSync(templatePath("telemedicine-nursing.json"), "utf8"));
    template.issuer.id = issuerId;
    const file = path.join(dir, "template.json");
    fs.writeFileSync(file, JSON.stringify(template));
    fs.writeFileSync(path.join(dir, "r.csv"), "name,email,score\nAda,ada@example.org,80\nBo,bo@example.org,90\n");
    return file;
  }

  it("init --url writes did:web; signing-key create records the key; issue signs every credential", async () => {
    const env = { CREDANCHOR_SIGNING_KEY_PASSWORD: PASSWORD };
    expect(
      await main(["init", "--name", "Northbridge", "--url", "https://nursing.example.edu"], testIo({ cwd: dir, env })),
    ).to.equal(0);
    const io = testIo({ cwd: dir, env });
    expect(await main(["signing-key", "create", "--json"], io), io.stderr.text()).to.equal(0);
    const printed = JSON.parse(io.stdout.text()) as Record<string, string>;
    const { config } = loadConfig(testIo({ cwd: dir }));
    expect(config.issuer.id).to.equal(DID);
    expect(config.issuer.signingKey).to.deep.equal({
      file: "signing-key.json",
      verificationMethod: `${DID}#${printed.publicKeyMultibase}`,
      publicKeyMultibase: printed.publicKeyMultibase,
    });
    expect(printed.verificationMethod).to.equal(`${DID}#${printed.publicKeyMultibase}`);
    const key = readSigningKeyFile({ file: path.join(dir, "signing-key.json"), password: PASSWORD });
    const secret = exportSecretKeyMultibase(key);
    expect(io.stdout.text() + io.stderr.text()).not.to.include(secret);
    expect(fs.readFileSync(path.join(dir, "signing-key.json"), "utf8")).not.to.include(secret);
    expect(fs.statSync(path.join(dir, "signing-key.json")).mode & 0o777).to.equal(0o600);

    writeTemplate(DID);
    const issueIo = testIo({ cwd: dir, env });
    const code = await main(
      ["issue", "--template", "template.json", "--recipients", "r.csv", "--out", "b", "--workers", "0", "--json"],
      issueIo,
    );
    expect(code, issueIo.stderr.text()).to.equal(0);
    expect(JSON.parse(issueIo.stdout.text()).signedWith).to.equal(`${DID}#${key.publicKeyMultibase}`);
    const files = fs.readdirSync(path.join(dir, "b", "credentials"));
    expect(files).to.have.length(2);
    for (const file of files) {
      const credential = JSON.parse(fs.readFileSync(path.join(dir, "b", "credentials", file), "utf8"));
      expect(credential.proof[0]).to.include({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022" });
      const result = await standardVerify(credential, [didDocumentFor(DID, key.publicKeyMultibase)]);
      expect(result.verified, JSON.stringify(result.error)).to.equal(true);
    }

    // --no-sign leaves the signature out.
    const unsignedIo = testIo({ cwd: dir, env });
    expect(
      await main(
        ["issue", "--template", "template.json", "--recipients", "r.csv", "--out", "u", "--workers", "0", "--no-sign"],
        unsignedIo,
      ),
    ).to.equal(0);
    const unsigned = JSON.parse(
      fs.readFileSync(
        path.join(dir, "u", "credentials", fs.readdirSync(path.join(dir, "u", "credentials"))[0]!),
        "utf8",
      ),
    );
    // Only the anchor proof (a DataIntegrityProof with credanchor's cryptosuite), no eddsa-rdfc-2022 signature.
    expect(unsigned.proof.map((p: { cryptosuite: string }) => p.cryptosuite)).to.deep.equal(["credanchor-merkle-2026"]);
    expect(unsignedIo.stdout.text()).to.include("signed       no (--no-sign)");

    // CREDANCHOR_SIGNING_KEY replaces the file (no password needed).
    const envIo = testIo({ cwd: dir, env: { CREDANCHOR_SIGNING_KEY: secret } });
    expect(
      await main(
        ["issue", "--template", "template.json", "--recipients", "r.csv", "--out", "e", "--workers", "0"],
        envIo,
      ),
      envIo.stderr.text(),
    ).to.equal(0);
    expect(envIo.stdout.text()).to.include(`signed       by ${DID}#${key.publicKeyMultibase}`);
  });

  it("issue refuses a template whose issuer.id is not the configured issuer", async () => {
    const env = { CREDANCHOR_SIGNING_KEY_PASSWORD: PASSWORD };
    await main(["init", "--url", "https://nursing.example.edu"], testIo({ cwd: dir, env }));
    await main(["signing-key", "create"], testIo({ cwd: dir, env }));
    writeTemplate("https://nursing.example.edu");
    const io = testIo({ cwd: dir, env });
    expect(
      await main(["issue", "--template", "template.json", "--recipients", "r.csv", "--out", "b", "--workers", "0"], io),
    ).to.equal(1);
    expect(io.stderr.text()).to.include(
      `template.json at /issuer/id: the template's issuer.id is "https://nursing.example.edu", but the configured issuer (and signing key) is ${DID}`,
    );
    expect(io.stderr.text()).to.include(`set issuer.id to "${DID}" in the template`);
    expect(fs.existsSync(path.join(dir, "b"))).to.equal(false);
  });

  it("refuses without a password, and with a wrong one", async () => {
    await main(["init", "--url", "https://nursing.example.edu"], testIo({ cwd: dir }));
    const noPassword = testIo({ cwd: dir });
    expect(await main(["signing-key", "create"], noPassword)).to.equal(1);
    expect(noPassword.stderr.text()).to.include("no password for the signing key");
    await main(["signing-key", "create"], testIo({ cwd: dir, env: { CREDANCHOR_SIGNING_KEY_PASSWORD: PASSWORD } }));
    writeTemplate(DID);
    const wrong = testIo({ cwd: dir, env: { CREDANCHOR_SIGNING_KEY_PASSWORD: "not the password" } });
    expect(
      await main(
        ["issue", "--template", "template.json", "--recipients", "r.csv", "--out", "b", "--workers", "0"],
        wrong,
      ),
    ).to.equal(1);
    expect(wrong.stderr.text()).to.include("cannot decrypt the signing key: wrong password or a changed file");
  });
});
