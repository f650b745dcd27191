/** `credanchor signing-key create`: a new Ed25519 signing key, encrypted, recorded in the config. */
import fs from "node:fs";
import path from "node:path";
import { generateSigningKey, writeSigningKeyFile } from "../../sdk/src/node";
import { ConfigError, UsageError } from "../errors";
import { booleanFlag, stringFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { loadConfig } from "../lib/config";
import type { Io } from "../lib/io";
import { writeReport } from "../lib/output";
import { recordSigningKey, signingKeyPassword } from "../lib/signingKey";
import { signingKeySpec as spec } from "../specs/signingKey";

export interface SigningKeyOptions {
  action: string;
  /** Where to write the encrypted key; default signing-key.json beside the config file. */
  out?: string;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `signing-key create` (docs/CLI.md): public parts only. */
export interface SigningKeyJson {
  file: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  config: string;
}

/**
 * Creates and records the signing key; prints its public parts.
 *
 * @example
 * await signingKey({ action: "create" }, io);
 */
export async function signingKey(options: SigningKeyOptions, io: Io): Promise<number> {
  if (options.action !== "create") {
    throw new UsageError(`unknown action '${options.action}'`, {
      fix: "usage: credanchor signing-key create [--out FILE]",
    });
  }
  const loaded = loadConfig(io, options.config);
  if (!loaded.file) {
    throw new ConfigError("no credanchor.config.json to record the key in", {
      fix: "run `credanchor init --name N --url https://your-domain` first",
    });
  }
  const issuerId = loaded.config.issuer.id;
  if (!issuerId || !issuerId.startsWith("did:")) {
    throw new ConfigError(`issuer.id must be your DID to sign credentials, not ${JSON.stringify(issuerId ?? "")}`, {
      location: { file: path.relative(io.cwd, loaded.file) || loaded.file, pointer: "/issuer/id" },
      fix: "set issuer.id to did:web:<your domain> (what `credanchor init --url https://<domain>` writes)",
    });
  }
  const file = path.resolve(io.cwd, options.out ?? path.join(loaded.dir, "signing-key.json"));
  if (fs.existsSync(file)) {
    throw new ConfigError(`${path.relative(io.cwd, file) || file} exists already; credanchor never overwrites a key`, {
      fix: "choose another file with --out, or move the old key away first",
    });
  }
  const password = await signingKeyPassword(io, { confirm: true });
  const key = generateSigningKey();
  writeSigningKeyFile({ file, key, password });
  const verificationMethod = `${issuerId}#${key.publicKeyMultibase}`;
  const relative = path.relative(loaded.dir, file) || file;
  recordSigningKey(loaded.file, { file: relative, verificationMethod, publicKeyMultibase: key.publicKeyMultibase });
  const configShown = path.relative(io.cwd, loaded.file) || loaded.file;
  const domain = issuerId.startsWith("did:web:") ? decodeURIComponent(issuerId.slice(8).split(":")[0]!) : "<domain>";
  return writeReport(
    io,
    options.json,
    {
      file,
      verificationMethod,
      publicKeyMultibase: key.publicKeyMultibase,
      config: loaded.file,
    } satisfies SigningKeyJson,
    (style) => [
      `${style.green("✔")} wrote ${path.relative(io.cwd, file) || file} (encrypted) and issuer.signingKey in ${configShown}`,
      `  public key           ${key.publicKeyMultibase}`,
      `  verificationMethod   ${verificationMethod}`,
      "",
      "Next: publish the key in your DID document, then issue (every credential is signed):",
      `  credanchor identity --domain ${domain} --json   # records.didWeb.document is the did.json to serve`,
    ],
  );
}

export const signingKeyCommand = defineCommand<SigningKeyOptions>({
  spec,
  options: (args) => ({
    action: args.positionals[0] ?? "",
    out: stringFlag(args, "out"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: signingKey,
});
