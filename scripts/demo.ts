/**
 * `npm run demo`: the whole credanchor story on Hardhat's in-process network, with no setup.
 *
 * Three fictional issuers each deploy their own registry, issue a batch from the fixtures in
 * test/fixtures (telemedicine nurses, a data analytics career switch, industrial automation and AI),
 * and anchor it; a verifier checks every file; a nurse hides two fields before sharing and the copy
 * still verifies; a tampered copy fails; the issuer revokes one credential and it fails too.
 * Each issuer signs its credentials with its own Ed25519 key (eddsa-rdfc-2022, issuer id did:web:<domain>),
 * and a standard W3C verifier (@digitalbazaar/vc, a devDependency) checks one credential per issuer given
 * only that issuer's did.json, as `credanchor identity --json` prints it.
 *
 * Every step calls the same command function as the `credanchor` executable, so what it prints is
 * what the real command prints. The only difference: the network is `hardhat` (this process), which
 * the command line cannot reach; there you would start `npx hardhat node` and pass `--network localhost`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { anchor } from "../cli/commands/anchor";
import { deploy } from "../cli/commands/deploy";
import { disclose } from "../cli/commands/disclose";
import { identity, type IdentityJson } from "../cli/commands/identity";
import { init } from "../cli/commands/init";
import { issue } from "../cli/commands/issue";
import { revoke } from "../cli/commands/revoke";
import { signingKey } from "../cli/commands/signingKey";
import { stack } from "../cli/commands/stack";
import { verify } from "../cli/commands/verify";
import type { Io } from "../cli/lib/io";
import { formatDuration, stylesFor } from "../cli/lib/output";
import { printError } from "../cli/lib/report";
import { readManifest } from "../sdk/src/anchor/batchFiles";
import { credentialRelativePath } from "../sdk/src/batch/layout";
import { standardVerify, type DidDocument } from "../test/helpers/standardVerifier";
import { credentialFile } from "../test/helpers/credentialFiles";

/** Hardhat's first default account (mnemonic "test test … junk"): public knowledge, funded only on local chains. */
const HARDHAT_ACCOUNT_0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

const FIXTURES = path.join(__dirname, "..", "test", "fixtures");

/** The password that encrypts the demo issuers' signing keys (throwaway keys in a temporary folder). */
const DEMO_SIGNING_KEY_PASSWORD = "credanchor demo only";

/** The standard verifier's packages, by name and installed version. */
const STANDARD_PACKAGES = [
  "@digitalbazaar/vc",
  "@digitalbazaar/data-integrity",
  "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
];

