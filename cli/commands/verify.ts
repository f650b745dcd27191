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
  type RedactionSummary,
  Utf8Validator,
  type VerificationResult,
  verifyCredentials,
  WORKER_THRESHOLD,
} from "../../sdk/src/node";
import { booleanFlag, integerFlag, stringFlag, stringsFlag, type ParsedArgs } from "../lib/args";
import { defineCommand } from "../lib/command";
import { expandCredentialPaths, resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { writeJson } from "../lib/output";
import { createProgress } from "../lib/progress";
import { chainsNamedIn, verifyRpc } from "../lib/verifyRpc";
import { printVerifyReport, verdictOf, type Verdict, type VerifiedFile, type VerifySummary } from "../lib/verifyReport";
import { UsageError } from "../errors";
import {
  identityNotChecked,
  parseDnsServers,
  parseIdentityMethods,
  verifyIdentityResolver,
  type IdentityMode,
} from "../lib/identityLookup";
import { verifySpec as spec } from "../specs/verify";

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
