/**
 * Node-only (fs): `issueStack` checks every learner's component credentials against a pathway and
 * writes a batch directory of stacked credentials (ClrCredentials) for those who qualify, in the
 * same layout, with the same proofs, as `issueBatch` (docs/SPEC.md sections 5 and 11.4).
 */
import fs from "node:fs";
import path from "node:path";
import { createKeccak } from "hash-wasm";
import { prepareDigest } from "../canonical/prepareDigest";
import { formatDateTime } from "../credential/dateTime";
import { BatchOutputExistsError } from "../errors/batch";
import { StackError } from "../errors/stack";
import { hashLeaves } from "../merkle/hashLeaves";
import { parseHex32 } from "../canonical/hex";
import { merkleTreeFromLeaves } from "../merkle/merkleTreeFromLeaves";
import { credentialTextMiddle, credentialTextParts } from "../batch/batchJobs";
import { CREDENTIALS_DIR, MANIFEST_FILE, credentialBaseFileNameOf, uniqueFileNames } from "../batch/layout";
import { createCanonizer } from "../sign/canonize";
import type { EddsaRdfc2022Proof } from "../sign/eddsaRdfc2022";
import { signCredential } from "../sign/signCredential";
import type { SigningKey } from "../sign/signingKey";
import type { BatchManifest, Hex } from "../types";
import { newBatchManifest } from "../batch/newBatchManifest";
import type { VerifyOptions } from "../verify/types";
import { verifyCredentials } from "../verify/verifyCredentials";
import { buildClrCredential } from "./buildClrCredential";
import { assessStack, type StackCheckResult } from "./checkStack";
import { readPathway } from "./readPathway";

/** The holders manifest in a holders folder: one row per learner. */
export const HOLDERS_MANIFEST = "holders.json";
/** The report of a stack issue, written beside manifest.json. */
export const STACK_REPORT_FILE = "stack-report.json";

/** One learner of a holders folder. */
export interface HolderInput {
  /** A label: the subfolder's name, or the manifest row's `learner`. */
  learner: string;
  /** The component files (paths). */
  files: string[];
  email?: string;
  id?: string;
  name?: string;
}

export interface IssueStackOptions extends Omit<VerifyOptions, "files"> {
  /** The pathway file. */
  pathway: string;
  /** The holders folder: one subfolder of component files per learner, or a holders.json manifest. */
  holders: string;
  /** The batch directory to create (must not exist, or be empty). */
  outDir: string;
  /** Sign every stacked credential (eddsa-rdfc-2022); the pathway's issuer.id must be the key's DID. */
  signingKey?: SigningKey;
  verificationMethod?: string;
}

/** One learner's outcome. */
export interface StackLearnerReport {
  learner: string;
  qualifies: boolean;
  summary: string;
  /** The stacked credential's leaf index in the batch, when issued. */
  leafIndex?: number;
  check: StackCheckResult;
}

export interface IssueStackResult {
  /** The batch directory, when at least one learner qualified. */
  outDir?: string;
  manifest?: BatchManifest;
  learners: StackLearnerReport[];
}

interface HoldersRow {
  learner?: unknown;
  email?: unknown;
  id?: unknown;
  name?: unknown;
  files?: unknown;
}

/**
 * The learners of a holders folder: `holders.json` (an array of `{ learner, email?, id?, name?, files }`,
 * files relative to the folder) when present, else one learner per subfolder, each holding its
 * component credentials as `*.json` files (sorted by name).
 *
 * @example
 * readHolders("holders/") // [{ learner: "amara", files: ["holders/amara/m1.json", ...] }, ...]
 */
