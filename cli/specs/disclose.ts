/** `credanchor disclose --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG } from "../lib/args";

export const discloseSpec: CommandSpec = {
  name: "disclose",
  usage: "credanchor disclose FILE --hide POINTER... --out FILE   |   credanchor disclose FILE --list",
  description:
    "Writes a copy of a credential with some fields removed, for a holder who wants to share less (a score, an e-mail identifier, evidence). The removed fields' hashes stay in the proof, so the copy verifies exactly like the original; the salts keep the hidden values from being guessed. Fields are named by JSON pointer; --list shows the ones that can be hidden.",
  positionals: { min: 1, max: 1, name: "the credential FILE" },
  flags: {
    hide: {
      type: "string",
      multiple: true,
      valueName: "POINTER",
      description: "JSON pointer of a field to hide; repeat for more",
    },
    out: { type: "string", valueName: "FILE", description: "where to write the shared copy" },
    list: { type: "boolean", description: "list the fields that can be hidden, with their values" },
    force: { type: "boolean", description: "replace --out if it exists" },
    ...JSON_FLAG,
  },
  examples: [
    { comment: "which fields can I hide?", command: "credanchor disclose my-badge.json --list" },
    {
      comment: "share the badge without the score and the e-mail identifier",
      command:
        "credanchor disclose my-badge.json --hide /credentialSubject/result --hide /credentialSubject/identifier --out shared.json",
    },
  ],
};
