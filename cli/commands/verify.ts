/**
 * `credanchor verify`: files or folders of credentials → a verdict per credential, readable at a
 * glance, and an exit code a script can use.
 */
import fs from "node:fs";
import {
  type CheckResult,
  createDidWebKeyResolver,
  createVerifyThreads,
  credentialFileByteLimit,
  describeByteLimit,
  describeRedactions,
  findProofEntry,
  hiddenFieldsLine,
  type IdentityMethod,
  imageCredentialText,
  isNotACredential,
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
import { formatDuration, plural, printable, stylesFor, writeJson, type Styles } from "../lib/output";
import { createProgress } from "../lib/progress";
import { chainsNamedIn, verifyRpc } from "../lib/verifyRpc";
import { UsageError } from "../errors";
import {
  identityNotChecked,
  parseDnsServers,
  parseIdentityMethods,
  verifyIdentityResolver,
  type IdentityMode,
} from "../lib/identityLookup";

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

/**
 * What the command concluded about one input. `not-a-credential`: the format check found no credential
 * (not JSON, too large, unreadable, no credanchor proof entry); a malformed credential is `invalid`.
 */
export type Verdict = "valid" | "invalid" | "error" | "not-a-credential";

/** `--json` shape of `verify` (docs/CLI.md). */
export interface VerifyJson {
  summary: { total: number; valid: number; invalid: number; error: number; notCredential: number; exitCode: number };
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

/** One file's result as `verify` reports it. */
export type VerifiedFile = VerificationResult & { file: string; verdict: Verdict; hidden?: RedactionSummary };

/** Above this many credentials, only those that are not valid are listed (unless --all). */
const LIST_ALL_UP_TO = 50;
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

  const style = stylesFor(io.stdout, io.env);
  const listAll = options.all || results.length <= LIST_ALL_UP_TO;
  const detail = options.checks || results.length === 1;
  const lines: string[] = [];
  for (const result of results) {
    if (!listAll && result.verdict === "valid") continue;
    lines.push(...formatResult(result, style, detail));
  }
  if (!listAll && summary.valid > 0)
    lines.push(style.dim(`(${plural(summary.valid, "valid credential")} not listed; --all lists them)`));
  for (const [chain, fix] of access.missing()) lines.push(style.yellow(`! no RPC endpoint for ${chain}: ${fix}`));
  if (results.length > 1 || !detail) {
    if (notChecked.disabled > 0) {
      lines.push(
        style.yellow(
          `! issuer not confirmed (--no-identity) for ${plural(notChecked.disabled, "credential")}: the issuers' domains were not asked whether they name the registries, so none of them is valid on a public chain`,
        ),
      );
    }
    if (notChecked["local-chain"] > 0) {
      lines.push(
        style.dim(
          `local development chain: issuer not checked for ${plural(notChecked["local-chain"], "credential")} on ${LOCAL_DEVELOPMENT_CHAIN}; valid there means valid on a local development chain (--identity checks the binding anyway)`,
        ),
      );
    }
  }
  const parts = [`${summary.valid} valid`];
  if (summary.invalid) parts.push(style.red(`${summary.invalid} invalid`));
  if (summary.error) parts.push(style.yellow(`${summary.error} could not be checked`));
  if (summary.notCredential) parts.push(style.yellow(`${summary.notCredential} not a credential`));
  if (results.length > 1 || !detail) {
    lines.push(
      "",
      `${plural(summary.total, "credential")}: ${parts.join(", ")} (${formatDuration(Date.now() - started)})`,
    );
  }
  io.stdout.write(`${lines.join("\n")}\n`);
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

/**
 * Not a credential (exit 2): the format check found none (NOT_A_CREDENTIAL_CODES: not JSON, too large,
 * unreadable, no credanchor proof entry). A document with a credanchor proof entry that breaks the
 * format is the SDK's `invalid` (exit 1).
 */
export function verdictOf(result: VerificationResult): Verdict {
  if (isNotACredential(result)) return "not-a-credential";
  return result.status;
}

const VERDICT: Record<Verdict, (style: Styles) => string> = {
  valid: (s) => s.green("✔ valid  "),
  invalid: (s) => s.red("✘ invalid"),
  error: (s) => s.yellow("? error  "),
  "not-a-credential": (s) => s.yellow("✘ not a credential"),
};

const STATUS_MARK: Record<CheckResult["status"], (style: Styles) => string> = {
  passed: (s) => s.green("✔"),
  failed: (s) => s.red("✘"),
  error: (s) => s.yellow("?"),
  skipped: (s) => s.dim("-"),
};

/**
 * One credential: the verdict, who, what, from whom, and the file; then the failing check (in a
 * list) or every check (`detail`: one credential, or --checks).
 */
export function formatResult(result: VerifiedFile, style: Styles, detail: boolean): string[] {
  const indent = "           ";
  const lines: string[] = [];
  // Names, files and messages come from the files: printable() keeps them from drawing on the terminal.
  const file = printable(result.file);
  if (result.verdict === "not-a-credential") {
    lines.push(`${VERDICT[result.verdict](style)}  ${file}`);
  } else {
    const who = result.holder !== undefined ? printable(result.holder) : style.dim("(holder hidden)");
    const what =
      result.achievement !== undefined ? printable(result.achievement) : style.dim("(achievement not shown)");
    const issuer = result.issuer?.name ?? result.issuer?.id;
    const named = issuer !== undefined ? printable(issuer) : style.dim("(issuer unknown)");
    // The domain the identity check confirmed; a name alone is only what the file claims.
    const from = result.issuer?.domain !== undefined ? `${named} (${printable(result.issuer.domain)})` : named;
    const verdict =
      result.verdict === "valid" &&
      identityNotChecked(result.checks.find((c) => c.check === "issuer")) === "local-chain"
        ? style.yellow(detail ? "✔ valid on a local development chain, issuer not checked:" : "✔ valid (local chain)")
        : VERDICT[result.verdict](style);
    const headline = `${verdict}  ${style.bold(who)} · ${what} · ${from}`;
    if (detail) lines.push(headline, `${indent}${style.dim(file)}`);
    else lines.push(`${headline}  ${style.dim(file)}`);
    const hiddenLine = result.verdict === "valid" && result.hidden ? hiddenFieldsLine(result.hidden) : undefined;
    if (hiddenLine) lines.push(`${indent}${style.dim(printable(hiddenLine))}`);
  }
  if (detail) {
    const width = Math.max(...result.checks.map((check) => check.check.length));
    for (const check of result.checks) {
      lines.push(
        `${indent}${STATUS_MARK[check.status](style)} ${check.check.padEnd(width)}  ${printable(check.message)}`,
      );
    }
    if (result.components) lines.push(...componentTree(result, style, indent));
  } else if (result.verdict !== "valid") {
    const reason =
      result.checks.find((check) => check.status === "failed") ??
      result.checks.find((check) => check.status === "error") ??
      result.checks.find((check) => check.status === "skipped" && check.code !== "SKIPPED_DEPENDENCY");
    if (reason) lines.push(`${indent}${reason.check} ${reason.status}: ${printable(reason.message)}`);
  }
  return lines;
}

/**
 * A stacked credential's components as a tree under it (docs/SPEC.md section 11.5): each with its
 * verdict, what it is and, when not valid, why; nested stacks indented further.
 */
export function componentTree(result: VerificationResult, style: Styles, indent: string): string[] {
  const lines: string[] = [];
  if (result.stack) {
    const withheld = result.stack.withheld.length;
    lines.push(
      `${indent}${style.bold("stack")}  ${printable(result.stack.summary)}${withheld ? style.yellow(" (pathway unproven)") : ""}`,
    );
  }
  (result.components ?? []).forEach((component, i) => {
    const last = i === result.components!.length - 1;
    const mark = { valid: style.green("✔"), invalid: style.red("✘"), error: style.yellow("?") }[component.status];
    const what =
      component.achievement !== undefined ? printable(component.achievement) : style.dim("(achievement not shown)");
    const issuer = component.issuer?.name ?? component.issuer?.id;
    lines.push(`${indent}${last ? "└─" : "├─"} ${mark} ${what}${issuer ? ` · ${printable(issuer)}` : ""}`);
    const inner = `${indent}${last ? "   " : "│  "}`;
    if (component.status !== "valid") {
      const reason =
        component.checks.find((c) => c.status === "failed") ?? component.checks.find((c) => c.status === "error");
      if (reason) lines.push(`${inner}   ${reason.check} ${reason.status}: ${printable(reason.message)}`);
    }
    if (component.components) lines.push(...componentTree(component, style, `${inner}   `));
  });
  return lines;
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
