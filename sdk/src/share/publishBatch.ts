/**
 * Node-only: publishes an anchored batch as a static site (SPEC.md section 10.3). Each credential is
 * copied to `SITE/<share id>.json` (128 random bits; no index or listing), the built verifier page is
 * copied beside them, and the batch directory records the ids (`publish.json`, written before any
 * file is copied, so a re-run or a run after a crash reuses them) and gets a QR code per share URL
 * (`qr/<file>.svg` and `.png`) and the links in delivery.csv. Beside each `<id>.json` goes its baked
 * badge `<id>.png` (the credential baked into the drawn default badge or the given badge image),
 * written only when its bytes change. Every file is written atomically.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { readManifest, credentialPath } from "../anchor/batchFiles";
import { writeFileAtomic } from "../files/writeFileAtomic";
import { listBatchFiles } from "../batch/layout";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { ShareError } from "../errors/share";
import { badgeImagePng, bakedBadgePng } from "./bakedBadge";
import { readBatchBadgeImage } from "../batch/batchBadgeImage";
import { credentialFacts } from "./credentialFacts";
import { readDeliveryFile, writeDeliveryFile } from "./deliveryFile";
import { linkedInAddToProfileUrl } from "./linkedInAddToProfileUrl";
import { generateShareId, normalizeBaseUrl, shareUrl, SHARE_ID_PATTERN } from "./shareLink";
import type { DeliveryRow } from "./deliveryCsv";

import { PUBLISH_FILE, QR_DIR } from "./layout";
import { readTextIfExists } from "../files/readTextIfExists";
export const PUBLISH_FORMAT = "credanchor-publish/1" as const;

/** publish.json: which share id each credential file has (and where it was last published). */
export interface PublishRecord {
  format: typeof PUBLISH_FORMAT;
  baseUrl: string;
  /** Credential file (relative to the batch directory) → its share id. */
  ids: Record<string, string>;
  /**
   * Credential file → its baked badge in the site (`<share id>.png`). Absent in records written
   * before publish wrote badges.
   */
  badges?: Record<string, string>;
}

export interface PublishBatchOptions {
  /** The public URL of the site's folder, ending in `/` (e.g. `https://credentials.example.edu/c/`). */
  baseUrl: string;
  /** The site folder to write (created when missing). */
  outDir: string;
  /** The built verifier page (web/dist); its files are copied into `outDir`. */
  pageDir: string;
  /** The issuer's LinkedIn organization id (else LinkedIn gets the issuer's name). */
  linkedInOrganizationId?: string | number;
  /**
   * Where the `<id>.json` files will be served from, when not beside the page (another origin, e.g. a
   * bucket, which must then send `Access-Control-Allow-Origin`): written into the page's
   * `<meta name="credanchor-credentials">`. Default: beside the page.
   */
  credentialsUrl?: string;
  /**
   * The issuer's badge image (PNG or SVG bytes, e.g. a template's badgeImage): each `<id>.png` is this
   * image (an SVG rendered to PNG, 600 px wide) with the credential baked in. Default: the
   * batch's own badge image (manifest `badgeImage`: the template's, copied by issue), else
   * credanchor's drawn badge (achievement, issuer, date).
   */
  badgeImage?: Uint8Array;
  /** Random bytes for share ids (tests); default the platform's CSPRNG. */
  randomBytes?: (n: number) => Uint8Array;
}

export interface PublishedCredential {
  index: number;
  file: string;
  credentialId: string;
  shareId: string;
  shareUrl: string;
  linkedInUrl: string;
  /** The baked badge, relative to the site folder: `<share id>.png`. */
  badgePng: string;
  /** Its URL: `<base-url><share id>.png`. */
  badgeUrl: string;
  /** QR code files, relative to the batch directory. */
  qrPng: string;
  qrSvg: string;
  /** True when this run gave the credential its share id (false: reused from publish.json). */
  new: boolean;
}

export interface PublishBatchResult {
  baseUrl: string;
  outDir: string;
  credentials: PublishedCredential[];
}

