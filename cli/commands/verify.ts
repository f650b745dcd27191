/**
 * `credanchor verify`: files or folders of credentials → a verdict per credential, readable at a
 * glance, and an exit code a script can use.
 */
import fs from "node:fs";
import {
  createDidWebKeyResolver,
  createVerifyThreads,
  credentialFileByteLimit,
  describeByteLimit,
  describeRedactions,
  findProofEntry,
  type IdentityMethod,
  imageCredentialText,
  LOCAL_DEVELOPMENT_CHAIN,
  type RedactionSummary,
  Utf8Validator,
  type VerificationResult,
  verifyCredentials,
  WORKER_THRESHOLD,
} from "../../sdk/src/node";
import {
  booleanFlag,
  CHAIN_FLAGS,
  integerFlag,
  JSON_FLAG,
  stringFlag,
  stringsFlag,
  type CommandSpec,
  type ParsedArgs,
} from "../lib/args";
import { defineCommand } from "../lib/command";
import { expandCredentialPaths, resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { writeJson } from "../lib/output";
import { createProgress } from "../lib/progress";
import { chainsNamedIn, verifyRpc } from "../lib/verifyRpc";
import {
  LIST_ALL_UP_TO,
  printVerifyReport,
  verdictOf,
  type Verdict,
  type VerifiedFile,
  type VerifySummary,
} from "../lib/verifyReport";
import { UsageError } from "../errors";
import {
  identityNotChecked,
  parseDnsServers,
  parseIdentityMethods,
  verifyIdentityResolver,
  type IdentityMode,
} from "../lib/identityLookup";

export type { Verdict, VerifiedFile } from "../lib/verifyReport";

export interface VerifyOptions {
  /** Credential files and folders of them. */
  paths: string[];
  network?: string;
  rpc?: string[];
  config?: string;
  /** Confirmations the anchoring block needs (default: per chain). */
  confirmations?: number;
  /** List every credential, also when there are many. */
  all?: boolean;
  /** Show every check of every listed credential. */
  checks?: boolean;
  /**
   * The issuer's domain binding (DNS TXT record / did:web document, docs/IDENTITY.md): checked by
   * default on every chain but the local one (eip155:31337); `true` (`--identity`) checks it there
   * too, `false` (`--no-identity`) nowhere.
   */
  identity?: boolean;
  /** DNS servers for the binding's TXT lookups (`--dns-server IP[:PORT]`); default the system's. */
  dnsServers?: string[];
  /** Binding methods to try (`--identity-method`); default both, DNS first. */
  identityMethods?: IdentityMethod[];
  json?: boolean;
}

/** `--json` shape of `verify` (docs/CLI.md). */
export interface VerifyJson {
  summary: VerifySummary;
  /**
   * One per file, in the order of the arguments (folders sorted). The SDK's result plus `verdict`, and
   * `hidden` when the holder hid fields (the count of `redactedHashes` and the places that can be named).
   */
  results: Array<VerifiedFile>;
  /** RPC requests made, per chain. */
  rpcRequests: Record<string, number>;
  /**
   * The issuer's domain binding: `mode` `auto` (checked except on eip155:31337), `on` (--identity) or
   * `off` (--no-identity); `notChecked`: credentials whose issuer check passed on the registry's
   * profile alone (their issuer check has `details.identity.checked: false` and a `reason`).
   */
  identity: { mode: IdentityMode; notChecked: number };
}

/** Files read and verified per call, to bound memory on huge folders. */
const CHUNK = 10_000;

const spec: CommandSpec = {
  name: "verify",
  usage:
    "credanchor verify [--rpc URL]... [--network NAME] [--identity | --no-identity] [--dns-server IP[:PORT]] [--json] [--] FILE|DIR...",
  description:
    "Checks each credential: format, integrity (no visible value changed), inclusion (in its batch), anchor (the batch's root is in the registry its proof names, on that chain), finality, revocation, suspension, validity dates, and the issuer (the registry's profile names the credential's issuer, and the issuer's domain names the registry in a DNS TXT record or its did:web document: docs/IDENTITY.md; on the local chain eip155:31337, which no real domain can name, only with --identity: there the verdict reads 'valid on a local development chain, issuer not checked'; on a public chain an issuer not confirmed is never valid). Folders are searched for *.json (credanchor's own files are skipped: manifest.json, anchor.journal.json, credanchor.config.json, deployments/) and for baked badge images (*.png, *.svg: those without a baked credential are skipped in folders; named on the command line they are not a credential). A baked PNG or SVG badge (credanchor bake) is verified exactly like the JSON baked into it. The chain and registry come from each proof; RPC endpoints from --rpc, --network, or the config (localhost's is built in; testnets read SEPOLIA_RPC_URL etc.). A network failure gives `error` (could not check), never `invalid`.",
  positionals: { min: 1, max: Infinity, name: "a credential FILE or DIR" },
  flags: {
    ...CHAIN_FLAGS,
    confirmations: {
      type: "string",
      valueName: "K",
      description: "confirmations the anchoring block needs (default: per chain)",
    },
    all: {
      type: "boolean",
      description: `list every credential (by default, above ${LIST_ALL_UP_TO} only those not valid)`,
    },
    checks: { type: "boolean", description: "show every check of every listed credential" },
    identity: {
      type: "boolean",
      description: `check the issuer's domain binding on the local chain ${LOCAL_DEVELOPMENT_CHAIN} too (default: every other chain)`,
    },
    "no-identity": {
      type: "boolean",
      description:
        "do not check the issuer's domain binding: on a public chain the issuer is then not confirmed, so nothing there is valid",
    },
    "dns-server": {
      type: "string",
      multiple: true,
      valueName: "IP[:PORT]",
      description: "DNS server for the issuer's TXT record (default: the system's resolver)",
    },
    "identity-method": {
      type: "string",
      multiple: true,
      valueName: "dns|did:web",
      description: "bind the issuer's domain by this method only (default: both, DNS first)",
    },
    ...JSON_FLAG,
  },
  examples: [
    { comment: "one credential", command: "credanchor verify shared.json" },
    { comment: "a whole batch folder", command: "credanchor verify batch-1" },
    { comment: "a baked badge image: the same verdict as its JSON", command: "credanchor verify alice-badge.png" },
    {
      comment: "every file of an inbox: after --, a file whose name starts with - is a file, never an option",
      command: "credanchor verify --json -- inbox/*.json",
    },
    {
      comment: "on Sepolia, with a fallback endpoint",
      command: "credanchor verify inbox/ --rpc https://rpc-a.example --rpc https://rpc-b.example --json",
    },
    {
      comment: "a local-node credential, with its issuer's TXT record looked up on a chosen DNS server",
      command: "credanchor verify shared.json --identity --dns-server 127.0.0.1:5353",
    },
  ],
  notes: [
    "Options go before `--`, files after it: an argument that reads as an option but names an existing",
    "file (e.g. a file called --rpc=http:HOST#.json matched by *.json) is refused; `--` makes it a file.",
    "Not a credential (not JSON, not UTF-8, over 10 MiB (64 MiB for a PNG or SVG), unreadable, no credanchor proof entry, an image with no baked credential) is exit 2;",
    "a file with a credanchor proof entry that breaks the format is invalid (exit 1).",
    "Exit codes: 0 all valid; 1 at least one credential is invalid (proven bad); otherwise 2 when at least",
    "one could not be checked (RPC down, not final yet) or is not a credential; 2 also for usage errors.",
  ],
};

/**
 * Verifies the files and prints a verdict per credential and a summary.
 *
 * @example
 * const exitCode = await verify({ paths: ["batch-1"] }, io);
 */
export async function verify(options: VerifyOptions, io: Io): Promise<number> {
  const started = Date.now();
  const files = expandCredentialPaths(io, options.paths, { images: true });
  // Images found in a folder are verified when they hold a credential; one without is a picture, not an input.
  const named = new Set(options.paths.map((file) => resolvePath(io, file)));
  const access = verifyRpc(io, { network: options.network, rpc: options.rpc, config: options.config });
  const identityMode: IdentityMode = options.identity === true ? "on" : options.identity === false ? "off" : "auto";
  // One resolver for the run: one DNS query per name and one did.json request per domain.
  const identityResolver = verifyIdentityResolver({
    dnsServers: options.dnsServers,
    methods: options.identityMethods,
  });
  const progress = createProgress(io, { label: "verifying", enabled: !options.json });
  const results: VerifiedFile[] = [];
  // Many files: worker threads run the offline checks; this thread reads the files and does the chain reads.
  const threads = files.length >= WORKER_THRESHOLD && !io.didDocuments ? createVerifyThreads() : undefined;
  try {
    for (let start = 0; start < files.length; start += CHUNK) {
      const chunk = files.slice(start, start + CHUNK);
      const texts = chunk.map((file) => readText(io, file));
      const readable = chunk.filter((_, i) => typeof texts[i] === "string");
      const readableTexts = texts.filter((text): text is string => typeof text === "string");
      const verifyTexts = threads
        ? (texts: string[], o: Parameters<typeof verifyCredentials>[1]) => threads.verifyTexts(texts, o)
        : verifyCredentials;
      const verified = await verifyTexts(readableTexts, {
        rpc: access.rpcFor(chainsNamedIn(readableTexts)),
        files: readable,
        identityResolver,
        identity: identityMode,
        ...(io.didDocuments ? { signatureKeyResolver: createDidWebKeyResolver({ documents: io.didDocuments }) } : {}),
        ...(options.confirmations !== undefined ? { minConfirmations: options.confirmations } : {}),
        onProgress: (done) => progress.update(start + done, files.length),
      });
      let next = 0;
      chunk.forEach((file, i) => {
        const text = texts[i];
        if (typeof text !== "string" && "picture" in text && text.picture && !named.has(resolvePath(io, file))) return;
        const result = typeof text === "string" ? verified[next++] : unreadable(file, start + i, text);
        const hidden = typeof text === "string" ? hiddenIn(result, text) : undefined;
        results.push({ ...result, file, verdict: verdictOf(result), ...(hidden ? { hidden } : {}) });
      });
    }
  } finally {
    progress.stop();
    await threads?.close();
  }

  const count = (verdict: Verdict) => results.filter((r) => r.verdict === verdict).length;
  const summary = {
    total: results.length,
    valid: count("valid"),
    invalid: count("invalid"),
    error: count("error"),
    notCredential: count("not-a-credential"),
    exitCode: 0,
  };
  summary.exitCode = summary.invalid > 0 ? 1 : summary.error + summary.notCredential > 0 ? 2 : 0;
  const notChecked = { "local-chain": 0, disabled: 0 };
  for (const result of results) {
    const reason = identityNotChecked(result.checks.find((check) => check.check === "issuer"));
    if (reason) notChecked[reason]++;
  }

  if (options.json) {
    const rpcRequests = Object.fromEntries([...access.transports()].map(([chain, t]) => [chain, t.stats.requests]));
    const identity = { mode: identityMode, notChecked: notChecked["local-chain"] + notChecked.disabled };
    writeJson(io, { summary, results, rpcRequests, identity } satisfies VerifyJson);
    return summary.exitCode;
  }

  printVerifyReport(io, results, summary, notChecked, {
    all: options.all,
    checks: options.checks,
    missing: access.missing(),
    started,
  });
  return summary.exitCode;
}

/** What the holder hid, when the integrity check passed over hidden fields (else undefined). */
function hiddenIn(result: VerificationResult, text: string): RedactionSummary | undefined {
  const integrity = result.checks.find((check) => check.check === "integrity");
  const count = (integrity?.details as { redactedFields?: unknown } | undefined)?.redactedFields;
  if (integrity?.status !== "passed" || typeof count !== "number" || count === 0) return undefined;
  try {
    const credential = JSON.parse(text) as unknown;
    return describeRedactions(credential, findProofEntry(credential));
  } catch {
    return { count, places: [] };
  }
}

/** Why a file gives no text to verify: it cannot be read (`code`), or it cannot be a credential (`refused`). */
type NoText =
  | { code: "FORMAT_TOO_LARGE" | "FORMAT_INVALID_JSON"; refused: string }
  /** An image without a baked credential (`picture`: a readable image, not a damaged one). */
  | { code: "FORMAT_IMAGE_NOT_BAKED"; refused: string; picture: boolean }
  | { code: string; refused?: undefined };

/**
 * The file's text; or why there is none: unreadable, larger than a credential can be (checked before
 * reading, so a huge file costs nothing), or not UTF-8 (instead of verifying U+FFFD replacements).
 * A baked PNG or SVG badge (told by its content) gives the credential baked into it (docs/SPEC.md 9).
 */
function readText(io: Io, file: string): string | NoText {
  try {
    const full = resolvePath(io, file);
    const size = fs.statSync(full).size;
    // 10 MiB, or 64 MiB for a file whose first bytes show a PNG or SVG image (told by content, not name).
    const limit = credentialFileByteLimit(full, size);
    if (size > limit) {
      return {
        code: "FORMAT_TOO_LARGE",
        refused: `The file is too large to be a credential (${file}): ${size.toLocaleString("en-US")} bytes; at most ${limit.toLocaleString("en-US")} (${describeByteLimit(limit)}) are read.`,
      };
    }
    const bytes = fs.readFileSync(full);
    const image = imageCredentialText(bytes, file);
    if (image !== undefined) {
      if ("text" in image) return image.text;
      return { code: "FORMAT_IMAGE_NOT_BAKED", refused: image.refused.message, picture: image.picture };
    }
    const utf8 = new Utf8Validator();
    if (!utf8.feed(bytes) || !utf8.end()) {
      return {
        code: "FORMAT_INVALID_JSON",
        refused: `The file is not UTF-8 text (${file}:${utf8.line}:${utf8.column}): a JSON credential is UTF-8.`,
      };
    }
    return bytes.toString("utf8");
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code ?? "unreadable" };
  }
}

