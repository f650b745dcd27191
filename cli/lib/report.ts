/**
 * How failures reach the user. Expected failures (every BaseError, and the few system errors that
 * mean "your input" or "your network": a missing file, a refused connection) print one line and a
 * fix. Anything else is a bug: "internal error" and the stack.
 */
import path from "node:path";
import { BaseError, formatLocation } from "../../sdk/src/errors/base";
import type * as Sdk from "../../sdk/src/node";
import type { Io } from "./io";
import { printable, stylesFor } from "./output";

export interface ErrorReport {
  /** False for bugs. */
  expected: boolean;
  code: string;
  /** One line: where, then what. */
  message: string;
  fix?: string;
  details?: string;
}

const FILE_ERRORS: Record<string, { what: string; fix: string }> = {
  ENOENT: { what: "no such file or directory", fix: "check the path" },
  EACCES: { what: "permission denied", fix: "check the file's permissions" },
  EPERM: { what: "operation not permitted", fix: "check the file's permissions" },
  EISDIR: { what: "is a directory, not a file", fix: "give a file" },
  ENOTDIR: { what: "a part of the path is not a directory", fix: "check the path" },
  EEXIST: { what: "already exists", fix: "choose another path, or remove it first" },
  ENOSPC: { what: "no space left on the device", fix: "free some disk space" },
};

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH"]);
const VIEM_NETWORK_ERRORS = new Set(["HttpRequestError", "TimeoutError", "WebSocketRequestError", "SocketClosedError"]);

/**
 * Sorts an error into expected / bug, with the line to print. File paths under `cwd` are shown
 * relative to it, as the user typed them.
 */
export function describeError(error: unknown, cwd?: string): ErrorReport {
  if (error instanceof BaseError) {
    const file = error.location?.file;
    const relative =
      file && cwd && path.isAbsolute(file) && !path.relative(cwd, file).startsWith("..")
        ? path.relative(cwd, file)
        : file;
    // Say the file once: many messages already name it.
    const named =
      relative !== undefined && (error.shortMessage.includes(relative) || error.shortMessage.includes(file!));
    const where = formatLocation(error.location && { ...error.location, file: named ? undefined : relative });
    return {
      expected: true,
      code: error.code,
      message: where ? `${where}: ${error.shortMessage}` : error.shortMessage,
      fix: error.fix,
      details: error.details,
    };
  }
  const system = findInChain(error, (e) => typeof (e as NodeJS.ErrnoException).code === "string");
  const errno = system as NodeJS.ErrnoException | undefined;
  if (errno?.code && FILE_ERRORS[errno.code] && errno.path) {
    const known = FILE_ERRORS[errno.code];
    return { expected: true, code: errno.code, message: `${errno.path}: ${known.what}`, fix: known.fix };
  }
  const viem = findInChain(error, (e) => e instanceof Error && VIEM_NETWORK_ERRORS.has(e.name)) as
    (Error & { url?: string; shortMessage?: string }) | undefined;
  if (viem || (errno?.code && NETWORK_CODES.has(errno.code))) {
    const url = viem?.url ? ` ${redactUrl(viem.url)}` : "";
    return {
      expected: true,
      code: "RPC_UNREACHABLE",
      message: `could not reach the RPC endpoint${url}${errno?.code ? ` (${errno.code})` : ""}`,
      fix: "check that the node is running and the URL is right (for a local node: `npx hardhat node`), or give another with --rpc",
      details: viem?.shortMessage,
    };
  }
  if ((error as { code?: string } | undefined)?.code === "ABORT_ERR") {
    return { expected: true, code: "ABORTED", message: "cancelled" };
  }
  return {
    expected: false,
    code: "INTERNAL",
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The SDK's redactUrl, loaded on first use: a viem error means the SDK is loaded already, and the
 * printing of usage errors (`main` without a command run) must not load it (test/cli/startup.test.ts).
 */
function redactUrl(url: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return (require("../../sdk/src/node") as typeof Sdk).redactUrl(url);
}

function findInChain(error: unknown, predicate: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>();
  let current = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    if (predicate(current)) return current;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Prints `error` to stderr (and, with --json, an `{ "error": … }` document to stdout).
 *
 * @example
 * } catch (error) {
 *   printError(io, error, { debug });
 * }
 */
export function printError(io: Io, error: unknown, options: { debug?: boolean; json?: boolean } = {}): ErrorReport {
  const report = describeError(error, io.cwd);
  const style = stylesFor(io.stderr, io.env);
  const lines: string[] = [];
  if (report.expected) {
    // The message may quote the input (a member name, a pointer): never let it move the cursor.
    lines.push(`${style.red("error:")} ${printable(report.message)}`);
    if (report.fix) lines.push(`  ${style.dim("fix:")} ${report.fix}`);
    if (options.debug) {
      if (report.details) lines.push(`  details: ${report.details}`);
      lines.push(`  code: ${report.code}`);
      lines.push(...stackLines(error));
    }
  } else {
    lines.push(`${style.red("internal error:")} ${report.message}`);
    lines.push(...stackLines(error));
    lines.push(
      "This is a bug in credanchor, not a problem with your input. Please report it with the command you ran.",
    );
  }
  io.stderr.write(`${lines.join("\n")}\n`);
  if (options.json) {
    const body = { error: { code: report.code, message: report.message, ...(report.fix ? { fix: report.fix } : {}) } };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  }
  return report;
}

function stackLines(error: unknown): string[] {
  const lines: string[] = [];
  let current = error;
  let depth = 0;
  while (current instanceof Error && depth < 5) {
    lines.push(depth === 0 ? (current.stack ?? String(current)) : `caused by: ${current.stack ?? String(current)}`);
    current = current.cause;
    depth++;
  }
  return lines;
}