export function readHolders(dir: string): HolderInput[] {
  const manifest = path.join(dir, HOLDERS_MANIFEST);
  if (fs.existsSync(manifest)) {
    let rows: unknown;
    try {
      rows = JSON.parse(fs.readFileSync(manifest, "utf8"));
    } catch (error) {
      throw new StackError(`cannot read ${manifest}: ${(error as Error).message}`, {
        location: { file: manifest },
        fix: "Write holders.json as a JSON array of { learner, email, files } objects.",
      });
    }
    if (!Array.isArray(rows)) {
      throw new StackError("the holders manifest must be a JSON array", { location: { file: manifest, pointer: "" } });
    }
    return rows.map((value, i) => {
      const row = (value ?? {}) as HoldersRow;
      const at = (member: string) => ({ file: manifest, pointer: `/${i}/${member}` });
      if (!Array.isArray(row.files) || row.files.length === 0 || row.files.some((f) => typeof f !== "string")) {
        throw new StackError("files must be a non-empty array of file names", {
          location: at("files"),
          fix: "List the learner's component credential files, relative to the holders folder.",
        });
      }
      for (const member of ["learner", "email", "id", "name"] as const) {
        if (row[member] !== undefined && typeof row[member] !== "string")
          throw new StackError(`${member} must be text`, { location: at(member) });
      }
      return {
        learner: (row.learner as string | undefined) ?? `row ${i + 1}`,
        files: (row.files as string[]).map((f) => path.join(dir, f)),
        ...(row.email !== undefined ? { email: row.email as string } : {}),
        ...(row.id !== undefined ? { id: row.id as string } : {}),
        ...(row.name !== undefined ? { name: row.name as string } : {}),
      };
    });
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new StackError(`cannot read the holders folder ${dir}: ${(error as Error).message}`, {
      fix: "Give a folder with one subfolder of component credentials per learner, or a holders.json manifest.",
    });
  }
  const holders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((learner) => ({
      learner,
      files: fs
        .readdirSync(path.join(dir, learner))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(dir, learner, f)),
    }))
    .filter((h) => h.files.length > 0);
  if (holders.length === 0) {
    throw new StackError(`the holders folder ${dir} has no learners`, {
      fix: "Put each learner's component credentials (*.json) in a subfolder of their own, or write a holders.json manifest.",
    });
  }
  return holders;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new StackError(`cannot read the component ${file}: ${(error as Error).message}`, {
      location: { file },
      fix: "Check the file names in the holders folder or manifest.",
    });
  }
}

/**
 * Issues a batch of stacked credentials: reads the pathway and the holders folder, verifies every
 * component of every learner in one run (reads batched per chain), decides each learner
 * (`assessStack`), and for those who qualify builds a ClrCredential (`buildClrCredential`), digests,
 * optionally signs, and writes the batch directory (manifest.json, credentials/NNNNNN.json and
 * stack-report.json) ready for `anchor`. Learners who do not qualify are reported with the reason;
 * when none qualifies nothing is written.
 *
 * @example
 * const { manifest, learners } = await issueStack({ pathway: "p.json", holders: "holders", outDir: "stack-1", rpc });
 * for (const l of learners) console.log(l.learner, l.qualifies ? "issued" : l.summary);
 */
