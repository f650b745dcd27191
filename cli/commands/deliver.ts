/** `credanchor deliver`: e-mails each learner their credential, resumably, through an SMTP server. */
import path from "node:path";
import {
  deliverBatch,
  type DeliveredCredential,
  DELIVERY_JOURNAL_FILE,
  type DeliveryCheckpoint,
  DeliveryError,
} from "../../sdk/src/node";
import { UsageError } from "../errors";
import { booleanFlag, stringFlag, requiredFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { loadConfig } from "../lib/config";
import { resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { plural, writeReport } from "../lib/output";
import { createProgress } from "../lib/progress";
import { SMTP_PASSWORD_ENV, SMTP_USER_ENV } from "../lib/names";
import { deliverSpec as spec } from "../specs/deliver";

export { SMTP_PASSWORD_ENV, SMTP_USER_ENV };

export interface DeliverOptions {
  dir: string;
  smtp: string;
  from: string;
  subject?: string;
  dryRun?: boolean;
  resendUncertain?: boolean;
  linkedInOrg?: string;
  config?: string;
  json?: boolean;
  /** Tests: called at each step (the crash tests kill the process there). */
  onCheckpoint?: (name: DeliveryCheckpoint) => void;
}

/** `--json` shape of `deliver` (docs/CLI.md). */
export interface DeliverJson {
  batchDir: string;
  dryRun: boolean;
  sent: number;
  alreadySent: number;
  uncertain: number;
  failed: number;
  noEmail: number;
  results: DeliveredCredential[];
}

/**
 * Sends the e-mails and prints what happened to each.
 *
 * @example
 * await deliver({ dir: "batch-1", smtp: "smtp://127.0.0.1:2525", from: "credentials@example.edu" }, io);
 */
export async function deliver(options: DeliverOptions, io: Io): Promise<number> {
  const smtpUrl = checkSmtpUrl(options.smtp);
  const user = io.env[SMTP_USER_ENV];
  const pass = io.env[SMTP_PASSWORD_ENV];
  if ((user === undefined) !== (pass === undefined)) {
    throw new UsageError(`${user === undefined ? SMTP_USER_ENV : SMTP_PASSWORD_ENV} is not set`, {
      fix: `set both ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV} for a server that needs a login, or neither`,
    });
  }
  const progress = createProgress(io, { label: options.dryRun ? "building" : "sending", enabled: !options.json });
  let result;
  try {
    result = await deliverBatch(resolvePath(io, options.dir), {
      smtpUrl,
      auth: user !== undefined && pass !== undefined ? { user, pass } : undefined,
      from: options.from,
      subject: options.subject,
      dryRun: options.dryRun,
      resendUncertain: options.resendUncertain,
      linkedInOrganizationId:
        options.linkedInOrg ?? loadConfig(io, options.config).config.issuer.linkedInOrganizationId,
      onCheckpoint: options.onCheckpoint,
      onProgress: ({ done, total }) => progress.update(done, total, options.dryRun ? "built" : "handled"),
    });
  } finally {
    progress.stop();
  }
  const uncertain = result.results.filter((r) => r.outcome === "uncertain");
  const failed = result.results.filter((r) => r.outcome === "failed");
  const code = uncertain.length > 0 || failed.length > 0 ? 1 : 0;
  return writeReport(
    io,
    options.json,
    { batchDir: options.dir, dryRun: options.dryRun ?? false, ...result } satisfies DeliverJson,
    (style) => {
      const lines: string[] = [];
      if (options.dryRun) {
        const would = result.results.filter((r) => r.outcome === "would-send");
        lines.push(`${style.bold("dry run")}: would send ${plural(would.length, "e-mail")} (nothing sent)`);
        for (const r of would) lines.push(`  ${r.to}  ${r.name}  ${r.file}`);
      } else {
        lines.push(
          `${code === 0 ? style.green("✔") : style.yellow("!")} sent ${plural(result.sent, "e-mail")}` +
            (result.alreadySent > 0 ? `, ${result.alreadySent} already sent before` : ""),
        );
      }
      if (result.noEmail > 0) lines.push(`  ${plural(result.noEmail, "learner")} without an e-mail address (not sent)`);
      for (const r of failed) lines.push(`  ${style.red("✘")} ${r.to} (${r.file}): ${r.reason}`);
      if (uncertain.length > 0) {
        lines.push(
          `  ${style.yellow("?")} ${plural(uncertain.length, "e-mail")} may or may not have been sent (a run stopped while sending):`,
          ...uncertain.map((r) => `      ${r.to} (${r.file}), Message-ID ${r.messageId}`),
          "    Look the Message-ID up in the SMTP server's log or ask the learner. Not sent again, so nobody gets it twice;",
          `    to send them anyway: credanchor deliver ${options.dir} … --resend-uncertain`,
        );
      }
      if (failed.length > 0) lines.push(`    Run the same command again to retry the refused ones.`);
      lines.push(`  journal      ${path.join(options.dir, DELIVERY_JOURNAL_FILE)}`);
      return lines;
    },
    code,
  );
}

/** The SMTP URL, refused when it carries a login (it would show in the process list and shell history). */
function checkSmtpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--smtp "${value}" is not a URL`, { fix: "write smtp://host:587 or smtps://host:465" });
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new UsageError(`--smtp must be an smtp:// or smtps:// URL, not ${url.protocol}//`, {
      fix: "write smtp://host:587 or smtps://host:465",
    });
  }
  if (url.username !== "" || url.password !== "") {
    // Never echo the value: it holds a password.
    throw new DeliveryError("--smtp carries a user name or password", {
      fix: `remove them from the URL and set ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV} instead (a password in a command line is visible to other users and kept in shell history)`,
    });
  }
  return url.href;
}

export const deliverCommand = defineCommand<DeliverOptions>({
  spec,
  options: (args) => ({
    dir: args.positionals[0],
    smtp: requiredFlag(stringFlag(args, "smtp"), "smtp", "URL", spec),
    from: requiredFlag(stringFlag(args, "from"), "from", "ADDR", spec),
    subject: stringFlag(args, "subject"),
    dryRun: booleanFlag(args, "dry-run"),
    resendUncertain: booleanFlag(args, "resend-uncertain"),
    linkedInOrg: stringFlag(args, "linkedin-org"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: deliver,
});
