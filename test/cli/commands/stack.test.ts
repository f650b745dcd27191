/**
 * `credanchor stack check` / `stack issue` and the tree `verify` prints for a stacked credential,
 * run in process (cli/main) against a `hardhat node`.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../../cli/main";
import type { StackCheckJson, StackIssueJson } from "../../../cli/commands/stack";
import { testIo } from "../../../cli/lib/testIo";
import { issueBatch } from "../../../sdk/src/batch/issueBatch";
import type { Address } from "../../../sdk/src/types";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import {
  anchorTestRoot,
  deployTestRegistry,
  testChain,
  withAnchor,
  type TestChain,
} from "../../helpers/verifyFixtures";
import { credentialFile } from "../../helpers/credentialFiles";
import { repoPath } from "../../helpers/repoRoot";

const FIXTURES = repoPath("test", "fixtures", "pathways");
const PATHWAY = path.join(FIXTURES, "telemedicine-nursing.json");
const AMARA = { name: "Amara Okafor", email: "amara.okafor@example.org" };
const BEN = { name: "Ben Adeyemi", email: "ben.adeyemi@example.org" };

describe("cli: credanchor stack check / stack issue, and verify's component tree", function () {
  this.timeout(180_000);
  let node: SharedHardhatNode;
  let chain: TestChain;
  let registry: Address;
  let dir: string;
  const run = async (...argv: string[]) => {
    const io = testIo({ cwd: dir, env: { NO_COLOR: "1" } });
    const code = await main(argv, io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  };

  before(async function () {
    node = await sharedHardhatNode();
    chain = testChain(node.url);
    registry = await deployTestRegistry(chain, { name: "Northbridge", url: "https://nursing.example.edu" });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-stack-cli-"));
    for (const [i, m] of ["telehealth-communication", "virtual-assessment", "remote-patient-monitoring"].entries()) {
      const batch = path.join(dir, `batch-${i}`);
      const recipients = path.join(dir, `r-${i}.jsonl`);
      const rows = i === 2 ? [AMARA] : [AMARA, BEN];
      fs.writeFileSync(recipients, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
      const { manifest } = await issueBatch({
        template: path.join(FIXTURES, "components", `nursing-${m}.json`),
        recipients,
        outDir: batch,
        workers: 0,
      });
      const anchor = await anchorTestRoot(chain, registry, manifest.root, manifest.leafCount);
      rows.forEach((row, k) => {
        const file = credentialFile(batch, k);
        const learner = row === AMARA ? "amara" : "ben";
        fs.mkdirSync(path.join(dir, "holders", learner), { recursive: true });
        fs.writeFileSync(
          path.join(dir, "holders", learner, `m${i + 1}.json`),
          JSON.stringify(withAnchor(JSON.parse(fs.readFileSync(file, "utf8")), anchor), null, 2),
        );
      });
    }
    fs.writeFileSync(
      path.join(dir, "holders", "holders.json"),
      JSON.stringify([
        { learner: "amara", email: AMARA.email, files: ["amara/m1.json", "amara/m2.json", "amara/m3.json"] },
        { learner: "ben", email: BEN.email, files: ["ben/m1.json", "ben/m2.json"] },
      ]),
    );
  });
  after(async function () {
    await node?.release();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stack check: Amara qualifies (exit 0), and the table names each module", async function () {
    const files = ["m1", "m2", "m3"].map((m) => path.join("holders", "amara", `${m}.json`));
    const result = await run(
      "stack",
      "check",
      "--pathway",
      PATHWAY,
      "--email",
      AMARA.email,
      "--rpc",
      node.url,
      ...files,
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include("Telemedicine Nursing Specialization");
    expect(result.stdout).to.include(`✔ ${files[2]}  Remote Patient Monitoring · meets "Remote Patient Monitoring"`);
    expect(result.stdout).to.include("✔ qualifies: 3 of 3 modules; 6 of 6 credits");
  });

  it("stack check --json: Ben is two modules short (exit 1), with what is missing", async function () {
    const files = ["m1", "m2"].map((m) => path.join("holders", "ben", `${m}.json`));
    const result = await run(
      "stack",
      "check",
      "--pathway",
      PATHWAY,
      "--email",
      BEN.email,
      "--rpc",
      node.url,
      "--json",
      ...files,
    );
    expect(result.code, result.stderr).to.equal(1);
    const json = JSON.parse(result.stdout) as StackCheckJson;
    expect(json).to.deep.include({
      qualifies: false,
      summary: "2 of 3 modules; missing: Remote Patient Monitoring; 4 of 6 credits",
      missing: ["Remote Patient Monitoring"],
      credits: { earned: 4, required: 6 },
    });
    expect(json.components.map((c) => [c.status, c.meets, c.learner])).to.deep.equal([
      ["valid", "Telehealth Communication", "match"],
      ["valid", "Virtual Physical Assessment", "match"],
    ]);
    expect(json.components[0].registry).to.equal(`eip155:31337:${registry}`);
  });

  it("stack check refuses a bad pathway with its file and JSON pointer", async function () {
    const bad = path.join(dir, "bad-pathway.json");
    const pathway = JSON.parse(fs.readFileSync(PATHWAY, "utf8"));
    pathway.requirements.allOf[1].issuer = 7;
    fs.writeFileSync(bad, JSON.stringify(pathway));
    const result = await run(
      "stack",
      "check",
      "--pathway",
      bad,
      "--rpc",
      node.url,
      path.join("holders", "ben", "m1.json"),
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include("invalid pathway: required issuer (a DID or URL) is missing");
    expect(result.stderr).to.include("/requirements/allOf/1/issuer");
    expect(result.stderr).to.not.match(/\n\s+at /); // no stack trace
  });

  it("stack issue writes Amara's stacked credential and refuses Ben with the reason; verify prints the tree", async function () {
    const result = await run(
      "stack",
      "issue",
      "--pathway",
      PATHWAY,
      "--holders",
      "holders",
      "--out",
      "stack-1",
      "--no-sign",
      "--rpc",
      node.url,
      "--json",
    );
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as StackIssueJson;
    expect(json).to.deep.include({ outDir: "stack-1", issued: 1, refused: 1 });
    expect(json.learners[1]).to.deep.equal({
      learner: "ben",
      qualifies: false,
      summary: "2 of 3 modules; missing: Remote Patient Monitoring; 4 of 6 credits",
      missing: ["Remote Patient Monitoring"],
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "stack-1", "manifest.json"), "utf8"));
    const anchor = await anchorTestRoot(chain, registry, manifest.root, manifest.leafCount);
    const file = credentialFile(path.join(dir, "stack-1"), 0);
    fs.writeFileSync(file, JSON.stringify(withAnchor(JSON.parse(fs.readFileSync(file, "utf8")), anchor), null, 2));
    const verified = await run("verify", "--rpc", node.url, file);
    expect(verified.code, verified.stdout + verified.stderr).to.equal(0);
    expect(verified.stdout).to.include("stack  3 of 3 modules");
    expect(verified.stdout).to.include("├─ ✔ Telehealth Communication · Northbridge School of Nursing");
    expect(verified.stdout).to.include("└─ ✔ Remote Patient Monitoring");
    expect(verified.stdout).to.match(/✔ components\s+3 of 3 modules: every component verifies\./);
  });
});
