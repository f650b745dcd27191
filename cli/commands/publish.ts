/** `credanchor publish`: an anchored batch as a static site: credentials under unguessable names, the page, short links, QR codes. */
import path from "node:path";
import { DELIVERY_FILE, publishBatch, type PublishedCredential, SHARE_URL_TARGET_LENGTH } from "../../sdk/src/node";
import { readImage, templateImage } from "./bake";
import { booleanFlag, stringFlag, requiredFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { loadConfig } from "../lib/config";
import { resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { plural, writeReport } from "../lib/output";
import { packageDir } from "../lib/packageDir";
import { publishSpec as spec } from "../specs/publish";

export interface PublishOptions {
  dir: string;
  baseUrl: string;
  out: string;
  /** The built verifier page; default: the package's web/dist. */
  page?: string;
  linkedInOrg?: string;
  /** Where the credential files are served from when not beside the page (needs CORS). */
  credentialsUrl?: string;
  /** A template whose badgeImage is baked into each `<id>.png` (else the batch's badge image, else a drawn badge). */
  template?: string;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `publish` (docs/CLI.md). */
export interface PublishJson {
  batchDir: string;
  site: string;
  baseUrl: string;
  deliveryFile: string;
  credentials: PublishedCredential[];
}

/**
 * Publishes the batch and prints the links.
 *
 * @example
 * await publish({ dir: "batch-1", baseUrl: "https://credentials.example.edu/c/", out: "site" }, io);
 */
export async function publish(options: PublishOptions, io: Io): Promise<number> {
  const result = await publishBatch(resolvePath(io, options.dir), {
    baseUrl: options.baseUrl,
    outDir: resolvePath(io, options.out),
    pageDir: options.page === undefined ? defaultPageDir() : resolvePath(io, options.page),
    linkedInOrganizationId: options.linkedInOrg ?? loadConfig(io, options.config).config.issuer.linkedInOrganizationId,
    credentialsUrl: options.credentialsUrl,
    badgeImage: badgeImageOf(io, options.template),
  });
  const deliveryFile = path.join(options.dir, DELIVERY_FILE);
  return writeReport(
    io,
    options.json,
    {
      batchDir: options.dir,
      site: options.out,
      baseUrl: result.baseUrl,
      deliveryFile,
      credentials: result.credentials,
    } satisfies PublishJson,
    (style) => {
      const fresh = result.credentials.filter((c) => c.new).length;
      const longest = Math.max(...result.credentials.map((c) => c.shareUrl.length));
      return [
        `${style.green("✔")} published ${plural(result.credentials.length, "credential")} to ${options.out}` +
          (fresh < result.credentials.length ? ` (${result.credentials.length - fresh} kept their links)` : ""),
        `  links        ${result.credentials[0].shareUrl}${result.credentials.length > 1 ? " …" : ""}`,
        `  QR codes     ${path.join(options.dir, "qr")}${path.sep}`,
        `  delivery     ${deliveryFile} (links filled in)`,
        ...(longest > SHARE_URL_TARGET_LENGTH
          ? [
              `  ${style.yellow("!")} the links are ${longest} characters; a shorter --base-url keeps them under ${SHARE_URL_TARGET_LENGTH} (easier to type from paper)`,
            ]
          : []),
        "",
        `Next: upload ${options.out}${path.sep} so that ${result.baseUrl} serves it, then open a link;`,
        `      credanchor deliver ${options.dir} --smtp URL --from ADDR e-mails each learner.`,
      ];
    },
  );
}

/** The template's badgeImage bytes (found as `bake --template` finds it); undefined: the batch's badge image, else the drawn badge. */
function badgeImageOf(io: Io, template: string | undefined): Uint8Array | undefined {
  if (template === undefined) return undefined;
  const image = templateImage(io, template);
  return image === undefined ? undefined : readImage(io, image);
}

/** web/dist of the credanchor package this command runs from (source checkout or installed). */
function defaultPageDir(): string {
  const pkg = packageDir();
  return pkg === undefined ? path.resolve("web", "dist") : path.join(pkg.dir, "web", "dist");
}

export const publishCommand = defineCommand<PublishOptions>({
  spec,
  options: (args) => ({
    dir: args.positionals[0],
    baseUrl: requiredFlag(stringFlag(args, "base-url"), "base-url", "URL", spec),
    out: requiredFlag(stringFlag(args, "out"), "out", "SITE", spec),
    page: stringFlag(args, "page"),
    linkedInOrg: stringFlag(args, "linkedin-org"),
    credentialsUrl: stringFlag(args, "credentials-url"),
    template: stringFlag(args, "template"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: publish,
});
