/**
 * Node-only: streams a recipients file (CSV with a header row, or JSONL) as rows with their line
 * numbers, without holding the file in memory.
 */
import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { parse, type CsvError } from "csv-parse";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { BaseError } from "../errors/base";
import { BatchInputError, BatchRowError } from "../errors/batch";

/** The formats of a recipients file. */
export type RecipientsFormat = "csv" | "jsonl";

/** One recipient as read from the file: the row (CSV: strings by column) and its 1-based line. */
export interface RecipientItem {
  row: Record<string, unknown>;
  line: number;
}

export interface ReadRecipientsOptions {
  /** Default: from the extension (.csv; .jsonl, .ndjson), else sniffed from the first character. */
  format?: RecipientsFormat;
  /** Called with every chunk of raw bytes, in order (issueBatch hashes them into the input hash). */
  onBytes?: (chunk: Uint8Array) => void;
}

/** The format of `file`: by extension, else `{` at the start means JSONL. */
export function recipientsFormat(file: string, firstBytes: Uint8Array): RecipientsFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  const text = new TextDecoder()
    .decode(firstBytes)
    .replace(/^\uFEFF/, "")
    .trimStart();
  return text.startsWith("{") ? "jsonl" : "csv";
}

function readFirstBytes(file: string): Uint8Array {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(256);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, 256, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The rows of a recipients file, in groups (one group per chunk of the file read), each row with the
 * line it ends on. CSV: RFC 4180 with a header row naming the columns (UTF-8, optional BOM, empty
 * lines skipped, duplicate column names refused). JSONL: one JSON object per line, blank lines skipped,
 * duplicate member names refused. A syntax error throws a BatchRowError with the file and line.
 *
 * @example
 * for await (const rows of readRecipients("learners.csv")) for (const { row, line } of rows) ...
 */
export async function* readRecipients(
  file: string,
  options: ReadRecipientsOptions = {},
): AsyncGenerator<RecipientItem[], void, undefined> {
  let format: RecipientsFormat;
  try {
    format = options.format ?? recipientsFormat(file, readFirstBytes(file));
  } catch (error) {
    throw new BatchInputError(`cannot read the recipients file ${file}: ${(error as Error).message}`, {
      fix: "Check the path and the file's permissions.",
      cause: error,
    });
  }
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    if (format === "csv") yield* readCsv(file, stream, options.onBytes);
    else yield* readJsonl(file, stream, options.onBytes);
  } catch (error) {
    if (error instanceof BaseError) throw error;
    throw new BatchInputError(`cannot read the recipients file ${file}: ${(error as Error).message}`, {
      fix: "Check the path and the file's permissions.",
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}

async function* readCsv(
  file: string,
  stream: fs.ReadStream,
  onBytes: ((chunk: Uint8Array) => void) | undefined,
): AsyncGenerator<RecipientItem[]> {
  let pending: RecipientItem[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const names = header.map((name) => name.trim());
      const seen = new Set<string>();
      for (const name of names) {
        if (name === "") throw new BatchRowError("the header row has an empty column name", { file, line: 1 });
        if (seen.has(name)) throw new BatchRowError(`the header row names column "${name}" twice`, { file, line: 1 });
        seen.add(name);
      }
      return names;
    },
    on_record: (record: Record<string, string>, context) => {
      pending.push({ row: record, line: context.lines });
      return undefined; // collected here, not pushed downstream
    },
  });
  parser.on("error", (error) => {
    failure ??= error;
    wake?.(); // an error ends the parser without calling back
  });
  const write = (chunk: Buffer | null) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (failure) resolve();
      else if (chunk === null) parser.end(() => resolve());
      else parser.write(chunk, () => resolve());
    });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(chunk);
    await write(chunk);
    if (failure) throw csvFailure(file, failure);
    if (pending.length > 0) {
      yield pending;
      pending = [];
    }
  }
  await write(null);
  if (failure) throw csvFailure(file, failure);
  if (pending.length > 0) yield pending;
}

function csvFailure(file: string, error: unknown): BaseError {
  if (error instanceof BaseError) return error;
  const csv = error as CsvError & { lines?: number };
  const reason = (csv.message ?? String(error)).replace(/^Invalid Record Length: /, "");
  return new BatchRowError(`not valid CSV: ${reason}`, {
    file,
    line: csv.lines ?? 0,
    fix: "Fix the CSV syntax of this row (quotes, separators, the number of columns) and run again.",
    cause: error,
  });
}

async function* readJsonl(
  file: string,
  stream: fs.ReadStream,
  onBytes: ((chunk: Uint8Array) => void) | undefined,
): AsyncGenerator<RecipientItem[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let line = 0;
  const parseLine = (text: string, out: RecipientItem[]) => {
    line++;
    if (line === 1) text = text.replace(/^\uFEFF/, "");
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = parseCredentialJson(text, { file });
    } catch (error) {
      const located = error as BaseError;
      throw new BatchRowError(`not valid JSON: ${located.shortMessage ?? (error as Error).message}`, {
        file,
        line,
        column: located.location?.column,
        fix: "Each line of a JSONL file must be one JSON object.",
        cause: error,
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new BatchRowError("a JSONL line must be a JSON object", { file, line });
    }
    out.push({ row: value as Record<string, unknown>, line });
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(chunk);
    const text = rest + decoder.write(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    const out: RecipientItem[] = [];
    for (const item of lines) parseLine(item.endsWith("\r") ? item.slice(0, -1) : item, out);
    if (out.length > 0) yield out;
  }
  const last = rest + decoder.end();
  const out: RecipientItem[] = [];
  if (last !== "") parseLine(last.endsWith("\r") ? last.slice(0, -1) : last, out);
  if (out.length > 0) yield out;
}
