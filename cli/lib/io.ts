/**
 * What a command may touch of the outside world. The real CLI passes the process's streams and
 * environment; tests and the demo pass their own to capture output or inject an in-process chain.
 */
import type { Readable } from "node:stream";

/** A stream a command writes to. `isTTY` and `columns` decide colours and the progress bar. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** An EIP-1193 provider (Hardhat's `hre.network.provider`, a browser wallet, ...). */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

export interface PromptOptions {
  /** Do not echo what is typed (passwords). */
  hidden?: boolean;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** The directory relative paths are resolved against; the config file is looked up here. */
  cwd: string;
  /** Asks the user; absent when nobody can answer (stdin is not a terminal). */
  prompt?: (question: string, options?: PromptOptions) => Promise<string>;
  /**
   * In-process networks by name, as EIP-1193 providers. The demo passes Hardhat's in-process network
   * as `hardhat`; the command line has none, so `--network hardhat` there explains to use localhost.
   */
  providers?: Record<string, Eip1193Provider>;
  /**
   * DID documents known in advance, by DID, used by `verify`'s signature check instead of fetching
   * `https://<domain>/.well-known/did.json`. The demo passes its issuers' did.json (it has no web
   * server); the command line has none and fetches them.
   */
  didDocuments?: Readonly<Record<string, unknown>>;
}

/** The real process: stdout, stderr, environment, working directory, and a prompt when stdin is a terminal. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    prompt: process.stdin.isTTY ? (question, options) => promptTerminal(question, options ?? {}) : undefined,
  };
}

/** A captured stream for tests: everything written, as one string. */
export interface MemoryStream extends OutputStream {
  text(): string;
}

/**
 * A stream that keeps what is written to it.
 *
 * @example
 * const stdout = memoryStream();
 * await verify({ paths: ["a.json"] }, { stdout, stderr: memoryStream(), env: {}, cwd: "." });
 * stdout.text();
 */
export function memoryStream(options: { isTTY?: boolean; columns?: number } = {}): MemoryStream {
  const chunks: string[] = [];
  return {
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(""),
  };
}

/** Reads one line from the terminal, echoing nothing when `hidden`. The question goes to stderr. */
function promptTerminal(question: string, options: PromptOptions): Promise<string> {
  const stdin = process.stdin as Readable & { isTTY?: boolean; setRawMode?(mode: boolean): void };
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = "";
    const raw = options.hidden === true && typeof stdin.setRawMode === "function";
    const finish = (error?: Error) => {
      stdin.removeListener("data", onData);
      if (raw) stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(Object.assign(new Error("cancelled"), { code: "ABORT_ERR" }));
        if (char === "\u007f" || char === "\b") answer = answer.slice(0, -1);
        else if (!raw || char >= " ") answer += char;
      }
    };
    if (raw) stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
