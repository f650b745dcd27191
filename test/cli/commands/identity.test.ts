/**
 * `credanchor identity` and the issuer binding check of `credanchor verify`, through the BUILT
 * command line, against a real `hardhat node` and a real DNS server on loopback (npm dns2, queried by
 * the CLI through Node's resolver with --dns-server). The issuer's domain is under `.test` (RFC 6761),
 * so the did:web lookups the CLI makes over HTTPS can never reach a real web site: they fail at the
 * host name, which the SDK reports as a failed lookup (`error`).
 *
 * Also the attack the default binding check closes: a copycat registry with the same profile, the
 * same root anchored there, and a revoked credential's anchor record pointed at it.
 */
import { editEntry } from "../../fixtures/samples";
import { expect } from "chai";
import { getAddress } from "viem";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DeployJson } from "../../../cli/commands/deploy";
import type { IdentityCheckJson, IdentityJson } from "../../../cli/commands/identity";
import type { VerifyJson } from "../../../cli/commands/verify";
import { anchor } from "../../../sdk/src/chain/actions/anchor";
import { createRegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import type { Hex } from "../../../sdk/src/types";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";
import { sharedHardhatNode, type SharedHardhatNode } from "../../helpers/sharedHardhatNode";
import { startDnsServer, type TestDnsServer } from "../../helpers/identityServers";
import { ensureBuilt, FIXTURES, json, ON_THIS_THREAD, runCli, runCliInProcess } from "../../helpers/runCli";
import { credentialFile } from "../../helpers/credentialFiles";
import { check } from "../../helpers/checks";

const DOMAIN = "nursing.example.test";
const ISSUER_URL = `https://${DOMAIN}`;
const ISSUER_NAME = "Northbridge School of Nursing (fictional)";
const ISSUER_KEY = HARDHAT_ACCOUNTS[0].privateKey;
const ATTACKER_KEY = HARDHAT_ACCOUNTS[1].privateKey;
/** A registry the issuer does not own (not one of the addresses a fresh hardhat node deploys to). */
const OTHER_REGISTRY = getAddress("0x00000000000000000000000000000000deadbeef");

type Check = VerifyJson["results"][number]["checks"][number];

describe("cli: identity and the issuer binding in verify", function () {
  this.timeout(120_000);
  let node: SharedHardhatNode;
  let dns: TestDnsServer;
  let dir: string;
  let env: Record<string, string>;
  let registry: string;
  let root: Hex;
  let dnsServer: string;
  // The commands run in this process (main(argv, io)); the attacker's runs below go through the built binary.
  const cli = (...args: string[]) => runCliInProcess(args, { cwd: dir, env });
  const credential = (index: number) => path.relative(dir, credentialFile(path.join(dir, "batch-1"), index));
  const issuerCheck = (report: VerifyJson, index = 0): Check => check(report.results[index], "issuer");
  const txtValue = (address: string, chain = "eip155:31337") => `credanchor=v1; chain=${chain}; registry=${address}`;

  before(async function () {
    this.timeout(300_000); // a cold build on a busy machine
    ensureBuilt();
    node = await sharedHardhatNode();
    dns = await startDnsServer();
    dnsServer = `127.0.0.1:${dns.port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-identity-"));
    env = { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ISSUER_KEY };
    // The nursing fixture, issued from a domain under .test.
    const template = fs
      .readFileSync(path.join(FIXTURES, "templates", "telemedicine-nursing.json"), "utf8")
      .replaceAll("nursing.example.edu", DOMAIN);
    fs.writeFileSync(path.join(dir, "template.json"), template);

    const steps: string[][] = [
      ["init", "--name", ISSUER_NAME, "--url", ISSUER_URL],
      ["deploy", "--json"],
      ["issue", "--template", "template.json", "--recipients", path.join(FIXTURES, "recipients", "nurses.csv")],
      ["anchor", "batch-1", "--json"],
    ];
    steps[2].push("--out", "batch-1", ...ON_THIS_THREAD);
    for (const step of steps) {
      const run = await cli(...step);
      expect(run.code, `${step.join(" ")}\n${run.stdout}\n${run.stderr}`).to.equal(0);
      if (step[0] === "deploy") registry = json<DeployJson>(run).address;
      if (step[0] === "anchor") root = json<{ batches: { root: Hex }[] }>(run).batches[0].root;
    }
  });

  after(async function () {
    await node?.release();
    await dns?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(function () {
    dns.zone.clear();
    dns.queries.length = 0;
  });

  describe("identity --domain D: what to publish", function () {
    it("prints the exact TXT record, its zone-file line, the did.json entry and the profile URL, which the registry carries", async function () {
      const run = await cli("identity", "--domain", DOMAIN, "--network", "localhost");
      expect(run.code, run.stderr).to.equal(0);
      const value = txtValue(registry);
      expect(run.stdout).to.include(`  name   _credanchor.${DOMAIN}\n`);
      expect(run.stdout).to.include("  type   TXT\n");
      expect(run.stdout).to.include(`  value  ${value}\n`);
      expect(run.stdout).to.include(`  _credanchor.${DOMAIN}. 3600 IN TXT "${value}"\n`);
      expect(run.stdout).to.include(`"serviceEndpoint": "eip155:31337:${registry}"`);
      expect(run.stdout).to.include(`https://${DOMAIN}/.well-known/did.json`);
      expect(run.stdout).to.include(`must name ${DOMAIN}: ${ISSUER_URL}`);
      expect(run.stdout).to.include(`✔ The registry's profile URL ${ISSUER_URL} names ${DOMAIN}.`);
      expect(run.stdout).to.include("eip155:31337 is the local development chain");
      expect(run.stdout).to.include(`credanchor identity check --domain ${DOMAIN} --network localhost`);
      expect(dns.queries).to.deep.equal([]); // printing looks nothing up

      const report = json<IdentityJson>(await cli("identity", "--domain", DOMAIN, "--json"));
      expect(report).to.deep.include({
        network: "localhost",
        chainId: 31337,
        chain: "eip155:31337",
        registry,
        domain: DOMAIN,
        localChain: true,
      });
      expect(report.records.txt).to.deep.equal({
        name: `_credanchor.${DOMAIN}`,
        type: "TXT",
        value,
        zoneFileLine: `_credanchor.${DOMAIN}. 3600 IN TXT "${value}"`,
      });
      expect(report.records.didWeb.service).to.deep.equal({
        id: `did:web:${DOMAIN}#credanchor-eip155-31337-${registry.toLowerCase()}`,
        type: "CredAnchorRegistry",
        serviceEndpoint: `eip155:31337:${registry}`,
      });
      expect(report.profile).to.deep.equal({
        expected: ISSUER_URL,
        onChain: { name: ISSUER_NAME, url: ISSUER_URL },
        status: "passed",
        message: `The registry's profile URL ${ISSUER_URL} names ${DOMAIN}.`,
      });
    });

    it("says when the registry's profile URL names another domain, and what to call to fix it", async function () {
      const run = await cli("identity", "--domain", "example.test", "--json");
      expect(run.code, run.stderr).to.equal(0);
      const report = json<IdentityJson>(run);
      expect(report.profile.status).to.equal("failed");
      expect(report.profile.message).to.equal(
        `The registry's profile URL ${ISSUER_URL} names ${DOMAIN}, not example.test; set it to https://example.test.`,
      );
      expect(report.profile.fix).to.include(`setProfile("${ISSUER_NAME}", "https://example.test")`);

      const human = await cli("identity", "--domain", "example.test");
      expect(human.stdout).to.include(`✘ The registry's profile URL ${ISSUER_URL} names ${DOMAIN}, not example.test`);
      expect(human.stdout).to.include(
        "credanchor has no command for it: call the SDK's setProfile(client, { registry, name, url })",
      );
    });

    it("refuses what it cannot print from, in one line: no --domain, a URL for a domain, an unknown action", async function () {
      const missing = await cli("identity", "--network", "localhost");
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/^error: identity needs --domain DOMAIN\n {2}fix: /);

      const url = await cli("identity", "--domain", ISSUER_URL);
      expect(url.code).to.equal(1);
      expect(url.stderr.split("\n")[0]).to.equal(
        `error: domain "${ISSUER_URL}" is not usable: a bare host name is expected, without scheme, port or path`,
      );
      expect(url.stderr).to.not.include("    at "); // no stack trace

      const action = await cli("identity", "publish", "--domain", DOMAIN);
      expect(action.code).to.equal(2);
      expect(action.stderr).to.include("error: unknown identity action 'publish'");

      const server = await cli("identity", "check", "--domain", DOMAIN, "--dns-server", "dns.example.test");
      expect(server.code).to.equal(2);
      expect(server.stderr).to.include("error: --dns-server 'dns.example.test' is not IP[:PORT]");
    });
  });

  describe("identity check --domain D", function () {
    it("passes (exit 0) once the printed TXT record is published, and reports each method and lookup", async function () {
      dns.zone.set(`_credanchor.${DOMAIN}`, [["v=spf1 -all"], [txtValue(registry)]]);
      const run = await cli("identity", "check", "--domain", DOMAIN, "--dns-server", dnsServer, "--json");
      expect(run.code, run.stdout).to.equal(0);
      const report = json<IdentityCheckJson>(run);
      expect(report).to.deep.include({ bound: true, status: "passed", code: "IDENTITY_VERIFIED", exitCode: 0 });
      expect(report.methods[0]).to.deep.equal({
        method: "dns",
        status: "passed",
        code: "IDENTITY_VERIFIED",
        message: `the TXT record at _credanchor.${DOMAIN} names registry ${registry} on eip155:31337`,
      });
      // did:web is looked up too (every method runs in a check); a .test host never resolves.
      expect(report.methods[1]).to.include({ method: "did:web", status: "error", code: "IDENTITY_LOOKUP_ERROR" });
      expect(report.found.lookups[0]).to.deep.equal({
        method: "dns",
        target: `_credanchor.${DOMAIN}`,
        outcome: "found",
        detail: "2 TXT records, 1 credanchor record",
      });
      expect(report.profile.status).to.equal("passed");
      expect(dns.queries).to.include(`_credanchor.${DOMAIN} TXT`);

      const human = await cli("identity", "check", "--domain", DOMAIN, "--dns-server", dnsServer);
      expect(human.code).to.equal(0);
      expect(human.stdout).to.include(
        `  ✔ dns      the TXT record at _credanchor.${DOMAIN} names registry ${registry} on eip155:31337\n`,
      );
      expect(human.stdout).to.include(
        `✔ bound: ${DOMAIN} names registry ${registry} on eip155:31337 in its DNS TXT record, and the registry's profile URL names ${DOMAIN}.`,
      );
    });

    it("fails (exit 1) when the TXT record names another registry, or this registry on another chain, naming what it found", async function () {
      dns.zone.set(`_credanchor.${DOMAIN}`, [[txtValue(OTHER_REGISTRY)]]);
      const run = await cli("identity", "check", "--domain", DOMAIN, "--dns-server", dnsServer);
      expect(run.code, run.stdout).to.equal(1);
      expect(run.stdout).to.include(
        `✘ not bound: dns: the TXT record at _credanchor.${DOMAIN} names registry ${OTHER_REGISTRY} on eip155:31337`,
      );
      expect(run.stdout).to.include(`credanchor identity --domain ${DOMAIN} --network localhost`);
      expect(run.stderr).to.equal("");

      dns.zone.set(`_credanchor.${DOMAIN}`, [[txtValue(registry, "eip155:11155111")]]);
      const chain = json<IdentityCheckJson>(
        await cli("identity", "check", "--domain", DOMAIN, "--dns-server", dnsServer, "--json"),
      );
      expect(chain).to.deep.include({ bound: false, exitCode: 1 });
      expect(chain.methods[0]).to.deep.equal({
        method: "dns",
        status: "failed",
        code: "IDENTITY_CHAIN_MISMATCH",
        message: `the TXT record at _credanchor.${DOMAIN} names registry ${registry} on eip155:11155111`,
      });
    });

    it("fails (exit 1) when nothing is published by the methods asked (--method dns)", async function () {
      const run = await cli("identity", "check", "--domain", DOMAIN, "--dns-server", dnsServer, "--method", "dns");
      expect(run.code, run.stdout).to.equal(1);
      expect(run.stdout).to.include(
        `✘ not bound: The domain ${DOMAIN} does not name registry ${registry} on eip155:31337: neither _credanchor.${DOMAIN} nor ${DOMAIN} has a credanchor TXT record.`,
      );
      expect(run.stdout).to.not.include("did:web");
      expect(dns.queries).to.deep.equal([`_credanchor.${DOMAIN} TXT`, `${DOMAIN} TXT`]);
    });

    it("could not be checked (exit 2) when the DNS server never answers", async function () {
      // A server of its own: the resolver's retries of these unanswered questions may reach a server
      // after this case has ended, and must not land among the next cases' questions.
      const silent = await startDnsServer({ [`_credanchor.${DOMAIN}`]: "HANG", [DOMAIN]: "HANG" });
      const silentServer = `127.0.0.1:${silent.port}`;
      try {
        const check = ["identity", "check", "--domain", DOMAIN, "--dns-server", silentServer, "--timeout", "300"];
        const run = await cli(...check, "--json");
        expect(run.code, run.stdout).to.equal(2);
        const report = json<IdentityCheckJson>(run);
        expect(report).to.deep.include({ bound: false, status: "error", code: "IDENTITY_LOOKUP_ERROR", exitCode: 2 });
        expect(report.methods[0]).to.include({ method: "dns", status: "error" });
        expect(report.methods[0].message).to.include(`the TXT lookup of _credanchor.${DOMAIN} failed (ETIMEOUT`);

        const human = await cli(...check);
        expect(human.code).to.equal(2);
        expect(human.stdout).to.include("? could not be checked: Could not decide whether");
        expect(human.stderr).to.equal("");
        expect(silent.queries).to.include(`_credanchor.${DOMAIN} TXT`);
      } finally {
        await silent.close();
      }
    });
  });

  describe("verify and the issuer's domain binding", function () {
    it("on the local chain, by default: valid, and the issuer line says the binding was not checked (no lookup)", async function () {
      const run = await cli("verify", credential(0));
      expect(run.code, run.stdout).to.equal(0);
      expect(run.stdout).to.match(/^✔ valid on a local development chain, issuer not checked: /);
      expect(run.stdout).to.match(
        /- issuer +The registry's on-chain profile names .* Issuer not checked: eip155:31337 is a local development chain/,
      );

      const report = json<VerifyJson>(await cli("verify", "batch-1", "--json"));
      expect(report.summary.valid).to.equal(15);
      expect(report.identity).to.deep.equal({ mode: "auto", notChecked: 15 });
      expect(issuerCheck(report)).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_LOCAL_CHAIN" });
      expect(issuerCheck(report).details?.identity).to.deep.equal({ checked: false, reason: "local-chain" });
      expect(report.results[0]).to.deep.include({ status: "valid", localChain: true });
      expect(report.results[0].summary).to.match(/^Valid on a local development chain, issuer not checked: /);

      const many = await cli("verify", "batch-1");
      expect(many.stdout).to.include(
        "local development chain: issuer not checked for 15 credentials on eip155:31337; valid there means valid on a local development chain (--identity checks the binding anyway)\n\n15 credentials: 15 valid",
      );
      expect(dns.queries).to.deep.equal([]);
    });

    it("--identity checks it on the local chain too: valid when the domain names the registry", async function () {
      dns.zone.set(`_credanchor.${DOMAIN}`, [[txtValue(registry)]]);
      const run = await cli("verify", "batch-1", "--identity", "--dns-server", dnsServer, "--json");
      expect(run.code, run.stdout).to.equal(0);
      const report = json<VerifyJson>(run);
      expect(report.summary.valid).to.equal(15);
      expect(report.identity).to.deep.equal({ mode: "on", notChecked: 0 });
      expect(issuerCheck(report)).to.deep.include({ status: "passed", code: "IDENTITY_VERIFIED" });
      expect(issuerCheck(report).message).to.include(
        `The TXT record at _credanchor.${DOMAIN} names registry ${registry} on eip155:31337`,
      );
      expect(report.results[0].issuer?.domain).to.equal(DOMAIN);
      // One resolver for the run: one query for 15 credentials of one issuer.
      expect(dns.queries).to.deep.equal([`_credanchor.${DOMAIN} TXT`]);
      // The headline names the confirmed domain next to the name the file claims.
      const human = await cli("verify", credential(0), "--identity", "--dns-server", dnsServer);
      expect(human.stdout).to.match(/^✔ valid {2}/);
      expect(human.stdout).to.include(` · ${ISSUER_NAME} (${DOMAIN})\n`);
    });

    it("--no-identity on the local chain: still the local chain's verdict (public chains: test/sdk/identity/copycat.identity.test.ts)", async function () {
      const run = await cli("verify", credential(0), "--no-identity", "--json");
      expect(run.code, run.stdout).to.equal(0);
      const report = json<VerifyJson>(run);
      expect(report.identity).to.deep.equal({ mode: "off", notChecked: 1 });
      expect(issuerCheck(report)).to.deep.include({ status: "skipped", code: "ISSUER_NOT_CHECKED_LOCAL_CHAIN" });
      expect(dns.queries).to.deep.equal([]);

      const both = await cli("verify", "batch-1", "--identity", "--no-identity");
      expect(both.code).to.equal(2);
      expect(both.stderr).to.include("error: --identity and --no-identity contradict each other");
    });

    it("the copycat registry: a revoked credential pointed at a registry with the same profile is not valid once the binding is checked", async function () {
      // The attacker deploys a registry with the issuer's name and URL, from its own folder and key.
      const attackerDir = path.join(dir, "attacker");
      fs.mkdirSync(attackerDir);
      const attacker = (...args: string[]) =>
        runCli(args, { cwd: attackerDir, env: { LOCALHOST_RPC_URL: node.url, CREDANCHOR_PRIVATE_KEY: ATTACKER_KEY } });
      expect((await attacker("init", "--name", ISSUER_NAME, "--url", ISSUER_URL)).code).to.equal(0);
      const deployed = await attacker("deploy", "--json");
      expect(deployed.code, deployed.stderr).to.equal(0);
      const copycat = json<DeployJson>(deployed).address;
      expect(copycat.toLowerCase()).to.not.equal(registry.toLowerCase());

      // It anchors the issuer's root in its own registry and points a credential's anchor record at it.
      const client = createRegistryClient({
        chainId: 31337,
        rpcUrl: node.url,
        account: { privateKey: ATTACKER_KEY as Hex },
        confirmations: 1,
      });
      const anchored = await anchor(client, { registry: copycat as Hex, root, leafCount: 15 });
      const file = path.join(dir, credential(2));
      const forged = JSON.parse(fs.readFileSync(file, "utf8")) as { proof: unknown[] };
      editEntry(forged, (proof) => {
        proof.anchor = {
          ...proof.anchor!,
          registry: copycat as Hex,
          transactionHash: anchored.transactionHash,
          blockNumber: Number(anchored.blockNumber),
        };
      });
      fs.writeFileSync(path.join(dir, "forged.json"), JSON.stringify(forged, null, 2));

      // The issuer revokes the credential in its registry, and publishes its TXT record.
      const revoked = await cli("revoke", credential(2), "--reason", "issued-in-error");
      expect(revoked.code, revoked.stderr).to.equal(0);
      dns.zone.set(`_credanchor.${DOMAIN}`, [[txtValue(registry)]]);
      expect((await cli("verify", credential(2))).code).to.equal(1); // revoked, in the real registry

      // Nothing binds a registry on the local chain: without --identity the copy is "valid on a local
      // development chain, issuer not checked" (documented), never a plain valid.
      const local = json<VerifyJson>(await cli("verify", "forged.json", "--json"));
      expect(local.results[0]).to.deep.include({ verdict: "valid", localChain: true });
      expect(issuerCheck(local).code).to.equal("ISSUER_NOT_CHECKED_LOCAL_CHAIN");

      // With the binding checked by DNS, the copy is invalid: the domain names the real registry.
      const dnsOnly = await cli(
        "verify",
        "forged.json",
        "--identity",
        "--dns-server",
        dnsServer,
        "--identity-method",
        "dns",
        "--json",
      );
      expect(dnsOnly.code, dnsOnly.stdout).to.equal(1);
      const report = json<VerifyJson>(dnsOnly);
      expect(report.results[0].verdict).to.equal("invalid");
      expect(
        report.results[0].checks.filter((check) => check.status === "failed").map((check) => check.check),
      ).to.deep.equal(["issuer"]);
      expect(issuerCheck(report)).to.include({ status: "failed", code: "IDENTITY_REGISTRY_MISMATCH" });
      expect(issuerCheck(report).message).to.include(
        `The domain ${DOMAIN} does not name registry ${copycat} on eip155:31337, where this credential was anchored: the TXT record at _credanchor.${DOMAIN} names registry ${registry} on eip155:31337`,
      );
      const human = await cli(
        "verify",
        "forged.json",
        "--identity",
        "--dns-server",
        dnsServer,
        "--identity-method",
        "dns",
      );
      expect(human.stdout).to.match(/^✘ invalid {2}/);
      expect(human.stdout).to.match(/✘ issuer +.*does not name registry/);

      // With both methods, the did:web document of a .test domain cannot be fetched; the TXT record
      // naming another registry still disowns the copy: invalid (exit 1), not merely undecided.
      const both = json<VerifyJson>(
        await cli("verify", "forged.json", "--identity", "--dns-server", dnsServer, "--json"),
      );
      expect(both.results[0].verdict).to.equal("invalid");
      expect(both.summary.exitCode).to.equal(1);
      expect(issuerCheck(both)).to.include({ status: "failed", code: "IDENTITY_REGISTRY_MISMATCH" });
      expect(issuerCheck(both).message).to.include(`names registry ${registry} on eip155:31337`);
    });
  });
});