/**
 * Publishes an anchored batch directory into a static site folder.
 *
 * @example
 * const { credentials } = await publishBatch("batch-1", {
 *   baseUrl: "https://credentials.example.edu/c/",
 *   outDir: "site",
 *   pageDir: "web/dist",
 * });
 * credentials[0].shareUrl // "https://credentials.example.edu/c/#q3J9w0cV2m9kq8Xb1YtH4A"
 */
export async function publishBatch(batchDir: string, options: PublishBatchOptions): Promise<PublishBatchResult> {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const credentialsUrl = options.credentialsUrl === undefined ? undefined : normalizeBaseUrl(options.credentialsUrl);
  const { manifest } = await readManifest(batchDir);
  if (!manifest.anchor) {
    throw new ShareError("the batch is not anchored yet: its credentials would not verify", {
      location: { file: path.join(batchDir, "manifest.json"), pointer: "/anchor" },
      fix: `Anchor it first: credanchor anchor ${batchDir}`,
    });
  }
  await assertPage(options.pageDir);
  // The given image, else the one the batch holds (the template's badgeImage, copied by issue), else drawn.
  const badgeImage = badgeImagePng(options.badgeImage ?? readBatchBadgeImage(batchDir, manifest));
  const record = await readPublishRecord(batchDir);
  const files = listBatchFiles(manifest);
  const known = new Set(Object.values(record?.ids ?? {}));
  const ids: Record<string, string> = {};
  const fresh = new Set<string>();
  for (const file of files) {
    let id = record?.ids[file];
    if (id === undefined) {
      do id = generateShareId(options.randomBytes);
      while (known.has(id));
      known.add(id);
      fresh.add(file);
    }
    ids[file] = id;
  }
  const badges = Object.fromEntries(files.map((file) => [file, `${ids[file]}.png`]));
  // The ids are on disk before any file that uses them: a crash after this point publishes the same links.
  await writeFileAtomic(
    path.join(batchDir, PUBLISH_FILE),
    JSON.stringify({ format: PUBLISH_FORMAT, baseUrl, ids, badges } satisfies PublishRecord, null, 2) + "\n",
    { fsync: true },
  );

  await fs.mkdir(options.outDir, { recursive: true });
  await copyPage(options.pageDir, options.outDir, credentialsUrl);
  await fs.mkdir(path.join(batchDir, QR_DIR), { recursive: true });

  const delivery = await readDeliveryFile(batchDir);
  const rows: DeliveryRow[] = [];
  const credentials: PublishedCredential[] = [];
  for (let index = 0; index < files.length; index++) {
    const file = files[index];
    const source = credentialPath(batchDir, manifest, index);
    const text = await fs.readFile(source, "utf8");
    const credential = parseCredentialJson(text, { file: source });
    const facts = credentialFacts(credential);
    const url = shareUrl(baseUrl, ids[file]);
    const linkedInUrl = linkedInAddToProfileUrl(credential, {
      certUrl: url,
      organizationId: options.linkedInOrganizationId,
    });
    await writeFileAtomic(path.join(options.outDir, `${ids[file]}.json`), text);
    const badge = bakedBadgePng(text, facts, credential, badgeImage);
    await writeIfChanged(path.join(options.outDir, badges[file]), badge);
    const qrBase = `${QR_DIR}/${path.basename(file, ".json")}`;
    await writeFileAtomic(path.join(batchDir, `${qrBase}.svg`), await qrSvg(url));
    await writeFileAtomic(path.join(batchDir, `${qrBase}.png`), await qrPng(url));
    const previous = delivery?.find((row) => row.file === file);
    rows.push({
      row: previous?.row ?? "",
      name: previous?.name ?? facts.holderName ?? "",
      email: previous?.email ?? "",
      credentialId: facts.id ?? "",
      file,
      shareUrl: url,
      linkedInUrl,
      qrFile: `${qrBase}.png`,
    });
    credentials.push({
      index,
      file,
      credentialId: facts.id ?? "",
      shareId: ids[file],
      shareUrl: url,
      linkedInUrl,
      badgePng: badges[file],
      badgeUrl: new URL(badges[file], baseUrl).href,
      qrPng: `${qrBase}.png`,
      qrSvg: `${qrBase}.svg`,
      new: fresh.has(file),
    });
  }
  await writeDeliveryFile(batchDir, rows);
  return { baseUrl, outDir: options.outDir, credentials };
}

