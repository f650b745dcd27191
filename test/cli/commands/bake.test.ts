/**
 * `credanchor bake`, `unbake` and `verify` on baked images (issue 13, section 4): a baked PNG and SVG
 * verify exactly like their JSON on a real chain (the in-process Hardhat network), an edited baked
 * credential fails like the edited JSON, an image without a credential is "not a credential" with what
 * to do, and unbake gives the JSON back byte for byte.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { PNG } from "pngjs";
import type { Eip1193Provider } from "../../../sdk/src/chain/transport";
import { unbakePng } from "../../../sdk/src/bake/unbakePng";
import { describeRedactions } from "../../../sdk/src/verify/describeRedactions";
import { findProofEntry } from "../../../sdk/src/credential/findProofEntry";
import { testIo } from "../../../cli/lib/testIo";
import { main } from "../../../cli/main";
import type { VerifyJson } from "../../../cli/commands/verify";
import type { BakeJson } from "../../../cli/commands/bake";
import {
  anchorTestRoot,
  buildTestBatch,
  deployTestRegistry,
  testChain,
  withAnchor,
} from "../../helpers/verifyFixtures";
import { check } from "../../helpers/checks";
import { repoPath } from "../../helpers/repoRoot";
import { ON_THIS_THREAD } from "../../helpers/runCli";

const TINY_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000d494441547801010200fdff0000000200017e050dd20000000049454e44ae426082",
  "hex",
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n';

describe("cli: bake, unbake, and verify of baked images", function () {
  this.timeout(60_000);
  let dir: string;
  const provider = network.provider as unknown as Eip1193Provider;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-bake-"));
    const chain = testChain(provider);
    const registry = await deployTestRegistry(chain);
    const batch = await buildTestBatch(2);
    const anchor = await anchorTestRoot(chain, registry, batch.root, 2);
    const [good, other] = batch.credentials.map((c) => withAnchor(c, anchor));
    fs.writeFileSync(path.join(dir, "alice.json"), `${JSON.stringify(good, null, 2)}\n`);
    const edited = structuredClone(other) as unknown as Record<string, unknown> & {
      credentialSubject: { name: string };
    };
    edited.credentialSubject.name = "Mallory";
    fs.writeFileSync(path.join(dir, "edited.json"), `${JSON.stringify(edited, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "badge.png"), TINY_PNG);
    fs.writeFileSync(path.join(dir, "badge.svg"), SVG);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const io = testIo({ cwd: dir, providers: { hardhat: provider } });
    const code = await main(args, io);
    return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
  }

  async function verifyJson(...files: string[]): Promise<{ code: number; report: VerifyJson }> {
    const { code, stdout, stderr } = await run("verify", "--json", "--network", "hardhat", "--", ...files);
    expect(stderr).to.equal("");
    return { code, report: JSON.parse(stdout) as VerifyJson };
  }

  /** What a verdict is made of, without the file name. */
  const verdict = (result: VerifyJson["results"][number]) => ({
    verdict: result.verdict,
    summary: result.summary,
    checks: result.checks.map((c) => [c.check, c.status, c.code]),
  });

  it("bakes into a given PNG and SVG; verify gives each image the JSON's verdict", async function () {
    expect((await run("bake", "alice.json", "--image", "badge.png", "--out", "alice.png")).code).to.equal(0);
    const svg = await run("bake", "alice.json", "--image", "badge.svg", "--out", "alice.svg", "--json");
    expect(svg.code).to.equal(0);
    expect(JSON.parse(svg.stdout)).to.deep.include({
      kind: "svg",
      image: "badge.svg",
      out: "alice.svg",
    } satisfies Partial<BakeJson>);

    const { code, report } = await verifyJson("alice.json", "alice.png", "alice.svg");
    expect(code).to.equal(0);
    expect(report.results.map((r) => [r.file, r.verdict])).to.deep.equal([
      ["alice.json", "valid"],
      ["alice.png", "valid"],
      ["alice.svg", "valid"],
    ]);
    expect(verdict(report.results[1])).to.deep.equal(verdict(report.results[0]));
    expect(verdict(report.results[2])).to.deep.equal(verdict(report.results[0]));
  });

  it("an edited credential baked into an image fails exactly like the edited JSON", async function () {
    await run("bake", "edited.json", "--image", "badge.png", "--out", "edited.png");
    await run("bake", "edited.json", "--image", "badge.svg", "--out", "edited.svg");
    const { code, report } = await verifyJson("edited.json", "edited.png", "edited.svg");
    expect(code).to.equal(1);
    expect(report.results.map((r) => r.verdict)).to.deep.equal(["invalid", "invalid", "invalid"]);
    expect(check(report.results[0], "integrity")).to.include({
      status: "failed",
      code: "INTEGRITY_DIGEST_MISMATCH",
    });
    expect(verdict(report.results[1])).to.deep.equal(verdict(report.results[0]));
    expect(verdict(report.results[2])).to.deep.equal(verdict(report.results[0]));
  });

  it("verifies several files at once: JSON, baked PNG and SVG, an edited and an unbaked image, a baked PNG named .json", async function () {
    await run("bake", "alice.json", "--image", "badge.png", "--out", "alice.png");
    await run("bake", "alice.json", "--image", "badge.svg", "--out", "alice.svg");
    await run("bake", "edited.json", "--image", "badge.png", "--out", "edited.png");
    fs.copyFileSync(path.join(dir, "alice.png"), path.join(dir, "alice-png.json"));
    const files = ["alice.json", "alice.png", "alice.svg", "edited.json", "edited.png", "badge.png", "alice-png.json"];
    const { code, report } = await verifyJson(...files);
    expect(code).to.equal(1);
    expect(report.summary).to.deep.equal({ total: 7, valid: 4, invalid: 2, error: 0, notCredential: 1, exitCode: 1 });
    expect(report.results.map((r) => [r.file, r.verdict])).to.deep.equal([
      ["alice.json", "valid"],
      ["alice.png", "valid"],
      ["alice.svg", "valid"],
      ["edited.json", "invalid"],
      ["edited.png", "invalid"],
      ["badge.png", "not-a-credential"],
      ["alice-png.json", "valid"],
    ]);
    for (const i of [1, 2, 6]) expect(verdict(report.results[i])).to.deep.equal(verdict(report.results[0]));
    expect(verdict(report.results[4])).to.deep.equal(verdict(report.results[3]));
    // The same shape as a JSON file's result: the SDK's result plus file and verdict.
    expect(Object.keys(report.results[1]).sort()).to.deep.equal(Object.keys(report.results[0]).sort());
    expect(report.results[5].checks[0]).to.include({ check: "format", code: "FORMAT_IMAGE_NOT_BAKED" });
  });

  it("draws a default badge when no image is given, as PNG or SVG by the name of --out", async function () {
    expect((await run("bake", "alice.json", "--out", "drawn.png", "--width", "300")).code).to.equal(0);
    const png = fs.readFileSync(path.join(dir, "drawn.png"));
    expect(PNG.sync.read(png).width).to.equal(300);
    expect(unbakePng(png)).to.equal(fs.readFileSync(path.join(dir, "alice.json"), "utf8"));
    expect((await run("bake", "alice.json", "--out", "drawn.svg")).code).to.equal(0);
    const svg = fs.readFileSync(path.join(dir, "drawn.svg"), "utf8");
    expect(svg)
      .to.contain(">Data Science Foundations<")
      .and.contain(">Example University<")
      .and.contain(">2025-01-01<");
  });

  it("takes the image from the template's badgeImage (bake, and issue copies it); a bad badgeImage is refused at its JSON pointer", async function () {
    const template = JSON.parse(
      fs.readFileSync(repoPath("test", "fixtures", "templates", "telemedicine-nursing.json"), "utf8"),
    );
    fs.mkdirSync(path.join(dir, "tpl"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tpl", "badge.svg"), SVG);
    fs.writeFileSync(path.join(dir, "tpl", "t.json"), JSON.stringify({ ...template, badgeImage: "badge.svg" }));
    const ok = await run("bake", "alice.json", "--template", "tpl/t.json", "--out", "from-template.svg", "--json");
    expect(ok.code).to.equal(0);
    expect((JSON.parse(ok.stdout) as BakeJson).image).to.equal(path.join("tpl", "badge.svg"));
    expect(fs.readFileSync(path.join(dir, "from-template.svg"), "utf8")).to.contain('<circle cx="5"');

    // issue copies the template's badgeImage beside the manifest and says so.
    const batchTemplate = JSON.parse(
      fs.readFileSync(repoPath("test", "fixtures", "batch", "template.json"), "utf8"),
    ) as Record<string, unknown>;
    fs.writeFileSync(
      path.join(dir, "tpl", "batch.json"),
      JSON.stringify({ ...batchTemplate, badgeImage: "badge.svg" }),
    );
    const recipients = repoPath("test", "fixtures", "batch", "recipients.csv");
    const issued = await run(
      "issue",
      "--template",
      "tpl/batch.json",
      "--recipients",
      recipients,
      "--out",
      "issued",
      "--no-sign",
      ...ON_THIS_THREAD,
    );
    expect(issued.code, issued.stderr).to.equal(0);
    expect(issued.stdout).to.contain(
      `badge image  ${path.join("issued", "badge.svg")} (publish and deliver bake into it)`,
    );
    expect(fs.readFileSync(path.join(dir, "issued", "badge.svg")).equals(Buffer.from(SVG))).to.equal(true);

    fs.writeFileSync(path.join(dir, "tpl", "bad.json"), JSON.stringify({ ...template, badgeImage: "badge.gif" }));
    const bad = await run("bake", "alice.json", "--template", "tpl/bad.json", "--out", "x.svg");
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.contain("/badgeImage").and.contain(".png or .svg");
  });

  it("unbake gives the JSON back byte for byte, to stdout or a file", async function () {
    const original = fs.readFileSync(path.join(dir, "alice.json"), "utf8");
    expect((await run("unbake", "alice.svg")).stdout).to.equal(original);
    expect((await run("unbake", "alice.png", "--out", "back.json")).code).to.equal(0);
    expect(fs.readFileSync(path.join(dir, "back.json"), "utf8")).to.equal(original);
  });

  it("an image without a baked credential is not a credential, with what to do; in a folder it is skipped", async function () {
    const { code, report } = await verifyJson("badge.png", "badge.svg");
    expect(code).to.equal(2);
    expect(report.results.map((r) => r.verdict)).to.deep.equal(["not-a-credential", "not-a-credential"]);
    expect(report.results[0].checks[0]).to.include({
      check: "format",
      status: "error",
      code: "FORMAT_IMAGE_NOT_BAKED",
    });
    expect(report.results[0].checks[0].message).to.contain("holds no baked credential").and.contain("credanchor bake");

    const broken = Buffer.from(TINY_PNG);
    broken[broken.length - 13] ^= 1;
    fs.writeFileSync(path.join(dir, "broken.png"), broken);
    const damaged = await verifyJson("broken.png");
    expect(damaged.report.results[0].checks[0].message).to.contain("CRC").and.contain("byte offset 54");

    const folder = path.join(dir, "inbox");
    fs.mkdirSync(folder);
    for (const name of ["alice.png", "alice.svg", "badge.png"])
      fs.copyFileSync(path.join(dir, name), path.join(folder, name));
    const inbox = await verifyJson("inbox");
    expect(inbox.code).to.equal(0);
    expect(inbox.report.results.map((r) => [path.basename(r.file), r.verdict])).to.deep.equal([
      ["alice.png", "valid"],
      ["alice.svg", "valid"],
    ]);
  });

  it("hidden fields: disclose, verify (JSON and a baked copy) and the SDK give one count, in one line", async function () {
    const disclosed = await run(
      "disclose",
      "alice.json",
      "--hide",
      "/credentialSubject/identifier",
      "--hide",
      "/credentialSubject/name",
      "--out",
      "shared.json",
      "--json",
    );
    expect(disclosed.code, disclosed.stderr).to.equal(0);
    const { hiddenFields } = JSON.parse(disclosed.stdout) as { hiddenFields: number };
    const shared = JSON.parse(fs.readFileSync(path.join(dir, "shared.json"), "utf8"));
    // the identifier object holds several values: more fields than pointers
    expect(hiddenFields).to.be.greaterThan(2);
    expect(hiddenFields).to.equal(describeRedactions(shared, findProofEntry(shared)).count);
    await run("bake", "shared.json", "--image", "badge.svg", "--out", "shared.svg");
    const { report } = await verifyJson("shared.json", "shared.svg");
    for (const result of report.results) {
      expect(result.verdict).to.equal("valid");
      expect(result.hidden?.count).to.equal(hiddenFields);
      expect(check(result, "integrity").details).to.include({ redactedFields: hiddenFields });
    }
    const human = await run("verify", "--network", "hardhat", "shared.json");
    expect(human.stdout).to.contain(
      `Hidden by the holder: ${hiddenFields} fields (the recipient's name; the recipient's identifier (hashed e-mail address or id)).`,
    );
  });

  it("refuses an image whose kind differs from --out, and a broken PNG with its offset", async function () {
    const mismatch = await run("bake", "alice.json", "--image", "badge.png", "--out", "x.svg");
    expect(mismatch.code).to.equal(2);
    expect(mismatch.stderr).to.contain("the image is PNG but --out ends in .svg");
    const broken = await run("bake", "alice.json", "--image", "broken.png", "--out", "x.png");
    expect(broken.code).to.not.equal(0);
    expect(broken.stderr).to.contain("broken.png").and.contain("CRC of the PNG's IDAT chunk is wrong");
    expect(broken.stderr).to.not.contain("    at ");
  });
});