function installedVersion(name: string): string {
  const file = path.join(__dirname, "..", "node_modules", ...name.split("/"), "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

interface Issuer {
  folder: string;
  name: string;
  url: string;
  template: string;
  recipients: string;
  story: string;
}

const ISSUERS: Issuer[] = [
  {
    folder: "nursing",
    name: "Northbridge School of Nursing (fictional)",
    url: "https://nursing.example.edu",
    template: "telemedicine-nursing.json",
    recipients: "nurses.csv",
    story: "a nursing school certifies registered nurses who completed its telemedicine specialization",
  },
  {
    folder: "academy",
    name: "Riverside Data Academy (fictional)",
    url: "https://academy.example.com",
    template: "data-analytics-career-switch.json",
    recipients: "data-analysts.jsonl",
    story: "a data academy awards its analytics certificate to career switchers (recipients from a JSONL export)",
  },
  {
    folder: "manufacturing",
    name: "Example Manufacturing Group Learning Center (fictional)",
    url: "https://learning.example.org",
    template: "industrial-automation-ai.json",
    recipients: "automation-staff.csv",
    story: "a manufacturer badges its staff in industrial automation and applied AI",
  },
];

async function main(): Promise<void> {
  const started = Date.now();
  const out = process.env.DEMO_OUT
    ? path.resolve(process.env.DEMO_OUT)
    : fs.mkdtempSync(path.join(os.tmpdir(), "credanchor-demo-"));
  fs.mkdirSync(out, { recursive: true });
  const style = stylesFor(process.stdout, process.env);

  // Each issuer's did.json, as `identity --json` prints it. A real issuer serves it at
  // https://<domain>/.well-known/did.json; the demo has no web server, so verify is handed them.
  const didDocuments: Record<string, DidDocument> = {};
  const ioIn = (folder: string): Io => ({
    stdout: process.stdout,
    stderr: process.stderr,
    // The demo sends with Hardhat's well-known account 0, in memory only (never printed or written).
    env: {
      ...process.env,
      CREDANCHOR_PRIVATE_KEY: HARDHAT_ACCOUNT_0_KEY,
      CREDANCHOR_SIGNING_KEY_PASSWORD: DEMO_SIGNING_KEY_PASSWORD,
    },
    cwd: folder,
    providers: { hardhat: hre.network.provider },
    didDocuments,
  });
  const step = (title: string, sentence: string) =>
    process.stdout.write(`\n${style.bold(style.cyan(`▶ ${title}`))}\n${sentence}\n`);
  const command = (where: string, line: string) =>
    process.stdout.write(`${style.dim(`${where}$ credanchor ${line}`)}\n`);
  const expectCode = async (wanted: number, run: Promise<number>) => {
    const code = await run;
    if (code !== wanted) throw new Error(`the step above exited ${code}, the demo expected ${wanted}`);
  };

  process.stdout.write(
    `${style.bold("credanchor demo")}: issue, anchor, verify, disclose and revoke micro-credentials on Hardhat's in-process chain.\n` +
      `Each step runs the real \`credanchor\` command (shown after $) with --network hardhat; files go to ${out}\n`,
  );

  for (const issuer of ISSUERS) {
    const folder = path.join(out, issuer.folder);
    fs.mkdirSync(folder, { recursive: true });
    const io = ioIn(folder);
    step(`${issuer.name}`, `Story: ${issuer.story}.`);

    process.stdout.write("The issuer writes its configuration, naming itself as its templates do.\n");
    command(`${issuer.folder}/`, `init --name "${issuer.name}" --url ${issuer.url}`);
    await expectCode(0, init({ name: issuer.name, url: issuer.url }, quiet(io)));

    const domain = new URL(issuer.url).hostname;
    process.stdout.write(
      `It creates its Ed25519 signing key (encrypted on disk); its credentials will carry an eddsa-rdfc-2022 signature by did:web:${domain}.\n`,
    );
    command(`${issuer.folder}/`, "signing-key create");
    await expectCode(0, signingKey({ action: "create" }, quiet(io)));

    process.stdout.write(
      "It deploys its own registry, whose on-chain profile names it, so verifiers can tell who anchored what.\n",
    );
    command(`${issuer.folder}/`, "deploy --network hardhat");
    await expectCode(0, deploy({ network: "hardhat" }, io));

    process.stdout.write(
      "It prints what to publish on its domain: a DNS TXT record and the did.json that lists its registry and its public key.\n",
    );
    command(`${issuer.folder}/`, `identity --domain ${domain} --network hardhat --json`);
    let printed = "";
    const capture: Io = { ...io, stdout: { write: (chunk: string) => ((printed += chunk), true) } };
    await expectCode(0, identity({ action: "records", domain, network: "hardhat", json: true }, capture));
    const didDocument = (JSON.parse(printed) as IdentityJson).records.didWeb.document as DidDocument;
    didDocuments[didDocument.id] = didDocument;
    fs.writeFileSync(path.join(folder, "did.json"), `${JSON.stringify(didDocument, null, 2)}\n`);
    process.stdout.write(`  → did.json (serve it at https://${domain}/.well-known/did.json)\n`);

    // The fixture templates name the issuer by its web address or DID; a signed credential names the DID.
    const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, "templates", issuer.template), "utf8")) as {
      issuer: { id: string };
    };
    fixture.issuer.id = `did:web:${domain}`;
    const template = path.join(folder, "template.json");
    fs.writeFileSync(template, `${JSON.stringify(fixture, null, 2)}\n`);
    const recipients = path.join(FIXTURES, "recipients", issuer.recipients);
    process.stdout.write(
      "It builds a batch offline: one signed credential per learner, salted digests, a Merkle tree.\n",
    );
    command(`${issuer.folder}/`, `issue --template ${rel(template)} --recipients ${rel(recipients)} --out batch-1`);
    await expectCode(0, issue({ template, recipients, out: "batch-1", workers: 0 }, io));

    process.stdout.write(
      "It anchors the batch's root with one transaction and writes the anchor record into every file.\n",
    );
    command(`${issuer.folder}/`, "anchor batch-1 --network hardhat");
    await expectCode(0, anchor({ dirs: ["batch-1"], network: "hardhat" }, io));
  }

  const verifier = ioIn(out);
  step(
    "A verifier",
    "An employer checks every credential file of the three issuers at once: format, integrity, inclusion, anchor, finality, revocation, suspension, dates, issuer and the issuer's signature.",
  );
  const batches = ISSUERS.map((i) => `${i.folder}/batch-1`);
  command("", `verify ${batches.join(" ")}`);
  await expectCode(0, verify({ paths: batches }, verifier));

  step(
    "Standard verifiers",
    "Software that knows nothing of credanchor checks one credential per issuer: the W3C VC 2.0 Data Integrity stack, given only the issuer's did.json and the bundled contexts.",
  );
  const standardName = STANDARD_PACKAGES.map((name) => `${name} ${installedVersion(name)}`).join(" + ");
  for (const issuer of ISSUERS) {
    const file = await credentialIn(out, path.join(issuer.folder, "batch-1"), 0);
    const credential = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as object;
    const result = await standardVerify(credential, Object.values(didDocuments));
    if (!result.verified) throw new Error(`${standardName} rejected ${file}: ${String(result.error)}`);
    process.stdout.write(`${style.green("✔")} accepted by ${standardName}  ${file}\n`);
  }

  const original = await credentialIn(out, path.join("nursing", "batch-1"), 0);
  step(
    "Selective disclosure",
    "A nurse shares her certificate without her e-mail identifier and her score; the hidden fields' hashes stay in the proof. The issuer's signature cannot survive a hidden field, so disclose removes it; the anchor proof still proves the content.",
  );
  command(
    "",
    `disclose ${original} --hide /credentialSubject/identifier --hide /credentialSubject/result --out shared.json`,
  );
  await expectCode(
    0,
    disclose(
      { file: original, hide: ["/credentialSubject/identifier", "/credentialSubject/result"], out: "shared.json" },
      verifier,
    ),
  );
  process.stdout.write(
    "The employer verifies the shared copy: still valid, and the integrity check counts the hidden fields.\n",
  );
  command("", "verify shared.json");
  await expectCode(0, verify({ paths: ["shared.json"] }, verifier));

  step("Tampering", "Someone edits the name in the shared copy; the digest no longer matches, so integrity fails.");
  const shared = JSON.parse(fs.readFileSync(path.join(out, "shared.json"), "utf8")) as {
    credentialSubject: { name: string };
  };
  shared.credentialSubject.name = "Someone Else";
  fs.writeFileSync(path.join(out, "tampered.json"), `${JSON.stringify(shared, null, 2)}\n`);
  command("", "verify tampered.json");
  await expectCode(1, verify({ paths: ["tampered.json"] }, verifier));

  const revoked = await credentialIn(path.join(out, "academy"), "batch-1", 1);
  step(
    "Revocation",
    "The data academy revokes a certificate it issued in error; from the next block on, every verifier sees it.",
  );
  command("academy/", `revoke ${revoked} --reason issued-in-error`);
  await expectCode(0, revoke({ files: [revoked], reason: "issued-in-error" }, ioIn(path.join(out, "academy"))));
  command("", `verify academy/${revoked}`);
  await expectCode(1, verify({ paths: [path.join("academy", revoked)] }, verifier));

  await stackStory(out, ioIn(path.join(out, "nursing")), verifier, step, command, expectCode);

  step(
    "Done",
    `in ${formatDuration(Date.now() - started)}. The files are in ${out}:\n` +
      ISSUERS.map(
        (i) =>
          `  ${i.folder}/credanchor.config.json, ${i.folder}/signing-key.json, ${i.folder}/did.json, ${i.folder}/deployments/hardhat.json, ${i.folder}/batch-1/{manifest.json,credentials/}`,
      ).join("\n") +
      "\n  shared.json (disclosed copy), tampered.json, nursing/modules-{1,2,3}/, nursing/holders/, nursing/stack-1/ (stacked credentials)\n" +
      'Next: run the same commands against a local node: `npx hardhat node` in one shell, then `npx credanchor init` and the steps of the README\'s "Issue your first batch" in another.',
  );
}

