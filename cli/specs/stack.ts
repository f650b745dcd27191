/** `credanchor stack --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG } from "../lib/args";

export const stackSpec: CommandSpec = {
  name: "stack",
  usage:
    "credanchor stack check --pathway P.json [--email ADDRESS | --id DID] [--json] FILE...\n       credanchor stack issue --pathway P.json --holders DIR --out BATCH [--no-sign] [--json]",
  description:
    "Stackable credentials (docs/SPEC.md section 11). `check` verifies each component credential in full (every check, each on its own chain and registry, each issuer's identity), checks that they name the same learner (with --email, each salted e-mail hash is recomputed), and says which requirement of the pathway each meets and what is missing. `issue` does that for every learner of a holders folder (one subfolder of component files per learner, or a holders.json manifest of { learner, email, files }) and writes a batch of stacked credentials (CLR 2.0 ClrCredentials embedding the components unchanged) for those who qualify, signed like `issue` and ready for `credanchor anchor`; the others are reported with the reason.",
  positionals: { min: 1, max: Infinity, name: "the action (check|issue), then component FILEs for check" },
  flags: {
    pathway: { type: "string", valueName: "P.json", description: "the pathway file" },
    email: {
      type: "string",
      valueName: "ADDRESS",
      description: "check: the learner's e-mail address (components with hashed e-mail identities)",
    },
    id: { type: "string", valueName: "DID|URL", description: "check: the learner's id" },
    holders: { type: "string", valueName: "DIR", description: "issue: one subfolder per learner, or holders.json" },
    out: { type: "string", valueName: "BATCH", description: "issue: the batch directory to write" },
    "no-sign": { type: "boolean", description: "issue: do not sign, even with a signing key configured" },
    ...CHAIN_FLAGS,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "does Amara's set of modules make the specialization?",
      command: "credanchor stack check --pathway telemedicine.json --email amara@example.org m1.json m2.json m3.json",
    },
    {
      comment: "issue the stacked credentials of a cohort, then anchor them",
      command:
        "credanchor stack issue --pathway telemedicine.json --holders holders/ --out stack-1 && credanchor anchor stack-1",
    },
  ],
  notes: [
    "Exit codes: check: 0 the learner qualifies, 1 not (the reason is printed); issue: 0 at least one",
    "stacked credential written (others refused are listed), 1 nobody qualifies; 2 usage errors.",
  ],
};
