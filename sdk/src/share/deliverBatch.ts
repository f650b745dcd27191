/**
 * Node-only: e-mails each learner of a batch their credential (SPEC.md section 10.5), through an SMTP
 * server, resumably. A journal (`deliver.journal.json`) records each message as `sending` (with the
 * Message-ID it will carry) before it goes to the server and `sent` (with the server's answer) after,
 * each write atomic and fsynced. A second run sends only what the journal does not record as sent.
 * An entry left `sending` (the process died while the server had the message, or just before) is
 * never sent again on its own: the learner may already have it. It is reported, with its Message-ID
 * to look up in the server's log, and sent again only with `resendUncertain`.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { readManifest } from "../anchor/batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { DeliveryError } from "../errors/share";
import { badgeImagePng, bakedBadgePng } from "./bakedBadge";
import { readBatchBadgeImage } from "../batch/batchBadgeImage";
import { credentialFacts, type CredentialFacts } from "./credentialFacts";
import { DELIVERY_FILE, type DeliveryRow } from "./deliveryCsv";
import { readDeliveryFile } from "./deliveryFile";
import { linkedInAddToProfileUrl } from "./linkedInAddToProfileUrl";

import { DELIVERY_JOURNAL_FILE } from "./layout";
import { readTextIfExists } from "../files/readTextIfExists";
export const DELIVERY_JOURNAL_FORMAT = "credanchor-deliver-journal/1" as const;

/** Steps of a delivery, reported to `onCheckpoint` right after each (crash tests kill the process there). */
export type DeliveryCheckpoint = "deliver:journal-sending" | "deliver:after-send" | "deliver:journal-sent";

export interface DeliveryJournalEntry {
  state: "sending" | "sent" | "failed";
  to: string;
  /** The Message-ID header the message carries (chosen before sending). */
  messageId: string;
  /** When the state was recorded (ISO 8601). */
  at: string;
  /** The server's reply for `sent`, the error for `failed`. */
  response?: string;
}

export interface DeliveryJournal {
  format: typeof DELIVERY_JOURNAL_FORMAT;
  /** Credential file (relative to the batch directory) → what happened to its e-mail. */
  entries: Record<string, DeliveryJournalEntry>;
}

export interface DeliverBatchOptions {
  /** `smtp://host:port` or `smtps://host:port` (nodemailer's URL form, without user or password). */
  smtpUrl: string;
  /** SMTP login, from the caller's environment; never logged. */
  auth?: { user: string; pass: string };
  /** The sender, e.g. `"Example University" <credentials@example.edu>`. */
  from: string;
  /** The subject; `{achievement}` is replaced with the achievement's name. */
  subject?: string;
  /** Build every message, send none, write nothing. */
  dryRun?: boolean;
  /** Send again the messages the journal left `sending` (the learner may get them twice). */
  resendUncertain?: boolean;
  /** The issuer's LinkedIn organization id (else LinkedIn gets the issuer's name). */
  linkedInOrganizationId?: string | number;
  /**
   * The badge image (PNG or SVG bytes) each attached PNG bakes the credential into. Default: the
   * batch's own (manifest `badgeImage`: the template's, copied by issue), else a drawn badge.
   */
  badgeImage?: Uint8Array;
  onCheckpoint?: (name: DeliveryCheckpoint) => void;
  /** Called after each learner. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export type DeliveryOutcome = "sent" | "already-sent" | "uncertain" | "no-email" | "failed" | "would-send";

export interface DeliveredCredential {
  file: string;
  name: string;
  to: string;
  outcome: DeliveryOutcome;
  messageId?: string;
  /** Why, for `failed`, `uncertain` and `no-email`. */
  reason?: string;
}

export interface DeliverBatchResult {
  results: DeliveredCredential[];
  sent: number;
  alreadySent: number;
  uncertain: number;
  failed: number;
  noEmail: number;
}

export const DEFAULT_SUBJECT = "Your credential: {achievement}";

/**
 * Sends each learner of a batch their credential.
 *
 * @example
 * const result = await deliverBatch("batch-1", {
 *   smtpUrl: "smtp://mail.example.edu:587",
 *   auth: { user: process.env.CREDANCHOR_SMTP_USER!, pass: process.env.CREDANCHOR_SMTP_PASSWORD! },
 *   from: "credentials@example.edu",
 * });
 */