const NURSING_MODULES = ["telehealth-communication", "virtual-assessment", "remote-patient-monitoring"];
const NURSES = [
  { name: "Amara Okafor", email: "amara.okafor@example.org" },
  { name: "Chen Wei", email: "chen.wei@example.com" },
];

/**
 * The stack story (docs/SPEC.md section 11): the nursing school issues its three telemedicine modules
 * as separate batches, stacks a nurse's three modules into the specialization (a CLR 2.0
 * ClrCredential embedding them), refuses a nurse one module short with the reason, and revokes a
 * module afterwards: the stacked credential's verdict says which and when.
 */
async function stackStory(
  out: string,
  io: Io,
  verifier: Io,
  step: (title: string, sentence: string) => void,
  command: (where: string, line: string) => void,
  expectCode: (wanted: number, run: Promise<number>) => Promise<void>,
): Promise<void> {
  const folder = path.join(out, "nursing");
  const did = "did:web:nursing.example.edu";
  step(
    "Stackable credentials",
    "The nursing school issues its telemedicine specialization as three modules; Amara has all three, Chen is one module short.",
  );
  for (const [i, module] of NURSING_MODULES.entries()) {
    const template = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, "pathways", "components", `nursing-${module}.json`), "utf8"),
    ) as { issuer: { id: string } };
    template.issuer.id = did;
    fs.writeFileSync(path.join(folder, `module-${i + 1}.json`), `${JSON.stringify(template, null, 2)}\n`);
    const nurses = i === 2 ? NURSES.slice(0, 1) : NURSES;
    fs.writeFileSync(
      path.join(folder, `module-${i + 1}.csv`),
      `name,email\n${nurses.map((n) => `${n.name},${n.email}`).join("\n")}\n`,
    );
    await expectCode(
      0,
      issue(
        { template: `module-${i + 1}.json`, recipients: `module-${i + 1}.csv`, out: `modules-${i + 1}`, workers: 0 },
        quiet(io),
      ),
    );
  }
  command("nursing/", "issue --template module-N.json --recipients module-N.csv --out modules-N   (N = 1, 2, 3)");
  command("nursing/", "anchor modules-1 modules-2 modules-3 --network hardhat");
  await expectCode(0, anchor({ dirs: ["modules-1", "modules-2", "modules-3"], network: "hardhat" }, quiet(io)));

  const pathway = JSON.parse(fs.readFileSync(path.join(FIXTURES, "pathways", "telemedicine-nursing.json"), "utf8")) as {
    issuer: { id: string };
    requirements: { allOf: { issuer: string }[] };
  };
  pathway.issuer.id = did;
  for (const requirement of pathway.requirements.allOf) requirement.issuer = did;
  fs.writeFileSync(path.join(folder, "pathway.json"), `${JSON.stringify(pathway, null, 2)}\n`);
  const holders = NURSES.map((nurse, n) => {
    const learner = nurse.name.split(" ")[0].toLowerCase();
    const files: string[] = [];
    NURSING_MODULES.forEach((_, i) => {
      if (i === 2 && n > 0) return;
      const target = path.join(folder, "holders", learner, `module-${i + 1}.json`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(credentialFile(path.join(folder, `modules-${i + 1}`), n), target);
      files.push(`${learner}/module-${i + 1}.json`);
    });
    return { learner, email: nurse.email, files };
  });
  fs.writeFileSync(path.join(folder, "holders", "holders.json"), `${JSON.stringify(holders, null, 2)}\n`);
  process.stdout.write(
    "It stacks each nurse's modules along the pathway: every module is verified, the e-mail address is checked against each module's own salted hash, and those who qualify get a CLR 2.0 credential embedding their modules.\n",
  );
  command("nursing/", "stack issue --pathway pathway.json --holders holders --out stack-1 --network hardhat");
  await expectCode(
    0,
    stack(
      { action: "issue", pathway: "pathway.json", files: [], holders: "holders", out: "stack-1", network: "hardhat" },
      io,
    ),
  );
  command("nursing/", "anchor stack-1 --network hardhat");
  await expectCode(0, anchor({ dirs: ["stack-1"], network: "hardhat" }, quiet(io)));
  const stacked = await credentialIn(out, path.join("nursing", "stack-1"), 0);
  process.stdout.write("An employer verifies Amara's specialization: its own proofs and each module underneath.\n");
  command("", `verify ${stacked}`);
  await expectCode(0, verify({ paths: [stacked] }, verifier));

  step(
    "A module revoked after stacking",
    "The school revokes Amara's second module; the stack's verdict says which and when.",
  );
  const module2 = await credentialIn(folder, "modules-2", 0);
  command("nursing/", `revoke ${module2} --reason assessment-void`);
  await expectCode(0, revoke({ files: [module2], reason: "assessment-void" }, quiet(io)));
  command("", `verify ${stacked}`);
  await expectCode(1, verify({ paths: [stacked] }, verifier));
}

/**
 * The path of credential `index` of the batch `batch` (relative to `root`), relative to `root`: found
 * through the batch's manifest, as every reader of a batch finds it.
 */
async function credentialIn(root: string, batch: string, index: number): Promise<string> {
  const { manifest } = await readManifest(path.join(root, batch));
  return path.join(batch, credentialRelativePath(manifest, index));
}

/** The same io with stdout silenced (for `init`, whose "Next:" hints do not fit the demo). */
function quiet(io: Io): Io {
  return { ...io, stdout: { write: () => true } };
}

function rel(file: string): string {
  return path.relative(process.cwd(), file);
}

main().catch((error: unknown) => {
  printError({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }, error, {
    debug: true,
  });
  process.exitCode = 1;
});
