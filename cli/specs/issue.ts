/** `credanchor issue --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG } from "../lib/args";

export const issueSpec: CommandSpec = {
  name: "issue",
  usage:
    "credanchor issue --template T.json --recipients R.csv|R.xlsx|R.jsonl --out DIR [--map COLUMN=FIELD]... [--strict] [--allow-duplicates]",
  description:
    "Builds a batch offline: one Open Badges 3.0 credential per recipient (the template's shared fields, the row's subject), each signed by the issuer (eddsa-rdfc-2022, when issuer.signingKey is configured or CREDANCHOR_SIGNING_KEY is set; --no-sign leaves it out) and with a salted digest and its Merkle proof, plus manifest.json with the batch's root. Each credential file is named for its learner (the name's slug and 6 hex of the credential id, e.g. credentials/ada-lovelace-cc37a8.json; delivery.csv says who gets which file), and a template's badgeImage is copied beside the manifest as badge.png or badge.svg, which publish and deliver bake into. Nothing is sent: `credanchor anchor DIR` puts the root on chain. Recipients: CSV (separator `,` `;` or tab, found from the header) or an .xlsx workbook (its first sheet) with a header row (name, email or id, and optional score, result, status, narrative, evidence, validFrom, validUntil, activityStartDate, activityEndDate, creditsEarned; matched ignoring case and spaces, with the usual aliases: Full name, E-mail address, Grade, Issue date…; --map names any other), or JSONL. Other columns are ignored with one note (--strict refuses them). A date alone (2026-03-01) is midnight UTC. Two rows for the same recipient (e-mail address or id) are refused with both line numbers unless --allow-duplicates. A bad row stops the batch with its line number and leaves nothing behind.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    template: { type: "string", valueName: "FILE", description: "the achievement template (JSON)" },
    recipients: {
      type: "string",
      valueName: "FILE",
      description: "the recipients (.csv with a header row, or .jsonl)",
    },
    out: { type: "string", valueName: "DIR", description: "the batch folder to create (must not exist, or be empty)" },
    "include-email": { type: "boolean", description: "write e-mail addresses in plain text (default: salted hash)" },
    workers: { type: "string", valueName: "N", description: "hashing threads (default: one per core; 0: none)" },
    "no-sign": { type: "boolean", description: "do not sign, even with a signing key configured" },
    map: {
      type: "string",
      multiple: true,
      valueName: "COLUMN=FIELD",
      description: 'use a recipients column as this field, e.g. --map "Student Mail=email"; repeat for more',
    },
    strict: {
      type: "boolean",
      description: "refuse recipients columns that are no recipient field (default: ignored)",
    },
    "allow-duplicates": {
      type: "boolean",
      description: "issue two credentials for one recipient (default: refused, naming both rows)",
    },
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "a cohort of nurses, from the repository's fixtures",
      command:
        "credanchor issue --template test/fixtures/templates/telemedicine-nursing.json --recipients test/fixtures/recipients/nurses.csv --out batch-1",
    },
  ],
};
