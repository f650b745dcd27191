/**
 * Issue 11's "must show", through the BUILT command line against a real `hardhat node`: init, signing-key
 * create, deploy, identity (its did.json written to a file), issue (a template whose issuer id is did:web:D),
 * anchor, disclose. Then a standard verifier (@digitalbazaar/vc + data-integrity + eddsa-rdfc-2022), given
 * only that did.json and the bundled contexts, accepts every issued and anchored file; JSON-LD expansion
 * (safe mode, a handler that fails on any event) reports zero dropped terms for issued, anchored and
 * disclosed credentials; and `credanchor verify` reads the did.json through its own did:web resolution
 * (only the network answer is supplied, test/helpers/didJsonFetchPreload.js) and reports the signature passed.
 */
import { expect } from "chai";
import jsonld from "jsonld";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VerifyJson } from "../../cli/commands/verify";
import { createDocumentLoader } from "../../sdk/src/sign/documentLoader";
import { HARDHAT_ACCOUNTS } from "../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../helpers/sharedHardhatNode";
import { standardVerify, type DidDocument } from "../helpers/standardVerifier";
import { ensureBuilt, FIXTURES, json, runCli } from "../helpers/runCli";
import { credentialFiles as batchFiles } from "../helpers/credentialFiles";
import { repoPath } from "../helpers/repoRoot";

const DOMAIN = "nursing.example.edu";
const DID = `did:web:${DOMAIN}`;
const PASSWORD = "correct horse battery staple 11";

/** JSON-LD expansion in safe mode; every event (a dropped or undefined term, a relative IRI) is returned. */
async function expansionEvents(document: object): Promise<string[]> {
  const events: string[] = [];
  await jsonld.expand(document, {
    documentLoader: createDocumentLoader(),
    safe: true,
    eventHandler: ({ event }) => {
      events.push(`${event.code} ${JSON.stringify(event.details ?? {})}`);
    },
  });
  return events;
}