export async function deliverBatch(batchDir: string, options: DeliverBatchOptions): Promise<DeliverBatchResult> {
  const { manifest } = await readManifest(batchDir);
  // Read (and an SVG rendered) once for the run, before anything is sent.
  const badgeImage = badgeImagePng(options.badgeImage ?? readBatchBadgeImage(batchDir, manifest));
  const rows = await readDeliveryFile(batchDir);
  if (!rows) {
    throw new DeliveryError(`the batch has no ${DELIVERY_FILE}`, {
      location: { file: path.join(batchDir, DELIVERY_FILE) },
      fix: "`credanchor issue` writes it (with the recipients' e-mail addresses); issue the batch again with this version.",
    });
  }
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1];
  if (!fromDomain) {
    throw new DeliveryError(`the sender "${options.from}" has no e-mail address`, {
      fix: 'Give --from an address: credentials@example.edu or "Example University <credentials@example.edu>".',
    });
  }
  const journal = (await readDeliveryJournal(batchDir)) ?? { format: DELIVERY_JOURNAL_FORMAT, entries: {} };
  const save = () =>
    writeFileAtomic(path.join(batchDir, DELIVERY_JOURNAL_FILE), JSON.stringify(journal, null, 2) + "\n", {
      fsync: true,
    });
  // nodemailer loads here, not at the top: only delivery sends mail, and every other command of the CLI
  // imports this module through the entry point (~39 modules, ~60 ms of CPU per process).
  const transport = options.dryRun
    ? undefined
    : (await import("nodemailer")).default.createTransport({
        url: options.smtpUrl,
        ...(options.auth ? { auth: options.auth } : {}),
      });
  if (transport) {
    // Connect and log in once before anything is recorded: a wrong host or password stops here.
    try {
      await transport.verify();
    } catch (error) {
      transport.close();
      throw new DeliveryError(`cannot use the SMTP server ${redactUrl(options.smtpUrl)}: ${(error as Error).message}`, {
        fix: "Check --smtp (host, port; smtps:// for port 465) and the login in the environment. Nothing was sent.",
        cause: error,
      });
    }
  }
  const results: DeliveredCredential[] = [];
  try {
    for (const row of rows) {
      const result = await deliverOne(row);
      results.push(result);
      options.onProgress?.({ done: results.length, total: rows.length });
    }
  } finally {
    transport?.close();
  }
  const count = (outcome: DeliveryOutcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    results,
    sent: count("sent"),
    alreadySent: count("already-sent"),
    uncertain: count("uncertain"),
    failed: count("failed"),
    noEmail: count("no-email"),
  };

  async function deliverOne(row: DeliveryRow): Promise<DeliveredCredential> {
    const base = { file: row.file, name: row.name, to: row.email };
    if (row.email === "") return { ...base, outcome: "no-email", reason: "the recipients file gave no e-mail address" };
    const previous = journal.entries[row.file];
    if (previous?.state === "sent") return { ...base, outcome: "already-sent", messageId: previous.messageId };
    if (previous?.state === "sending" && !options.resendUncertain) {
      return {
        ...base,
        outcome: "uncertain",
        messageId: previous.messageId,
        reason: `a run stopped while sending it (${previous.at}): the server may have accepted it`,
      };
    }
    const message = await buildMessage(batchDir, row, { ...options, badgeImage }, fromDomain!);
    if (options.dryRun) return { ...base, outcome: "would-send", messageId: message.messageId };

    journal.entries[row.file] = { state: "sending", to: row.email, messageId: message.messageId, at: now() };
    await save();
    options.onCheckpoint?.("deliver:journal-sending");
    let info: { messageId?: string; response?: string; rejected?: unknown[] };
    try {
      info = (await transport!.sendMail(message)) as typeof info;
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      if (typeof responseCode === "number" || NOT_CONNECTED.has(code ?? "")) {
        // The server answered with an error, or was never reached: it does not have the message.
        const reason = `the server refused it: ${(error as Error).message}`;
        journal.entries[row.file] = { ...journal.entries[row.file], state: "failed", at: now(), response: reason };
        await save();
        return { ...base, outcome: "failed", messageId: message.messageId, reason };
      }
      // No answer (connection lost, timeout): the server may have it. Stays `sending`; stop here.
      throw new DeliveryError(`lost the SMTP server while sending to ${row.email}: ${(error as Error).message}`, {
        details: `The journal keeps this message as "sending" (Message-ID ${message.messageId}); the next run reports it instead of sending it again.`,
        fix: "Check the server, then run the same command again; it sends only what was not sent.",
        cause: error,
      });
    }
    options.onCheckpoint?.("deliver:after-send");
    journal.entries[row.file] = {
      state: "sent",
      to: row.email,
      messageId: message.messageId,
      at: now(),
      response: info.response,
    };
    await save();
    options.onCheckpoint?.("deliver:journal-sent");
    return { ...base, outcome: "sent", messageId: message.messageId };
  }
}

/**
 * The batch's delivery journal, or undefined when nothing was sent yet.
 *
 * @example
 * (await readDeliveryJournal("batch-1"))?.entries["credentials/ada-lovelace-cc37a8.json"].state // "sent"
 */
export async function readDeliveryJournal(batchDir: string): Promise<DeliveryJournal | undefined> {
  const file = path.join(batchDir, DELIVERY_JOURNAL_FILE);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const journal = parseCredentialJson(text, { file }) as unknown as DeliveryJournal;
  if (journal?.format !== DELIVERY_JOURNAL_FORMAT || typeof journal.entries !== "object" || journal.entries === null) {
    throw new DeliveryError(`${DELIVERY_JOURNAL_FILE} is not a credanchor delivery journal`, {
      location: { file, pointer: "/format" },
      fix: "Restore it: it records who was already e-mailed. Without it, a run would e-mail everyone again.",
    });
  }
  return journal;
}