/** The result for a file that gives no text: not a credential (unreadable, too large, not UTF-8). */
function unreadable(file: string, index: number, reason: NoText): VerificationResult {
  const message = reason.refused ?? `The file could not be read (${reason.code}).`;
  const code = reason.refused !== undefined ? reason.code : "FILE_UNREADABLE";
  return {
    status: "error",
    index,
    file,
    checks: [{ check: "format", status: "error", code, message }],
    summary: `Not a credential: ${message}`,
  };
}

/** `--identity`, `--no-identity`, `--dns-server`, `--identity-method` (throws UsageError). */
function identityFlags(args: ParsedArgs): Pick<VerifyOptions, "identity" | "dnsServers" | "identityMethods"> {
  const on = booleanFlag(args, "identity");
  const off = booleanFlag(args, "no-identity");
  if (on && off) {
    throw new UsageError("--identity and --no-identity contradict each other", {
      fix: "give one: --identity also checks the local chain's issuer binding, --no-identity checks none",
    });
  }
  const dnsServers = parseDnsServers(stringsFlag(args, "dns-server"));
  const identityMethods = parseIdentityMethods(stringsFlag(args, "identity-method"), "--identity-method");
  if (off && (dnsServers.length > 0 || identityMethods)) {
    throw new UsageError(
      `--${dnsServers.length > 0 ? "dns-server" : "identity-method"} has no effect with --no-identity`,
      {
        fix: "drop one of them",
      },
    );
  }
  return {
    ...(on ? { identity: true } : off ? { identity: false } : {}),
    ...(dnsServers.length > 0 ? { dnsServers } : {}),
    ...(identityMethods ? { identityMethods } : {}),
  };
}

export const verifyCommand = defineCommand<VerifyOptions>({
  spec,
  failureExitCode: 2,
  options: (args) => ({
    paths: args.positionals,
    network: stringFlag(args, "network"),
    rpc: stringsFlag(args, "rpc"),
    config: stringFlag(args, "config"),
    confirmations: integerFlag(args, "confirmations"),
    all: booleanFlag(args, "all"),
    checks: booleanFlag(args, "checks"),
    ...identityFlags(args),
    json: booleanFlag(args, "json"),
  }),
  run: verify,
});
