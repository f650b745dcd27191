/** `credanchor signingKey --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG } from "../lib/args";
import { SIGNING_KEY_ENV, SIGNING_KEY_PASSWORD_ENV } from "../lib/names";

export const signingKeySpec: CommandSpec = {
  name: "signing-key",
  usage: "credanchor signing-key create [--out FILE] [--json]",
  description: `Creates the issuer's Ed25519 signing key (eddsa-rdfc-2022 signatures, which standard VC 2.0 / Open Badges 3.0 verifiers and wallets check). The key is written encrypted (scrypt + AES-256-GCM; password from ${SIGNING_KEY_PASSWORD_ENV}, else asked on the terminal) and recorded as issuer.signingKey { file, verificationMethod, publicKeyMultibase } in credanchor.config.json. issuer.id must be your DID (\`credanchor init --url https://D\` writes did:web:D). Then publish the key: \`credanchor identity --domain D --json\` prints the did.json to serve. ${SIGNING_KEY_ENV} (the multibase secret key) replaces the file where a secret store is used. The secret is never printed.`,
  positionals: { min: 1, max: 1, name: "create" },
  flags: {
    out: {
      type: "string",
      valueName: "FILE",
      description: "the encrypted key file (default signing-key.json beside the config)",
    },
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: `create the key (password from ${SIGNING_KEY_PASSWORD_ENV}, else asked)`,
      command: "credanchor signing-key create",
    },
  ],
};
