/**
 * The issuer's signing key for the CLI: `CREDANCHOR_SIGNING_KEY` (the multibase secret, from a secret
 * store) or the encrypted file named by `issuer.signingKey.file` in credanchor.config.json, whose
 * password comes from `CREDANCHOR_SIGNING_KEY_PASSWORD` or a hidden prompt on a terminal.
 */
import fs from "node:fs";
import path from "node:path";
import { readSigningKeyFile, type SigningKey, SigningKeyError, signingKeyFromMultibase } from "../../sdk/src/node";
import { ConfigError } from "../errors";
import { COMMENT_KEY, type LoadedConfig, type SigningKeyConfig } from "./config";
import type { Io } from "./io";
import { SIGNING_KEY_ENV, SIGNING_KEY_PASSWORD_ENV } from "./names";

export { SIGNING_KEY_ENV, SIGNING_KEY_PASSWORD_ENV } from "./names";

/** The password: the environment variable, else a hidden prompt (twice with `confirm`), else an error. */
export async function signingKeyPassword(io: Io, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = io.env[SIGNING_KEY_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!io.prompt) {
    throw new ConfigError("no password for the signing key", {
      fix: `set ${SIGNING_KEY_PASSWORD_ENV}, or run the command on a terminal to be asked`,
    });
  }
  const password = await io.prompt("Signing key password: ", { hidden: true });
  if (options.confirm) {
    const again = await io.prompt("Repeat the password: ", { hidden: true });
    if (again !== password) throw new ConfigError("the two passwords differ", { fix: "run the command again" });
  }
  return password;
}

/**
 * The configured signing key, or `undefined` when none is configured. `CREDANCHOR_SIGNING_KEY`
 * replaces the file; when the config names a public key, the key must match it.
 */
export async function loadSigningKey(
  io: Io,
  loaded: LoadedConfig,
): Promise<{ key: SigningKey; verificationMethod: string } | undefined> {
  const configured = loaded.config.issuer.signingKey;
  const secret = io.env[SIGNING_KEY_ENV];
  let key: SigningKey;
  if (secret !== undefined && secret !== "") {
    key = signingKeyFromMultibase(secret);
  } else if (configured) {
    const file = path.resolve(loaded.dir, configured.file);
    key = readSigningKeyFile({ file, password: await signingKeyPassword(io) });
  } else {
    return undefined;
  }
  if (configured && configured.publicKeyMultibase !== key.publicKeyMultibase) {
    throw new SigningKeyError(
      "mismatch",
      `the signing key is not the one configured (${configured.publicKeyMultibase})`,
      {
        fix: `use the key that issuer.signingKey names, or run \`credanchor signing-key create\` and publish the new did.json`,
      },
    );
  }
  const issuerId = loaded.config.issuer.id;
  const verificationMethod = configured?.verificationMethod ?? `${issuerId}#${key.publicKeyMultibase}`;
  if (!issuerId || !verificationMethod.startsWith(`${issuerId}#`)) {
    throw new ConfigError(`issuer.signingKey.verificationMethod does not belong to issuer.id ${issuerId ?? "(none)"}`, {
      fix: "set issuer.id to your DID (did:web:<domain>) and create the signing key again",
    });
  }
  return { key, verificationMethod };
}

/** Writes `issuer.signingKey` into the config file, keeping everything else (comments included). */
export function recordSigningKey(configFile: string, signingKey: SigningKeyConfig): void {
  const raw = JSON.parse(fs.readFileSync(configFile, "utf8")) as Record<string, unknown>;
  const issuer = (raw.issuer ?? {}) as Record<string, unknown>;
  issuer.signingKey = {
    [COMMENT_KEY]:
      "The issuer's Ed25519 signing key (eddsa-rdfc-2022). file: encrypted (password: CREDANCHOR_SIGNING_KEY_PASSWORD or a prompt); CREDANCHOR_SIGNING_KEY replaces it. Publish the key in your did.json (`credanchor identity --domain D --json`).",
    ...signingKey,
  };
  raw.issuer = issuer;
  fs.writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
}