export async function issueStack(options: IssueStackOptions): Promise<IssueStackResult> {
  const { pathway: pathwayFile, holders: holdersDir, outDir: out, signingKey, verificationMethod, ...verify } = options;
  const outDir = path.resolve(out);
  if (fs.existsSync(outDir) && (!fs.statSync(outDir).isDirectory() || fs.readdirSync(outDir).length > 0)) {
    throw new BatchOutputExistsError(out);
  }
  const pathwayBytes = fs.readFileSync(pathwayFile);
  const pathway = readPathway(pathwayFile);
  const holders = readHolders(holdersDir);
  const texts = holders.map((h) => h.files.map(readText));
  const all = texts.flat();
  const files = holders.flatMap((h) => h.files.map((f) => path.relative(holdersDir, f)));
  const now = verify.now === undefined ? new Date() : new Date(verify.now);
  const results = await verifyCredentials(all, { ...verify, now, files });

  const learners: StackLearnerReport[] = [];
  const issued: { credential: Record<string, unknown>; report: StackLearnerReport }[] = [];
  let offset = 0;
  holders.forEach((holder, h) => {
    const count = texts[h].length;
    const check = assessStack(pathway, texts[h], results.slice(offset, offset + count), {
      files: files.slice(offset, offset + count),
      learner: { ...(holder.email ? { email: holder.email } : {}), ...(holder.id ? { id: holder.id } : {}) },
      now,
    });
    offset += count;
    const report: StackLearnerReport = {
      learner: holder.learner,
      qualifies: check.qualifies,
      summary: check.summary,
      check,
    };
    learners.push(report);
    if (!check.qualifies) return;
    const used = check.evaluation.requirements.filter((r) => r.met).map((r) => r.component!);
    const components = used.map((i) => JSON.parse(texts[h][i]) as Record<string, unknown>);
    const learnerId = holder.id ?? check.learner.id;
    const email = holder.email ?? check.learner.email;
    if (learnerId === undefined && email === undefined) {
      report.qualifies = false;
      report.summary = `${check.summary}; the learner has no id and no e-mail address to name them by`;
      return;
    }
    const credential = buildClrCredential({
      pathway,
      components,
      learner: {
        ...(learnerId !== undefined ? { id: learnerId } : {}),
        ...(learnerId === undefined && email !== undefined ? { email } : {}),
        ...((holder.name ?? check.learner.name) !== undefined ? { name: holder.name ?? check.learner.name } : {}),
      },
      now,
    });
    issued.push({ credential: credential as unknown as Record<string, unknown>, report });
  });
  if (issued.length === 0) return { learners };

  // The batch, as issueBatch writes it: digests → leaves → tree → files with their proofs.
  const created = formatDateTime(now);
  const digests = new Uint8Array(32 * issued.length);
  const parts: [string, string, Hex][] = [];
  const canonizer = signingKey ? createCanonizer() : undefined;
  for (let i = 0; i < issued.length; i++) {
    const { credential } = issued[i];
    const { digest, salts } = prepareDigest(credential);
    parseHex32(digest, digests, 32 * i);
    let signature: EddsaRdfc2022Proof | undefined;
    if (signingKey) {
      const signed = await signCredential({ credential, signer: signingKey, verificationMethod, created, canonizer });
      signature = signed.proof[0] as EddsaRdfc2022Proof;
    }
    parts.push(credentialTextParts(JSON.stringify(credential, null, 2), created, digest, salts, signature));
    issued[i].report.leafIndex = i;
  }
  const tree = merkleTreeFromLeaves(hashLeaves(digests));
  const hasher = await createKeccak(256);
  hasher.update(pathwayBytes);
  for (const text of all) hasher.update(text);

  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const partial = path.join(parent, `.${path.basename(outDir)}.partial-${process.pid}`);
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    fs.mkdirSync(path.join(partial, CREDENTIALS_DIR), { recursive: true });
    // named for the learner, as issueBatch names its files (SPEC.md 5.3)
    const files = uniqueFileNames(
      issued.map(({ credential }) =>
        credentialBaseFileNameOf(credential as { id: string; credentialSubject?: unknown }),
      ),
    );
    for (const { index, path: proofPath } of tree.proofs()) {
      const [head, tail, cbor] = parts[index];
      fs.writeFileSync(
        path.join(partial, CREDENTIALS_DIR, files[index]),
        head + credentialTextMiddle(tree.root, index, proofPath, cbor) + tail,
      );
    }
    const manifest = newBatchManifest({
      root: tree.root,
      leafCount: tree.leafCount,
      inputHash: `0x${hasher.digest("hex")}` as Hex,
      createdAt: created,
      issuer: pathway.issuer,
      files,
    });
    fs.writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const report = learners.map((l) => ({
      learner: l.learner,
      qualifies: l.qualifies,
      summary: l.summary,
      ...(l.leafIndex !== undefined ? { leafIndex: l.leafIndex } : {}),
      missing: l.check.evaluation.missing,
      problems: l.check.learner.problems,
      components: l.check.components.map((c) => ({
        file: c.file,
        status: c.result.status,
        ...(c.meets !== undefined ? { meets: c.meets } : {}),
        ...(c.result.status !== "valid" ? { reason: c.result.summary } : {}),
      })),
    }));
    fs.writeFileSync(
      path.join(partial, STACK_REPORT_FILE),
      `${JSON.stringify({ pathway: pathwayFile, learners: report }, null, 2)}\n`,
    );
    if (fs.existsSync(outDir)) fs.rmdirSync(outDir);
    fs.renameSync(partial, outDir);
    return { outDir, manifest, learners };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
