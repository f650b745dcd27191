/**
 * Stacks end to end on the in-process Hardhat network (issue 14): component batches issued and
 * anchored by their own issuers, `checkStack` and `issueStack` on the three case studies (a missing
 * module, a learner mismatch, cross-issuer components on two registries), the stacked ClrCredential
 * anchored and verified as a whole, a component revoked after issuance, JSON-LD expansion with zero
 * undefined terms, and the limits (65 components, depth 4).
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsonld from "jsonld";
import { network } from "hardhat";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import { createDocumentLoader } from "../../../sdk/src/sign/documentLoader";
import { validateCredential } from "../../../sdk/src/credential/validateCredential";
import { StackError } from "../../../sdk/src/errors/stack";
import { buildClrCredential } from "../../../sdk/src/stack/buildClrCredential";
import { checkStack } from "../../../sdk/src/stack/checkStack";
import { issueStack } from "../../../sdk/src/stack/issueStack";
import { readPathway } from "../../../sdk/src/stack/readPathway";
import type { Pathway } from "../../../sdk/src/stack/pathway";
import { verifyCredential, verifyCredentials } from "../../../sdk/src/verify";
import { verifyCredentialFiles } from "../../../sdk/src/verify/files";
import type { VerificationResult } from "../../../sdk/src/verify/types";
import type { Address, AnchorRecord, Hex } from "../../../sdk/src/types";
import { sampleCredential, withProof } from "../../fixtures/samples";
import {
  anchorTestRoot,
  deployTestRegistry,
  testChain,
  withAnchor,
  writeRegistry,
  type TestChain,
  type TestCredential,
} from "../../helpers/verifyFixtures";
import { credentialFiles } from "../../helpers/credentialFiles";
import { check } from "../../helpers/checks";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "pathways");
const NOW = "2026-09-01T00:00:00Z";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("stacks: pathways, checkStack, issueStack and the components check", function () {
  this.timeout(180_000);
  const provider = network.provider as unknown as Eip1193Provider;
  const rpc = { "eip155:31337": provider } as const;
  let chain: TestChain;
  let tmp: string;
  const registries: Record<string, Address> = {};

  before(async function () {
    chain = testChain(provider);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-stack-"));
    for (const [key, url] of [
      ["nursing", "https://nursing.example.edu"],
      ["academy", "https://academy.example.com"],
      ["partner", "https://stats.example.net"],
      ["plant", "https://learning.example.org"],
    ] as const) {
      registries[key] = await deployTestRegistry(chain, { name: key, url });
    }
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Issues one component batch (a template of test/fixtures/pathways/components) and anchors it. */
  async function issueComponent(
    template: string,
    rows: Json[],
    registry: Address,
    options: { includeEmail?: boolean } = {},
  ): Promise<{ credentials: TestCredential[]; root: Hex; anchor: AnchorRecord }> {
    const dir = fs.mkdtempSync(path.join(tmp, "batch-"));
    const recipients = path.join(dir, "recipients.jsonl");
    fs.writeFileSync(recipients, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const { manifest } = await issueBatch({
      template: path.join(FIXTURES, "components", template),
      recipients,
      outDir: path.join(dir, "out"),
      workers: 0,
      now: "2026-05-01T09:00:00Z",
      includeEmail: options.includeEmail,
    });
    const anchor = await anchorTestRoot(chain, registry, manifest.root, manifest.leafCount);
    const credentials = credentialFiles(path.join(dir, "out")).map((file) =>
      withAnchor(JSON.parse(fs.readFileSync(file, "utf8")), anchor),
    );
    return { credentials, root: manifest.root, anchor };
  }

  function writeJson(file: string, value: unknown): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    return file;
  }

  /** Reads a stacked batch, anchors it in `registry` and returns its credentials with the anchor. */
  async function anchorStack(outDir: string, registry: Address): Promise<TestCredential[]> {
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, "manifest.json"), "utf8"));
    const anchor = await anchorTestRoot(chain, registry, manifest.root, manifest.leafCount);
    return credentialFiles(outDir).map((file) => withAnchor(JSON.parse(fs.readFileSync(file, "utf8")), anchor));
  }

  describe("case 1: the nurses' telemedicine specialization (3 modules)", function () {
    const amara = { name: "Amara Okafor", email: "amara.okafor@example.org" };
    const ben = { name: "Ben Adeyemi", email: "ben.adeyemi@example.org" };
    const chen = { name: "Chen Wei", email: "chen.wei@example.org" };
    let modules: { credentials: TestCredential[]; root: Hex }[];
    let holders: string;
    let stacked: TestCredential[];

    before(async function () {
      modules = [];
      for (const m of ["telehealth-communication", "virtual-assessment", "remote-patient-monitoring"]) {
        // Rows: Amara, Ben (not in module 3), Chen; every issue salts each e-mail hash afresh.
        const rows = m === "remote-patient-monitoring" ? [amara, chen] : [amara, ben, chen];
        modules.push(await issueComponent(`nursing-${m}.json`, rows, registries.nursing));
      }
      holders = path.join(tmp, "nursing-holders");
      const [m1, m2, m3] = modules.map((m) => m.credentials);
      writeJson(path.join(holders, "amara", "m1.json"), m1[0]);
      writeJson(path.join(holders, "amara", "m2.json"), m2[0]);
      writeJson(path.join(holders, "amara", "m3.json"), m3[0]);
      writeJson(path.join(holders, "ben", "m1.json"), m1[1]);
      writeJson(path.join(holders, "ben", "m2.json"), m2[1]);
      // Chen hands in Amara's module 2 in place of his own.
      writeJson(path.join(holders, "chen", "m1.json"), m1[2]);
      writeJson(path.join(holders, "chen", "m2.json"), m2[0]);
      writeJson(path.join(holders, "chen", "m3.json"), m3[1]);
      writeJson(path.join(holders, "holders.json"), [
        {
          learner: "amara",
          email: amara.email,
          name: amara.name,
          files: ["amara/m1.json", "amara/m2.json", "amara/m3.json"],
        },
        { learner: "ben", email: ben.email, files: ["ben/m1.json", "ben/m2.json"] },
        { learner: "chen", email: chen.email, files: ["chen/m1.json", "chen/m2.json", "chen/m3.json"] },
      ]);
    });

    it("checkStack: Amara's three modules meet the pathway; the e-mail is checked against each differently salted hash", async function () {
      const pathway = readPathway(path.join(FIXTURES, "telemedicine-nursing.json"));
      const components = modules.map((m) => m.credentials[0]);
      const hashes = components.map((c) => (c.credentialSubject as Json).identifier[0].identityHash);
      expect(new Set(hashes).size).to.equal(3);
      const noEmail = await checkStack({ pathway, components, rpc, now: NOW });
      expect(noEmail.qualifies).to.equal(false);
      expect(noEmail.learner.problems).to.deep.equal([
        "the components name their learner by differently salted e-mail hashes; give the learner's e-mail address (--email) to check each hash",
      ]);
      const result = await checkStack({
        pathway,
        components,
        files: ["m1.json", "m2.json", "m3.json"],
        learner: { email: amara.email },
        rpc,
        now: NOW,
      });
      expect(result.qualifies).to.equal(true);
      expect(result.summary).to.equal("3 of 3 modules; 6 of 6 credits");
      expect(result.components.map((c) => [c.file, c.result.status, c.meets, c.learner])).to.deep.equal([
        ["m1.json", "valid", "Telehealth Communication", "match"],
        ["m2.json", "valid", "Virtual Physical Assessment", "match"],
        ["m3.json", "valid", "Remote Patient Monitoring", "match"],
      ]);
    });

    it("issueStack: issues Amara's ClrCredential, refuses Ben (missing module) and Chen (learner mismatch) with the reason", async function () {
      const outDir = path.join(tmp, "nursing-stack");
      const result = await issueStack({
        pathway: path.join(FIXTURES, "telemedicine-nursing.json"),
        holders,
        outDir,
        rpc,
        now: NOW,
      });
      expect(result.learners.map((l) => [l.learner, l.qualifies, l.summary])).to.deep.equal([
        ["amara", true, "3 of 3 modules; 6 of 6 credits"],
        ["ben", false, "2 of 3 modules; missing: Remote Patient Monitoring; 4 of 6 credits"],
        [
          "chen",
          false,
          "2 of 3 modules; missing: Virtual Physical Assessment; 4 of 6 credits; chen/m2.json names another learner",
        ],
      ]);
      expect(result.manifest!.leafCount).to.equal(1);
      const report = JSON.parse(fs.readFileSync(path.join(outDir, "stack-report.json"), "utf8"));
      expect(report.learners[1]).to.deep.include({
        learner: "ben",
        qualifies: false,
        missing: ["Remote Patient Monitoring"],
      });
      stacked = await anchorStack(outDir, registries.nursing);
      const clr = stacked[0] as Json;
      expect(clr["@context"]).to.deep.equal([
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ]);
      expect(clr.type).to.deep.equal(["VerifiableCredential", "ClrCredential"]);
      const subject = clr.credentialSubject;
      expect(subject.type).to.deep.equal(["ClrSubject"]);
      expect(subject.name).to.equal("Amara Okafor");
      // The components are embedded unchanged, their own proofs intact.
      expect(subject.verifiableCredential).to.deep.equal(modules.map((m) => m.credentials[0]));
      expect(subject.achievement.map((a: Json) => a.name)).to.deep.equal([
        "Telemedicine Nursing Specialization",
        "Telehealth Communication",
        "Virtual Physical Assessment",
        "Remote Patient Monitoring",
      ]);
      expect(subject.association[2]).to.deep.equal({
        type: "Association",
        associationType: "isChildOf",
        sourceId: "https://nursing.example.edu/achievements/modules/remote-patient-monitoring",
        targetId: "https://nursing.example.edu/achievements/telemedicine-specialization",
      });
    });

    it("verifyCredential verifies the stack as a whole: its own proofs and every component", async function () {
      const result = await verifyCredential(stacked[0], { rpc, now: NOW });
      expect(result.status, result.summary).to.equal("valid");
      expect(check(result, "components")).to.deep.include({ status: "passed", code: "COMPONENTS_VALID" });
      expect(result.stack).to.deep.equal({
        achievement: "Telemedicine Nursing Specialization",
        met: 3,
        total: 3,
        unit: "modules",
        withheld: [],
        summary: "3 of 3 modules",
      });
      expect(result.components!.map((c) => [c.status, c.achievement])).to.deep.equal([
        ["valid", "Telehealth Communication"],
        ["valid", "Virtual Physical Assessment"],
        ["valid", "Remote Patient Monitoring"],
      ]);
    });

    it("a module revoked after stacking: the stack's own proofs hold, the components check says which and when", async function () {
      await writeRegistry(chain, registries.nursing, "revoke", modules[1].root, [0]);
      const result = await verifyCredential(stacked[0], { rpc, now: NOW });
      expect(result.status).to.equal("invalid");
      for (const own of ["integrity", "inclusion", "anchor", "revocation"])
        expect(check(result, own).status, own).to.equal("passed");
      const components = check(result, "components");
      expect(components).to.deep.include({ status: "failed", code: "COMPONENTS_INVALID" });
      expect(components.message).to.match(
        /^2 of 3 modules: component 2 \(Virtual Physical Assessment\): revoked by the issuer on \d{4}-\d{2}-\d{2}/i,
      );
      expect(result.components![1].status).to.equal("invalid");
      expect(check(result.components![1], "revocation").code).to.equal("REVOCATION_CREDENTIAL_REVOKED");
      expect(result.stack!.summary).to.equal("2 of 3 modules");

      // The worker path (many files; the CLI's `verify DIR`) gives the stack the same verdict: the
      // workers leave stacks to the main thread, which verifies them with their components.
      const file = path.join(tmp, "stacked-revoked-component.json");
      fs.writeFileSync(file, JSON.stringify(stacked[0]));
      const viaWorkers = await verifyCredentialFiles([file, file], { rpc, now: NOW, workers: 2 });
      for (const worked of viaWorkers) {
        expect(worked.status).to.equal("invalid");
        expect(check(worked, "components")).to.deep.include({ status: "failed", code: "COMPONENTS_INVALID" });
        expect(check(worked, "components").message).to.equal(components.message);
      }
      expect(viaWorkers.map((r) => r.index)).to.deep.equal([0, 1]);
    });

    it("the holder can withhold the components only whole: the pathway then shows as unproven", async function () {
      const { discloseCredential } = await import("../../../sdk/src/canonical/discloseCredential");
      expect(() =>
        discloseCredential(stacked[0], ["/credentialSubject/verifiableCredential/0/credentialSubject/name"]),
      ).to.throw(/component/);
      const shared = discloseCredential(stacked[0], ["/credentialSubject/verifiableCredential"]);
      const result = await verifyCredential(shared, { rpc, now: NOW });
      expect(check(result, "integrity").status).to.equal("passed");
      expect(check(result, "components")).to.deep.include({ status: "skipped", code: "COMPONENTS_WITHHELD" });
      expect(result.status).to.equal("error");
      expect(result.stack).to.deep.include({ met: 0, total: 3 });
      expect(result.stack!.withheld).to.have.length(3);
    });

    it("a standard JSON-LD expansion of the ClrCredential has zero undefined terms", async function () {
      const events: string[] = [];
      const expanded = await jsonld.expand(
        stacked[0] as never,
        {
          documentLoader: createDocumentLoader(),
          safe: true,
          eventHandler: ({ event }: { event: { code: string; details?: unknown } }) => {
            events.push(`${event.code} ${JSON.stringify(event.details ?? {})}`);
          },
        } as never,
      );
      expect(events).to.deep.equal([]);
      const text = JSON.stringify(expanded);
      expect(text).to.include("https://purl.imsglobal.org/spec/vc/clr/vocab.html#ClrSubject");
      expect(text).to.include("https://purl.imsglobal.org/spec/vc/clr/vocab.html#verifiableCredential");
      expect(text).to.include("https://purl.imsglobal.org/spec/vc/clr/vocab.html#AssociationType");
    });
  });

  describe("case 2: data analytics, four courses from two issuers on two registries", function () {
    it("checkStack accepts components from each issuer's own registry, and holds each to the registry the pathway names", async function () {
      const learner = { name: "Dana Kim", id: "did:example:dana-kim" };
      const parts = [];
      for (const [file, registry] of [
        ["analytics-sql-for-analysts.json", registries.academy],
        ["analytics-python-data-wrangling.json", registries.academy],
        ["analytics-statistics-for-decisions.json", registries.partner],
        ["analytics-dashboards.json", registries.academy],
      ] as const) {
        parts.push((await issueComponent(file, [learner], registry)).credentials[0]);
      }
      const pathway = readPathway(path.join(FIXTURES, "data-analytics-career-switch.json")) as Pathway & Json;
      const requirements = pathway.requirements as Json;
      requirements.allOf[2].registry = `eip155:31337:${registries.partner}`;
      const result = await checkStack({ pathway, components: parts, rpc, now: NOW });
      expect(result.qualifies, result.summary).to.equal(true);
      expect(result.summary).to.equal("4 of 4 courses; 12 of 12 credits");
      expect(result.learner.id).to.equal("did:example:dana-kim");
      expect(result.components.map((c) => c.result.anchor!.registry)).to.deep.equal([
        registries.academy,
        registries.academy,
        registries.partner,
        registries.academy,
      ]);
      // The statistics course anchored in the academy's registry instead does not count.
      const wrong = (await issueComponent("analytics-statistics-for-decisions.json", [learner], registries.academy))
        .credentials[0];
      const refused = await checkStack({ pathway, components: [parts[0], parts[1], wrong, parts[3]], rpc, now: NOW });
      expect(refused.qualifies).to.equal(false);
      expect(refused.evaluation.requirements[2].reason).to.equal(
        `component 3 is anchored in eip155:31337:${registries.academy}, not eip155:31337:${registries.partner}`,
      );
      // Another learner's course: a learner mismatch.
      const other = (
        await issueComponent("analytics-dashboards.json", [{ name: "Eve", id: "did:example:eve" }], registries.academy)
      ).credentials[0];
      const mismatch = await checkStack({ pathway, components: [...parts.slice(0, 3), other], rpc, now: NOW });
      expect(mismatch.qualifies).to.equal(false);
      expect(mismatch.learner.problems).to.deep.equal([
        "the components name 2 different learners (did:example:dana-kim, did:example:eve)",
      ]);
    });
  });

  describe("case 3: the manufacturer's automation + AI role qualification (core + 2 of 3 electives)", function () {
    it("issueStack from one subfolder per learner: Farid qualifies, Gita (one elective) is refused", async function () {
      const farid = { name: "Farid Haddad", email: "farid.haddad@example.org" };
      const gita = { name: "Gita Rao", email: "gita.rao@example.org" };
      const holders = path.join(tmp, "plant-holders");
      const badges: Record<string, TestCredential[]> = {};
      for (const b of ["plc-fundamentals", "functional-safety", "industrial-networking", "data-for-maintenance"]) {
        const rows = b === "data-for-maintenance" ? [farid] : [farid, gita];
        // Plain e-mail identities this time: no address needs to be given.
        badges[b] = (
          await issueComponent(`automation-${b}.json`, rows, registries.plant, { includeEmail: true })
        ).credentials;
      }
      for (const [b, list] of Object.entries(badges)) {
        writeJson(path.join(holders, "farid", `${b}.json`), list[0]);
        if (list[1]) writeJson(path.join(holders, "gita", `${b}.json`), list[1]);
      }
      const outDir = path.join(tmp, "plant-stack");
      const result = await issueStack({
        pathway: path.join(FIXTURES, "industrial-automation-ai.json"),
        holders,
        outDir,
        rpc,
        now: NOW,
      });
      expect(result.learners.map((l) => [l.learner, l.qualifies, l.summary])).to.deep.equal([
        ["farid", true, "2 of 2 badges"],
        ["gita", false, "1 of 2 badges; missing: Data for Predictive Maintenance, Applied Computer Vision"],
      ]);
      const [clr] = await anchorStack(outDir, registries.plant);
      const verdict = await verifyCredential(clr, { rpc, now: NOW });
      expect(verdict.status, verdict.summary).to.equal("valid");
      expect(verdict.stack!.summary).to.equal("4 of 4 badges");
    });
  });

  describe("limits", function () {
    it("65 components are refused when building and when verifying", async function () {
      const pathway = readPathway(path.join(FIXTURES, "telemedicine-nursing.json"));
      const component = withProof(sampleCredential());
      const many = Array.from({ length: 65 }, () => component as Json);
      expect(() => buildClrCredential({ pathway, components: many, learner: { id: "did:example:x" } })).to.throw(
        StackError,
        "a stacked credential holds at most 64 components, 65 given",
      );
      const clr = buildClrCredential({ pathway, components: many.slice(0, 64), learner: { id: "did:example:x" } });
      (clr.credentialSubject.verifiableCredential as Json[]).push(component as Json);
      expect(validateCredential(clr)).to.deep.include({
        pointer: "/credentialSubject/verifiableCredential",
        message: "holds 65 credentials; a stack holds at most 64",
      });
    });

    it("stacks nest to depth 3; a fourth level is refused (COMPONENTS_TOO_DEEP)", async function () {
      const pathway = readPathway(path.join(FIXTURES, "telemedicine-nursing.json"));
      let inner: Json = withProof(sampleCredential()) as Json;
      const levels: Json[] = [];
      for (let level = 0; level < 4; level++) {
        inner = withProof(
          buildClrCredential({
            pathway,
            components: [inner],
            learner: { id: "did:example:x" },
            now: "2026-03-01T00:00:00Z",
          }),
        ) as Json;
        levels.push(inner);
      }
      const [depth4, depth3] = [levels[3], levels[2]];
      const ok = await verifyCredentials([depth3], { now: NOW });
      const deepest = (r: VerificationResult, n: number): VerificationResult =>
        n === 0 ? r : deepest(r.components![0], n - 1);
      for (let n = 0; n < 3; n++)
        expect(check(deepest(ok[0], n), "components").code).to.not.equal("COMPONENTS_TOO_DEEP");
      const [refused] = await verifyCredentials([depth4], { now: NOW });
      expect(check(deepest(refused, 2), "components")).to.deep.include({
        status: "failed",
        code: "COMPONENTS_TOO_DEEP",
      });
      expect(check(refused, "components")).to.deep.include({ status: "failed", code: "COMPONENTS_INVALID" });
      expect(refused.status).to.equal("invalid");
    });
  });
});
