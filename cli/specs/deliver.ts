/** `credanchor deliver --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, JSON_FLAG, CONFIG_FLAG, LINKEDIN_ORG_FLAG } from "../lib/args";
import { SMTP_PASSWORD_ENV, SMTP_USER_ENV } from "../lib/names";

/** The SDK's DELIVERY_JOURNAL_FILE (cli/specs/specs.test.ts checks they agree). */
const DELIVERY_JOURNAL_FILE = "deliver.journal.json";

export const deliverSpec: CommandSpec = {
  name: "deliver",
  usage: "credanchor deliver DIR --smtp smtp://HOST:PORT --from ADDR [--subject TEXT] [--dry-run]",
  description: `E-mails each learner in DIR/delivery.csv their credential: the JSON and the baked badge PNG attached (the batch's badge image, copied by issue from the template's badgeImage, else a drawn badge), the share link and an "Add to LinkedIn" button in the body (run \`credanchor publish\` first for the link). The SMTP login comes from ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV}, never from the command line. DIR/${DELIVERY_JOURNAL_FILE} records each message before and after it is sent: running again sends only the rest. A message a crash left half-sent is reported, not sent again, unless --resend-uncertain.`,
  positionals: { min: 1, max: 1, name: "the batch DIR" },
  flags: {
    smtp: {
      type: "string",
      valueName: "URL",
      description: "smtp://host:port (STARTTLS when offered) or smtps://host:465; no user or password in it",
    },
    from: {
      type: "string",
      valueName: "ADDR",
      description: 'the sender: addr@example.edu or "Name <addr@example.edu>"',
    },
    subject: {
      type: "string",
      valueName: "TEXT",
      description: 'the subject; {achievement} is replaced (default "Your credential: {achievement}")',
    },
    "dry-run": { type: "boolean", description: "build every message and list the recipients; send nothing" },
    "resend-uncertain": {
      type: "boolean",
      description: "send again the messages a stopped run may or may not have sent (the learner may get two)",
    },
    ...LINKEDIN_ORG_FLAG,
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "see who would get what",
      command: "credanchor deliver batch-1 --smtp smtp://mail.example.edu:587 --from credentials@example.edu --dry-run",
    },
    {
      comment: `send (the login comes from ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV} in the environment)`,
      command: "credanchor deliver batch-1 --smtp smtp://mail.example.edu:587 --from credentials@example.edu",
    },
  ],
};