describe("cli: a standard verifier accepts what credanchor issues and anchors (issue 11)", function () {
  this.timeout(240_000);
  let node: SharedHardhatNode;
  let dir: string;
  let env: Record<string, string>;
  let didDocument: DidDocument;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const readJson = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
  const credentialFiles = () => batchFiles(path.join(dir, "batch")).map((file) => path.relative(dir, file));

  before(async function () {
    ensureBuilt();
    node = await sharedHardhatNode();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-standard-"));
    env = {
      LOCALHOST_RPC_URL: node.url,
      CREDANCHOR_PRIVATE_KEY: HARDHAT_ACCOUNTS[0].privateKey,
      CREDANCHOR_SIGNING_KEY_PASSWORD: PASSWORD,
    };
    const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, "templates", "telemedicine-nursing.json"), "utf8"));
    template.issuer.id = DID;
    fs.writeFileSync(path.join(dir, "template.json"), JSON.stringify(template, null, 2));
    const csv = fs.readFileSync(path.join(FIXTURES, "recipients", "nurses.csv"), "utf8").split("\n");
    fs.writeFileSync(path.join(dir, "recipients.csv"), csv.slice(0, 5).join("\n") + "\n");
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("init, signing-key create, deploy, identity --json (did.json), issue and anchor all succeed", async function () {
    const init = await cli("init", "--name", "Northbridge School of Nursing", "--url", `https://${DOMAIN}`);
    expect(init.code, init.stderr).to.equal(0);

    const key = await cli("signing-key", "create", "--json");
    expect(key.code, key.stderr).to.equal(0);
    const created = json<{ file: string; verificationMethod: string; publicKeyMultibase: string }>(key);
    expect(created.verificationMethod).to.equal(`${DID}#${created.publicKeyMultibase}`);
    expect(key.stdout).to.not.include("secretKey");

    const deploy = await cli("deploy");
    expect(deploy.code, deploy.stderr).to.equal(0);

    const identity = await cli("identity", "--domain", DOMAIN, "--json");
    expect(identity.code, identity.stderr).to.equal(0);
    didDocument = json<{ records: { didWeb: { document: DidDocument } } }>(identity).records.didWeb.document;
    expect(didDocument.id).to.equal(DID);
    expect(didDocument.assertionMethod).to.deep.equal([created.verificationMethod]);
    fs.writeFileSync(path.join(dir, "did.json"), JSON.stringify(didDocument, null, 2));

    const issue = await cli("issue", "--template", "template.json", "--recipients", "recipients.csv", "--out", "batch");
    expect(issue.code, issue.stderr).to.equal(0);
    expect(credentialFiles()).to.have.length(4);
    for (const file of credentialFiles()) {
      const proofs = readJson(file).proof as Record<string, unknown>[];
      expect(
        proofs.map((p) => p.cryptosuite),
        file,
      ).to.deep.equal(["eddsa-rdfc-2022", "credanchor-merkle-2026"]);
      expect(proofs[0]!.verificationMethod, file).to.equal(created.verificationMethod);
    }
    // Issued, not yet anchored: the standard verifier accepts the signature and the expansion is clean.
    for (const file of credentialFiles()) {
      const credential = readJson(file);
      const result = await standardVerify(credential, [
        JSON.parse(fs.readFileSync(path.join(dir, "did.json"), "utf8")),
      ]);
      expect(result.verified, `${file}: ${String(result.error)}`).to.equal(true);
      expect(await expansionEvents(credential), file).to.deep.equal([]);
    }

    const anchor = await cli("anchor", "batch");
    expect(anchor.code, anchor.stderr).to.equal(0);
  });

  it("a standard verifier given only the did.json accepts every anchored file; expansion drops nothing", async function () {
    const documents = [JSON.parse(fs.readFileSync(path.join(dir, "did.json"), "utf8")) as DidDocument];
    for (const file of credentialFiles()) {
      const credential = readJson(file);
      const proofs = credential.proof as Record<string, unknown>[];
      expect(proofs[1]).to.have.keys(
        "type",
        "cryptosuite",
        "created",
        "proofPurpose",
        "verificationMethod",
        "proofValue",
      );
      expect(proofs[1]!.type).to.equal("DataIntegrityProof");
      const result = await standardVerify(credential, documents);
      expect(result.verified, `${file}: ${String(result.error)}`).to.equal(true);
      expect(await expansionEvents(credential), file).to.deep.equal([]);
    }
    // The same file with one field changed: the standard verifier refuses it.
    const tampered = readJson(credentialFiles()[0]!);
    (tampered.credentialSubject as Record<string, unknown>).name = "Mallory";
    expect((await standardVerify(tampered, documents)).verified).to.equal(false);
  });

  it("a disclosed credential (signature removed) expands with zero dropped terms and verifies through its anchor proof", async function () {
    const run = await cli(
      "disclose",
      credentialFiles()[0]!,
      "--hide",
      "/credentialSubject/result",
      "--out",
      "shared.json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const shared = readJson("shared.json");
    const proofs = shared.proof as Record<string, unknown>[] | Record<string, unknown>;
    const list = Array.isArray(proofs) ? proofs : [proofs];
    expect(list.map((p) => p.cryptosuite)).to.deep.equal(["credanchor-merkle-2026"]);
    expect(await expansionEvents(shared)).to.deep.equal([]);
  });

  it("credanchor verify resolves did:web:D through its own resolution and reports the signature check passed", async function () {
    const verifyEnv = {
      ...env,
      NODE_OPTIONS: `--require ${repoPath("test", "helpers", "didJsonFetchPreload.js")}`,
      CREDANCHOR_TEST_DID_URL: `https://${DOMAIN}/.well-known/did.json`,
      CREDANCHOR_TEST_DID_FILE: path.join(dir, "did.json"),
    };
    const run = await runCli(["verify", "batch", "shared.json", "--json"], { cwd: dir, env: verifyEnv });
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const report = json<VerifyJson>(run);
    expect(report.summary).to.include({ total: 5, valid: 5, invalid: 0, error: 0 });
    for (const result of report.results) {
      const signature = result.checks.find((check) => check.check === "signature");
      if (result.file === "shared.json") {
        // The holder hid a field: the signature could not survive it; the anchor proof proves the content.
        expect(signature, result.file).to.include({ status: "skipped", code: "SIGNATURE_REMOVED_BY_DISCLOSURE" });
      } else {
        expect(signature, result.file).to.include({ status: "passed", code: "SIGNATURE_VALID" });
      }
      expect(result.verdict, result.file).to.equal("valid");
    }
    const human = await runCli(["verify", "batch"], { cwd: dir, env: verifyEnv });
    expect(human.code).to.equal(0);
    expect(human.stdout).to.include("valid (local chain)");

    // Without the did.json being served, the same signatures cannot be checked: not a silent pass.
    const offline = json<VerifyJson>(await runCli(["verify", "batch", "--json"], { cwd: dir, env }));
    const unresolved = offline.results[0]!.checks.find((check) => check.check === "signature");
    expect(unresolved!.status).to.not.equal("passed");
  });
});