/** One learner's e-mail: text and HTML bodies, the credential JSON and the baked badge attached. */
export interface DeliveryMessage {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Builds the e-mail for one delivery.csv row (exported for tests and `--dry-run`).
 *
 * @example
 * const message = await buildMessage("batch-1", rows[0], { from: "credentials@example.edu", smtpUrl: "" }, "example.edu");
 */
export async function buildMessage(
  batchDir: string,
  row: DeliveryRow,
  options: Pick<DeliverBatchOptions, "from" | "subject" | "linkedInOrganizationId"> & {
    /** PNG bytes to bake into (badgeImagePng); default a drawn badge. */
    badgeImage?: Uint8Array;
  },
  fromDomain: string,
): Promise<DeliveryMessage> {
  const file = path.join(batchDir, row.file);
  const text = await fs.readFile(file, "utf8");
  const credential = parseCredentialJson(text, { file });
  const facts = credentialFacts(credential);
  const linkedInUrl =
    row.linkedInUrl ||
    linkedInAddToProfileUrl(credential, {
      certUrl: row.shareUrl || undefined,
      organizationId: options.linkedInOrganizationId,
    });
  const achievement = facts.achievementName ?? "your credential";
  const subject = (options.subject ?? DEFAULT_SUBJECT).replace(/\{achievement\}/g, achievement);
  const stem = fileStem(facts, row);
  const attachments = [
    { filename: `${stem}.json`, content: Buffer.from(text, "utf8"), contentType: "application/json" },
  ];
  const png = bakedBadgePng(text, facts, credential, options.badgeImage);
  if (png) attachments.push({ filename: `${stem}.png`, content: Buffer.from(png), contentType: "image/png" });
  return {
    from: options.from,
    to: row.email,
    subject,
    messageId: `<credanchor.${randomBytes(12).toString("hex")}@${fromDomain}>`,
    text: textBody(row, facts, linkedInUrl, png !== undefined),
    html: htmlBody(row, facts, linkedInUrl, png !== undefined),
    attachments,
  };
}

function textBody(row: DeliveryRow, facts: CredentialFacts, linkedInUrl: string, baked: boolean): string {
  const lines = [
    `Dear ${row.name || "learner"},`,
    "",
    `${facts.issuerName ?? "The issuer"} has issued you a credential: ${facts.achievementName ?? ""}.`,
    "",
  ];
  if (row.shareUrl) lines.push("See it verified, and share it, at:", row.shareUrl, "");
  lines.push("Add it to your LinkedIn profile:", linkedInUrl, "");
  lines.push(
    baked
      ? "Attached: the credential (.json) and your badge image (.png), which holds the same credential. Keep both."
      : "Attached: the credential (.json). Keep it: anyone can verify it.",
  );
  return lines.join("\n") + "\n";
}

function htmlBody(row: DeliveryRow, facts: CredentialFacts, linkedInUrl: string, baked: boolean): string {
  const e = escapeHtml;
  const button = (href: string, label: string, color: string) =>
    `<a href="${e(href)}" style="display:inline-block;padding:10px 16px;margin:4px 8px 4px 0;border-radius:6px;background:${color};color:#fff;text-decoration:none;font-weight:600">${e(label)}</a>`;
  return [
    "<!doctype html>",
    '<html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">',
    `<p>Dear ${e(row.name || "learner")},</p>`,
    `<p>${e(facts.issuerName ?? "The issuer")} has issued you a credential: <strong>${e(facts.achievementName ?? "")}</strong>.</p>`,
    "<p>",
    row.shareUrl ? button(row.shareUrl, "View and verify", "#0b4fc4") : "",
    button(linkedInUrl, "Add to LinkedIn", "#0a66c2"),
    "</p>",
    row.shareUrl ? `<p>Your link: <a href="${e(row.shareUrl)}">${e(row.shareUrl)}</a></p>` : "",
    `<p>${
      baked
        ? "Attached: the credential (.json) and your badge image (.png), which holds the same credential. Keep both."
        : "Attached: the credential (.json). Keep it: anyone can verify it."
    }</p>`,
    "</body></html>",
  ].join("\n");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An attachment name a person recognises: the achievement's slug, else the credential file's name. */
function fileStem(facts: CredentialFacts, row: DeliveryRow): string {
  const slug = (facts.achievementName ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return slug || path.basename(row.file, ".json");
}

/** nodemailer's codes for a message that never reached the server (no connection, no DNS, no login). */
const NOT_CONNECTED = new Set(["ECONNECTION", "EDNS", "EAUTH", "ETLS", "ENOAUTH"]);

/** The SMTP URL without anything after the port (a query may hold options, never a login: the CLI refuses that). */
function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(the --smtp URL)";
  }
}

function now(): string {
  return new Date().toISOString();
}
