/** `credanchor share`: a credential's share URL (once published) and its LinkedIn add-to-profile URL. */
import fs from "node:fs";
import path from "node:path";
import {
  credentialFacts,
  linkedInAddToProfileUrl,
  MANIFEST_FILE,
  normalizeBaseUrl,
  readPublishRecord,
  shareUrl,
} from "../../sdk/src/node";
import { booleanFlag, stringFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { loadConfig } from "../lib/config";
import { readCredentialFile, resolvePath, withFile } from "../lib/files";
import type { Io } from "../lib/io";
import { writeReport } from "../lib/output";
import { shareSpec as spec } from "../specs/share";

export interface ShareOptions {
  file: string;
  /** The published site's folder URL; default: the one `publish` recorded for the batch. */
  baseUrl?: string;
  /** LinkedIn organization id; default: the config's issuer.linkedInOrganizationId. */
  linkedInOrg?: string;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `share` (docs/CLI.md). */
export interface ShareJson {
  file: string;
  credentialId: string | null;
  /** The short link, when the credential's batch was published; else null. */
  shareUrl: string | null;
  linkedInUrl: string;
  /** The URL of the baked badge PNG publish wrote beside the credential (`<base-url><id>.png`), when publish.json records it; else null. */
  badgeUrl: string | null;
}

/**
 * Prints the share URL and the LinkedIn URL of a credential file.
 *
 * @example
 * await share({ file: "batch-1/credentials/ada-lovelace-cc37a8.json", json: true }, io);
 */
export async function share(options: ShareOptions, io: Io): Promise<number> {
  const credential = readCredentialFile(io, options.file);
  const facts = credentialFacts(credential);
  const published = await publishedLink(io, options);
  const link = published?.shareUrl ?? null;
  const organizationId = options.linkedInOrg ?? loadConfig(io, options.config).config.issuer.linkedInOrganizationId;
  const linkedInUrl = withFile(options.file, () =>
    linkedInAddToProfileUrl(credential, { certUrl: link ?? undefined, organizationId }),
  );
  return writeReport(
    io,
    options.json,
    {
      file: options.file,
      credentialId: facts.id ?? null,
      shareUrl: link,
      linkedInUrl,
      badgeUrl: published?.badgeUrl ?? null,
    } satisfies ShareJson,
    (style) => [
      `${style.bold("Share")} ${options.file}`,
      `  credential id  ${facts.id ?? "(none)"}`,
      `  share link     ${link ?? "(not published: credanchor publish BATCH --base-url URL --out SITE)"}`,
      `  LinkedIn       ${linkedInUrl}`,
    ],
  );
}

/** The credential's short link and baked badge URL, from its batch's publish.json (the file must sit in a published batch). */
async function publishedLink(
  io: Io,
  options: ShareOptions,
): Promise<{ shareUrl: string; badgeUrl: string | null } | null> {
  const file = resolvePath(io, options.file);
  let dir = path.dirname(file);
  for (let depth = 0; depth < 3; depth++, dir = path.dirname(dir)) {
    if (!fs.existsSync(path.join(dir, MANIFEST_FILE))) continue;
    const record = await readPublishRecord(dir);
    const relative = path.relative(dir, file).split(path.sep).join("/");
    const id = record?.ids[relative];
    if (!record || id === undefined) return null;
    const baseUrl = options.baseUrl === undefined ? record.baseUrl : normalizeBaseUrl(options.baseUrl);
    const badge = record.badges?.[relative];
    return { shareUrl: shareUrl(baseUrl, id), badgeUrl: badge === undefined ? null : new URL(badge, baseUrl).href };
  }
  return null;
}

export const shareCommand = defineCommand<ShareOptions>({
  spec,
  options: (args) => ({
    file: args.positionals[0],
    baseUrl: stringFlag(args, "base-url"),
    linkedInOrg: stringFlag(args, "linkedin-org"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: share,
});
