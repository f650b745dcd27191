/** `credanchor share --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG, LINKEDIN_ORG_FLAG } from "../lib/args";

export const shareSpec: CommandSpec = {
  name: "share",
  usage: "credanchor share FILE [--base-url URL] [--json]",
  description:
    "Prints what a learner needs to show a credential: its short link (when its batch was published with `credanchor publish`; the link opens the verifier page on it) and LinkedIn's add-to-profile URL (certification name, issuer, issue and expiry month, the link and the credential id).",
  positionals: { min: 1, max: 1, name: "the credential FILE" },
  flags: {
    "base-url": {
      type: "string",
      valueName: "URL",
      description: "the published site's folder URL (default: the one publish recorded)",
    },
    ...LINKEDIN_ORG_FLAG,
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "the links of a published credential",
      command: "credanchor share batch-1/credentials/ada-lovelace-cc37a8.json --json",
    },
  ],
};
