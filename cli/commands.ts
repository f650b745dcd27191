/**
 * The one table of commands: name → summary and module. Modules load on demand, so `--help` and
 * offline commands do not pay for the chain libraries.
 */
import type { Command } from "./lib/command";

export interface CommandEntry {
  /** One line for `credanchor --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: "write a commented credanchor.config.json",
    load: async () => (await import("./commands/init")).initCommand,
  },
  deploy: {
    summary: "deploy your credential registry and record it in deployments/<network>.json",
    load: async () => (await import("./commands/deploy")).deployCommand,
  },
  "signing-key": {
    summary: "create the issuer's Ed25519 signing key (encrypted) and record it in the config",
    load: async () => (await import("./commands/signingKey")).signingKeyCommand,
  },
  issue: {
    summary: "build a batch of credentials from a template and a recipients file (offline)",
    load: async () => (await import("./commands/issue")).issueCommand,
  },
  anchor: {
    summary: "anchor a batch's Merkle root in the registry (--dry-run: gas and cost only)",
    load: async () => (await import("./commands/anchor")).anchorCommand,
  },
  cost: {
    summary: "what deploying, anchoring and revoking cost on each network at its current fee (sends nothing)",
    load: async () => (await import("./commands/cost")).costCommand,
  },
  verify: {
    summary: "verify credential files or folders of them",
    load: async () => (await import("./commands/verify")).verifyCommand,
  },
  revoke: {
    summary: "revoke credentials, permanently",
    load: async () => (await import("./commands/revoke")).revokeCommand,
  },
  suspend: {
    summary: "suspend credentials (reversible with reinstate)",
    load: async () => (await import("./commands/revoke")).suspendCommand,
  },
  reinstate: {
    summary: "lift a suspension",
    load: async () => (await import("./commands/revoke")).reinstateCommand,
  },
  "revoke-batch": {
    summary: "revoke a whole batch, permanently",
    load: async () => (await import("./commands/revokeBatch")).revokeBatchCommand,
  },
  disclose: {
    summary: "hide fields of a credential before sharing it; the proof still verifies",
    load: async () => (await import("./commands/disclose")).discloseCommand,
  },
  status: {
    summary: "what the chain says about a credential or a batch",
    load: async () => (await import("./commands/status")).statusCommand,
  },
  "set-profile": {
    summary: "set the registry's on-chain issuer name and URL (admin); anchor checks batches against it",
    load: async () => (await import("./commands/setProfile")).setProfileCommand,
  },
  roles: {
    summary: "who may anchor, revoke and administer the registry; grant, revoke, renounce, transfer admin",
    load: async () => (await import("./commands/roles")).rolesCommand,
  },
  identity: {
    summary: "the DNS TXT record / did:web entry binding your registry to your domain; `check` looks them up",
    load: async () => (await import("./commands/identity")).identityCommand,
  },
  bake: {
    summary: "bake a credential into a PNG or SVG badge image (Open Badges 3.0); the image verifies like the JSON",
    load: async () => (await import("./commands/bake")).bakeCommand,
  },
  unbake: {
    summary: "the credential baked into a PNG or SVG badge image, byte for byte",
    load: async () => (await import("./commands/bake")).unbakeCommand,
  },
  stack: {
    summary: "stackable credentials: `check` a learner's components against a pathway, `issue` the stacked credentials",
    load: async () => (await import("./commands/stack")).stackCommand,
  },
  serve: {
    summary: "run the verification service (W3C VC API verify, batch verify, the verifier page, health, metrics)",
    load: async () => (await import("./commands/serve")).serveCommand,
  },
  share: {
    summary: "a credential's short link (once published) and its LinkedIn add-to-profile URL",
    load: async () => (await import("./commands/share")).shareCommand,
  },
  publish: {
    summary: "an anchored batch as a static site: credentials at unguessable URLs, the page, short links, QR codes",
    load: async () => (await import("./commands/publish")).publishCommand,
  },
  deliver: {
    summary: "e-mail each learner their credential through an SMTP server (resumable, never twice)",
    load: async () => (await import("./commands/deliver")).deliverCommand,
  },
};
