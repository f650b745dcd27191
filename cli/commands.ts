/**
 * The one table of commands: name → summary, flags (cli/specs/, no SDK) and module. The modules,
 * and the SDK with them, load only when a command runs: `--help`, `--version`, `<command> --help`
 * and usage errors load none of the chain stack (test/cli/startup.test.ts counts the modules).
 */
import type { CommandSpec } from "./lib/args";
import type { Command } from "./lib/command";
import { anchorSpec } from "./specs/anchor";
import { bakeSpec, unbakeSpec } from "./specs/bake";
import { costSpec } from "./specs/cost";
import { deliverSpec } from "./specs/deliver";
import { deploySpec } from "./specs/deploy";
import { discloseSpec } from "./specs/disclose";
import { identitySpec } from "./specs/identity";
import { initSpec } from "./specs/init";
import { issueSpec } from "./specs/issue";
import { publishSpec } from "./specs/publish";
import { credentialStatusSpec } from "./specs/revoke";
import { revokeBatchSpec } from "./specs/revokeBatch";
import { rolesSpec } from "./specs/roles";
import { serveSpec } from "./specs/serve";
import { setProfileSpec } from "./specs/setProfile";
import { shareSpec } from "./specs/share";
import { signingKeySpec } from "./specs/signingKey";
import { stackSpec } from "./specs/stack";
import { statusSpec } from "./specs/status";
import { verifySpec } from "./specs/verify";

export interface CommandEntry {
  /** One line for `credanchor --help`. */
  summary: string;
  /** Flags, usage and help text: enough for `--help` and for parsing, without loading the command. */
  spec: CommandSpec;
  /** The command's implementation (and the SDK with it), loaded only when the command runs. */
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: "write a commented credanchor.config.json",
    spec: initSpec,
    load: async () => (await import("./commands/init")).initCommand,
  },
  deploy: {
    summary: "deploy your credential registry and record it in deployments/<network>.json",
    spec: deploySpec,
    load: async () => (await import("./commands/deploy")).deployCommand,
  },
  "signing-key": {
    summary: "create the issuer's Ed25519 signing key (encrypted) and record it in the config",
    spec: signingKeySpec,
    load: async () => (await import("./commands/signingKey")).signingKeyCommand,
  },
  issue: {
    summary: "build a batch of credentials from a template and a recipients file (offline)",
    spec: issueSpec,
    load: async () => (await import("./commands/issue")).issueCommand,
  },
  anchor: {
    summary: "anchor a batch's Merkle root in the registry (--dry-run: gas and cost only)",
    spec: anchorSpec,
    load: async () => (await import("./commands/anchor")).anchorCommand,
  },
  cost: {
    summary: "what deploying, anchoring and revoking cost on each network at its current fee (sends nothing)",
    spec: costSpec,
    load: async () => (await import("./commands/cost")).costCommand,
  },
  verify: {
    summary: "verify credential files or folders of them",
    spec: verifySpec,
    load: async () => (await import("./commands/verify")).verifyCommand,
  },
  revoke: {
    summary: "revoke credentials, permanently",
    spec: credentialStatusSpec("revoke"),
    load: async () => (await import("./commands/revoke")).revokeCommand,
  },
  suspend: {
    summary: "suspend credentials (reversible with reinstate)",
    spec: credentialStatusSpec("suspend"),
    load: async () => (await import("./commands/revoke")).suspendCommand,
  },
  reinstate: {
    summary: "lift a suspension",
    spec: credentialStatusSpec("reinstate"),
    load: async () => (await import("./commands/revoke")).reinstateCommand,
  },
  "revoke-batch": {
    summary: "revoke a whole batch, permanently",
    spec: revokeBatchSpec,
    load: async () => (await import("./commands/revokeBatch")).revokeBatchCommand,
  },
  disclose: {
    summary: "hide fields of a credential before sharing it; the proof still verifies",
    spec: discloseSpec,
    load: async () => (await import("./commands/disclose")).discloseCommand,
  },
  status: {
    summary: "what the chain says about a credential or a batch",
    spec: statusSpec,
    load: async () => (await import("./commands/status")).statusCommand,
  },
  "set-profile": {
    summary: "set the registry's on-chain issuer name and URL (admin); anchor checks batches against it",
    spec: setProfileSpec,
    load: async () => (await import("./commands/setProfile")).setProfileCommand,
  },
  roles: {
    summary: "who may anchor, revoke and administer the registry; grant, revoke, renounce, transfer admin",
    spec: rolesSpec,
    load: async () => (await import("./commands/roles")).rolesCommand,
  },
  identity: {
    summary: "the DNS TXT record / did:web entry binding your registry to your domain; `check` looks them up",
    spec: identitySpec,
    load: async () => (await import("./commands/identity")).identityCommand,
  },
  bake: {
    summary: "bake a credential into a PNG or SVG badge image (Open Badges 3.0); the image verifies like the JSON",
    spec: bakeSpec,
    load: async () => (await import("./commands/bake")).bakeCommand,
  },
  unbake: {
    summary: "the credential baked into a PNG or SVG badge image, byte for byte",
    spec: unbakeSpec,
    load: async () => (await import("./commands/bake")).unbakeCommand,
  },
  stack: {
    summary: "stackable credentials: `check` a learner's components against a pathway, `issue` the stacked credentials",
    spec: stackSpec,
    load: async () => (await import("./commands/stack")).stackCommand,
  },
  serve: {
    summary: "run the verification service (W3C VC API verify, batch verify, the verifier page, health, metrics)",
    spec: serveSpec,
    load: async () => (await import("./commands/serve")).serveCommand,
  },
  share: {
    summary: "a credential's short link (once published) and its LinkedIn add-to-profile URL",
    spec: shareSpec,
    load: async () => (await import("./commands/share")).shareCommand,
  },
  publish: {
    summary: "an anchored batch as a static site: credentials at unguessable URLs, the page, short links, QR codes",
    spec: publishSpec,
    load: async () => (await import("./commands/publish")).publishCommand,
  },
  deliver: {
    summary: "e-mail each learner their credential through an SMTP server (resumable, never twice)",
    spec: deliverSpec,
    load: async () => (await import("./commands/deliver")).deliverCommand,
  },
};
