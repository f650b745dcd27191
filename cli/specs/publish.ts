/** `credanchor publish --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG, LINKEDIN_ORG_FLAG } from "../lib/args";

export const publishSpec: CommandSpec = {
  name: "publish",
  usage: "credanchor publish DIR --base-url https://D/c/ --out SITE [--template T.json]",
  description:
    "Writes a static site for an anchored batch: each credential as SITE/<id>.json (a random 128-bit id; no index, no listing), the verifier page beside them, and for each credential a short link <base-url>#<id> that opens the page, which fetches and verifies the credential. Beside each <id>.json goes <id>.png, the credential baked into a badge image (the template's badgeImage with --template, else the batch's own badge image that issue copied from its template, else a drawn badge; rewritten only when its bytes change). Upload SITE to the folder <base-url> serves (any static host). The ids are recorded in DIR/publish.json: running again keeps every link. Also writes a QR code per link (DIR/qr/*.svg and *.png) and fills the links into DIR/delivery.csv.",
  positionals: { min: 1, max: 1, name: "the batch DIR" },
  flags: {
    "base-url": {
      type: "string",
      valueName: "URL",
      description: "the public URL of the folder SITE is served from, ending in /",
    },
    out: { type: "string", valueName: "SITE", description: "the site folder to write (created when missing)" },
    "credentials-url": {
      type: "string",
      valueName: "URL",
      description:
        "serve the <id>.json files from this folder URL instead of beside the page (that server must send Access-Control-Allow-Origin: <the page's origin>)",
    },
    template: {
      type: "string",
      valueName: "T.json",
      description:
        "bake each <id>.png into this template's badgeImage (a path relative to the template; default: the batch's badge image, copied by issue from its template, else a drawn badge)",
    },
    page: {
      type: "string",
      valueName: "DIR",
      description: "the built verifier page (default: web/dist of credanchor)",
    },
    ...LINKEDIN_ORG_FLAG,
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "publish batch-1 for https://credentials.example.edu/c/",
      command: "credanchor publish batch-1 --base-url https://credentials.example.edu/c/ --out site",
    },
  ],
};
