/** `credanchor issue`: builds a batch of credentials from a template and a recipients file, offline. */
import fs from "node:fs";
import path from "node:path";
import {
  type BatchManifest,
  DELIVERY_FILE,
  issueBatch,
  type IssueBatchProgress,
  parseColumnMap,
  writeIssueDelivery,
} from "../../sdk/src/node";
import { ConfigError } from "../errors";
import { loadConfig } from "../lib/config";
import { loadSigningKey } from "../lib/signingKey";
import { booleanFlag, integerFlag, stringFlag, stringsFlag, requiredFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { COMMANDS_HINT } from "../lib/hints";
import type { Io } from "../lib/io";
import { formatDuration, plural, writeReport } from "../lib/output";
import { createProgress } from "../lib/progress";
import { issueSpec as spec } from "../specs/issue";

export interface IssueOptions {
  template: string;
  recipients: string;
  out: string;
  /** Put e-mail addresses in the credentials in plain text (default: salted hash). */
  includeEmail?: boolean;
  /** Worker threads for hashing; default the number of cores, 0 = in this thread. */
  workers?: number;
  /** Do not sign even when a signing key is configured. */
  noSign?: boolean;
  /** `--map COLUMN=FIELD`: recipients columns to use as these fields. */
  map?: string[];
  /** `--strict`: refuse recipients columns that are no recipient field. */
  strict?: boolean;
  /** `--allow-duplicates`: issue two credentials for one recipient. */
  allowDuplicates?: boolean;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `issue` (docs/CLI.md). */
export interface IssueJson {
  batchDir: string;
  manifest: BatchManifest;
  credentialsDir: string;
  /** The verification method of the issuer signature, or null when the credentials are not signed. */
  signedWith: string | null;
  /** DIR/delivery.csv: learner → credential file (SPEC.md section 10.2). */
  deliveryFile: string;
}

const PHASE_LABEL: Record<IssueBatchProgress["phase"], string> = {
  hashing: "hashing",
  tree: "building the tree",
  writing: "writing",
  done: "done",
};

/**
 * Builds the batch directory and prints its root.
 *
 * @example
 * await issue({ template: "template.json", recipients: "learners.csv", out: "batch-1" }, io);
 */
export async function issue(options: IssueOptions, io: Io): Promise<number> {
  const started = Date.now();
  const signing = options.noSign ? undefined : await signingFor(options, io);
  const progress = createProgress(io, { label: "issuing", enabled: !options.json });
  let result;
  try {
    result = await issueBatch({
      template: path.resolve(io.cwd, options.template),
      recipients: path.resolve(io.cwd, options.recipients),
      outDir: path.resolve(io.cwd, options.out),
      includeEmail: options.includeEmail,
      ...(options.map && options.map.length > 0 ? { columnMap: parseColumnMap(options.map) } : {}),
      strict: options.strict,
      allowDuplicates: options.allowDuplicates,
      onNote: (note) => io.stderr.write(`note: ${note}\n`),
      ...(signing ? { signingKey: signing.key, verificationMethod: signing.verificationMethod } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      onProgress: (event) => {
        const label = PHASE_LABEL[event.phase];
        if (event.total !== undefined) progress.update(event.done, event.total, label);
        else if (event.bytesTotal) progress.update(event.bytesRead ?? 0, event.bytesTotal, `${label}, read`, "bytes");
        else progress.update(event.done, undefined, label);
      },
    });
  } finally {
    progress.stop();
  }
  const { manifest } = result;
  // The same reading of the recipients file as the batch (its column map); the batch already decided
  // on duplicates and extra columns.
  await writeIssueDelivery(result.outDir, path.resolve(io.cwd, options.recipients), {
    ...(options.map && options.map.length > 0 ? { map: parseColumnMap(options.map) } : {}),
    allowDuplicates: true,
  });
  const credentialsDir = path.join(options.out, manifest.credentialsDir);
  const deliveryFile = path.join(options.out, DELIVERY_FILE);
  return writeReport(
    io,
    options.json,
    {
      batchDir: options.out,
      manifest,
      credentialsDir,
      signedWith: signing?.verificationMethod ?? null,
      deliveryFile,
    } satisfies IssueJson,
    (style) => {
      return [
        `${style.green("✔")} issued ${plural(manifest.leafCount, "credential")} in ${options.out} (${formatDuration(Date.now() - started)})`,
        `  issuer       ${manifest.issuer.name ?? manifest.issuer.id}`,
        `  root         ${manifest.root}`,
        signing
          ? `  signed       by ${signing.verificationMethod} (eddsa-rdfc-2022)`
          : `  signed       no${options.noSign ? " (--no-sign)" : ": no signing key configured (credanchor signing-key create)"}`,
        `  credentials  ${credentialsDir}${path.sep}`,
        `  delivery     ${deliveryFile} (who gets which file)`,
        ...(manifest.badgeImage
          ? [`  badge image  ${path.join(options.out, manifest.badgeImage)} (publish and deliver bake into it)`]
          : []),
        `  not anchored yet: the credentials do not verify until the root is on chain.`,
        "",
        COMMANDS_HINT.afterIssue(options.out),
      ];
    },
  );
}

/** The configured signing key; refuses a template whose issuer.id is not the configured issuer's. */
async function signingFor(options: IssueOptions, io: Io) {
  const loaded = loadConfig(io, options.config);
  const signing = await loadSigningKey(io, loaded);
  if (!signing) return undefined;
  const templateFile = path.resolve(io.cwd, options.template);
  let templateIssuer: unknown;
  try {
    templateIssuer = (JSON.parse(fs.readFileSync(templateFile, "utf8")) as { issuer?: { id?: unknown } }).issuer?.id;
  } catch {
    return signing; // issueBatch reports an unreadable or invalid template with its position
  }
  const configured = loaded.config.issuer.id;
  if (templateIssuer !== configured) {
    throw new ConfigError(
      `the template's issuer.id is ${JSON.stringify(templateIssuer)}, but the configured issuer (and signing key) is ${configured}`,
      {
        location: { file: options.template, pointer: "/issuer/id" },
        fix: `set issuer.id to "${configured}" in the template (a credential signed for another id never verifies), or pass --no-sign`,
      },
    );
  }
  return signing;
}

const required = (value: string | undefined, flag: string, what: string) =>
  requiredFlag(value, flag, what, "usage: credanchor issue --template T.json --recipients R.csv --out DIR");

export const issueCommand = defineCommand<IssueOptions>({
  spec,
  options: (args) => ({
    template: required(stringFlag(args, "template"), "template", "FILE"),
    recipients: required(stringFlag(args, "recipients"), "recipients", "FILE"),
    out: required(stringFlag(args, "out"), "out", "DIR"),
    includeEmail: booleanFlag(args, "include-email"),
    workers: integerFlag(args, "workers"),
    noSign: booleanFlag(args, "no-sign"),
    map: stringsFlag(args, "map"),
    strict: booleanFlag(args, "strict"),
    allowDuplicates: booleanFlag(args, "allow-duplicates"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: issue,
});