/**
 * The batch's publish.json, or undefined when the batch was never published.
 *
 * @example
 * (await readPublishRecord("batch-1"))?.ids["credentials/ada-lovelace-cc37a8.json"]
 */
export async function readPublishRecord(batchDir: string): Promise<PublishRecord | undefined> {
  const file = path.join(batchDir, PUBLISH_FILE);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  const value = parseCredentialJson(text, { file }) as unknown as Partial<PublishRecord>;
  const bad = (pointer: string) =>
    new ShareError(`${PUBLISH_FILE} is not a credanchor publish record`, {
      location: { file, pointer },
      fix: "Restore it from a backup: it holds the share ids already sent to learners. Delete it only if no link was shared.",
    });
  if (value?.format !== PUBLISH_FORMAT) throw bad("/format");
  if (typeof value.ids !== "object" || value.ids === null) throw bad("/ids");
  for (const [key, id] of Object.entries(value.ids)) {
    if (typeof id !== "string" || !SHARE_ID_PATTERN.test(id))
      throw bad(`/ids/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  }
  if (value.badges !== undefined) {
    if (typeof value.badges !== "object" || value.badges === null) throw bad("/badges");
    for (const [key, name] of Object.entries(value.badges)) {
      if (typeof name !== "string" || name !== `${value.ids[key]}.png`)
        throw bad(`/badges/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
  return value as PublishRecord;
}

/**
 * qrcode, loaded on first use: only publishing draws QR codes, and every other command of the CLI
 * imports this module through the entry point (~57 modules, ~30 ms of CPU per process).
 */
let qrcodeModule: Promise<typeof import("qrcode")> | undefined;

function loadQrCode(): Promise<typeof import("qrcode")> {
  qrcodeModule ??= import("qrcode");
  return qrcodeModule;
}

/** A QR code of `url` as SVG text (error correction M, quiet zone of 4 modules). */
export async function qrSvg(url: string): Promise<string> {
  return (await loadQrCode()).toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}

/** The same as a PNG (8 pixels per module). */
export async function qrPng(url: string): Promise<Uint8Array> {
  const QRCode = await loadQrCode();
  return new Uint8Array(await QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 8 }));
}

/** Writes `content` atomically unless `file` already holds exactly these bytes (a re-run keeps the file). */
async function writeIfChanged(file: string, content: Uint8Array): Promise<void> {
  try {
    if (Buffer.from(content).equals(await fs.readFile(file))) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await writeFileAtomic(file, content);
}

async function assertPage(pageDir: string): Promise<void> {
  try {
    await fs.access(path.join(pageDir, "index.html"));
  } catch {
    throw new ShareError(`no built verifier page in ${pageDir} (no index.html)`, {
      fix: "Build it with `npm run build:web` (writes web/dist), or pass --page DIR.",
    });
  }
}

/**
 * Copies the page's files (not its source maps) into the site folder, each atomically; with
 * `credentialsUrl`, the top-level index.html gets `<meta name="credanchor-credentials" content="…">`.
 */
async function copyPage(from: string, to: string, credentialsUrl?: string, top = true): Promise<void> {
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await fs.mkdir(target, { recursive: true });
      await copyPage(source, target, undefined, false);
    } else if (top && entry.name === "index.html" && credentialsUrl !== undefined) {
      const html = await fs.readFile(source, "utf8");
      const meta = `<meta name="credanchor-credentials" content="${credentialsUrl.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" />`;
      if (!html.includes("</head>")) throw new ShareError(`${source} has no </head>: not the built verifier page`);
      await writeFileAtomic(target, html.replace("</head>", `    ${meta}\n  </head>`));
    } else if (entry.isFile() && !entry.name.endsWith(".map")) {
      await writeFileAtomic(target, await fs.readFile(source));
    }
  }
}
