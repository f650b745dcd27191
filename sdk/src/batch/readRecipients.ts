/**
 * Node-only: streams a recipients file (CSV with a header row, JSONL, or an .xlsx spreadsheet) as rows
 * with their line numbers, without holding a CSV or JSONL file in memory.
 */
import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { parse, type CsvError } from "csv-parse";
import { Utf8Validator } from "../canonical/Utf8Validator";
import { formatDateTime } from "../credential/dateTime";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { BaseError } from "../errors/base";
import { BatchInputError, BatchRowError } from "../errors/batch";
import {
  createDuplicateCheck,
  detectSeparator,
  ignoredColumnsNote,
  planColumns,
  rowByPlan,
  type ColumnPlan,
} from "./recipientColumns";

/** The formats of a recipients file. */
export type RecipientsFormat = "csv" | "jsonl" | "xlsx";

/**
 * Longest recipient row (a CSV record or a JSONL line), in characters: 64 KiB. A real row is a name,
 * an address and a few short values; anything longer is an error (often a quote that swallowed the
 * rest of the file) and is refused before it is held in memory or copied into a credential.
 */
export const MAX_RECIPIENT_ROW_LENGTH = 64 * 1024;

function notUtf8(file: string, utf8: Utf8Validator): BatchRowError {
  return new BatchRowError("not valid UTF-8 text (a byte that is not UTF-8, e.g. a file saved as Latin-1 or UTF-16)", {
    file,
    line: utf8.line,
    column: utf8.column,
    fix: "Save the recipients file as UTF-8 (with or without a byte order mark) and run again.",
  });
}

function rowTooLong(file: string, line: number): BatchRowError {
  return new BatchRowError(
    `the row is longer than ${MAX_RECIPIENT_ROW_LENGTH.toLocaleString("en-US")} characters, the most a recipient row may hold`,
    { file, line, fix: "Check the row (an unbalanced quote can swallow the lines after it) and shorten its values." },
  );
}

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
  /**
   * CSV and xlsx: column → recipient field, for headers that are neither a field's name nor one of its
   * aliases (`--map "Student Mail=email"`); the column is matched ignoring case and spaces.
   */
  map?: Readonly<Record<string, string>>;
  /** CSV and xlsx: refuse columns that are no recipient field (default: ignored, with one note). */
  strict?: boolean;
  /** Keep two rows for the same recipient (default: the second is refused, naming both lines). */
  allowDuplicates?: boolean;
  /** Called once with a note for the user: the columns that were ignored. */
  onNote?: (note: string) => void;
}

/** Spreadsheet formats read as a zip or binary that are not .xlsx: refused with how to export CSV. */
const OTHER_SPREADSHEETS: Readonly<Record<string, string>> = {
  ".xls": "an Excel 97-2003 workbook (.xls)",
  ".xlsm": "an Excel workbook with macros (.xlsm)",
  ".xlsb": "an Excel binary workbook (.xlsb)",
  ".ods": "an OpenDocument spreadsheet (.ods)",
  ".numbers": "a Numbers spreadsheet (.numbers)",
};

const EXPORT_CSV =
  "Save it as .xlsx, or export it as CSV: in Excel File › Save As › CSV UTF-8; in LibreOffice Calc File › Save As › Text CSV (UTF-8); in Google Sheets File › Download › Comma-separated values; in Numbers File › Export To › CSV.";

/** The format of `file`: by extension (.csv, .tsv, .txt; .jsonl, .ndjson; .xlsx), else sniffed: `{` means JSONL, a zip xlsx. */
export function recipientsFormat(file: string, firstBytes: Uint8Array): RecipientsFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".csv" || extension === ".tsv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".xlsx") return "xlsx";
  if (OTHER_SPREADSHEETS[extension] !== undefined) {
    throw new BatchInputError(
      `the recipients file ${file} is ${OTHER_SPREADSHEETS[extension]}, which credanchor does not read`,
      {
        fix: EXPORT_CSV,
      },
    );
  }
  if (firstBytes[0] === 0x50 && firstBytes[1] === 0x4b && firstBytes[2] === 0x03 && firstBytes[3] === 0x04)
    return "xlsx";
  const text = new TextDecoder()
    .decode(firstBytes)
    .replace(/^\uFEFF/, "")
    .trimStart();
  return text.startsWith("{") ? "jsonl" : "csv";
}

function readFirstBytes(file: string, size = 256): Uint8Array {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(size);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, size, 0));
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
  let head: Uint8Array;
  try {
    head = readFirstBytes(file, MAX_RECIPIENT_ROW_LENGTH);
    format = options.format ?? recipientsFormat(file, head);
  } catch (error) {
    if (error instanceof BaseError) throw error;
    throw new BatchInputError(`cannot read the recipients file ${file}: ${(error as Error).message}`, {
      fix: "Check the path and the file's permissions.",
      cause: error,
    });
  }
  const duplicate = options.allowDuplicates ? undefined : createDuplicateCheck(file);
  const checked = async function* (rows: AsyncGenerator<RecipientItem[]>): AsyncGenerator<RecipientItem[]> {
    for await (const items of rows) {
      if (duplicate) {
        // The rows before a duplicate are handed over first, so an earlier bad row is still found.
        for (let i = 0; i < items.length; i++) {
          try {
            duplicate(items[i].row, items[i].line);
          } catch (error) {
            if (i > 0) yield items.slice(0, i);
            throw error;
          }
        }
      }
      yield items;
    }
  };
  if (format === "xlsx") {
    yield* checked(readXlsx(file, options));
    return;
  }
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    if (format === "csv") {
      const separator = detectSeparator(new TextDecoder().decode(head));
      yield* checked(readCsv(file, stream, separator, options));
    } else yield* checked(readJsonl(file, stream, options.onBytes));
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
  separator: string,
  options: ReadRecipientsOptions,
): AsyncGenerator<RecipientItem[]> {
  const onBytes = options.onBytes;
  let plan: ColumnPlan | undefined;
  let pending: RecipientItem[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  const utf8 = new Utf8Validator();
  let lastRecordLine = 1; // the line the previous record (or the header) ended on
  const parser = parse({
    bom: true,
    delimiter: separator,
    relax_column_count: true, // checked below against the header, with the row's line
    skip_empty_lines: true,
    max_record_size: MAX_RECIPIENT_ROW_LENGTH,
    on_record: (record: string[], context) => {
      lastRecordLine = context.lines;
      if (plan === undefined) {
        plan = planColumns(record, { file, map: options.map, strict: options.strict });
        const note = ignoredColumnsNote(path.basename(file), plan.ignored);
        if (note !== undefined) options.onNote?.(note);
        return undefined;
      }
      if (record.length !== plan.fields.length) {
        throw new BatchRowError(
          `not valid CSV: columns length is ${plan.fields.length}, got ${record.length} (the header has ${plan.fields.length} columns; separator ${separator === "\t" ? "tab" : `"${separator}"`}, found from the header)`,
          {
            file,
            line: context.lines,
            fix: "Fix the CSV syntax of this row (quotes, separators, the number of columns) and run again.",
          },
        );
      }
      pending.push({ row: rowByPlan(record, plan), line: context.lines });
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
    if (!utf8.feed(chunk)) throw notUtf8(file, utf8);
    await write(chunk);
    if (failure) throw csvFailure(file, failure, lastRecordLine + 1);
    if (pending.length > 0) {
      yield pending;
      pending = [];
    }
  }
  if (!utf8.end()) throw notUtf8(file, utf8);
  await write(null);
  if (failure) throw csvFailure(file, failure, lastRecordLine + 1);
  if (pending.length > 0) yield pending;
}

/** The BatchRowError for a csv-parse error; `rowStart` is the line where the failing record began. */
function csvFailure(file: string, error: unknown, rowStart: number): BaseError {
  if (error instanceof BaseError) return error;
  const csv = error as CsvError & { lines?: number };
  // The limit is hit many lines into a runaway record: name the line where the record began.
  if (csv.code === "CSV_MAX_RECORD_SIZE") return rowTooLong(file, rowStart);
  const reason = (csv.message ?? String(error)).replace(/^Invalid Record Length: /, "");
  return new BatchRowError(`not valid CSV: ${reason}`, {
    file,
    line: csv.lines ?? 0,
    fix: "Fix the CSV syntax of this row (quotes, separators, the number of columns) and run again.",
    cause: error,
  });
}

/** An .xlsx workbook's first sheet: a header row, then one recipient per row (row numbers as lines). */
async function* readXlsx(file: string, options: ReadRecipientsOptions): AsyncGenerator<RecipientItem[]> {
  const bytes = fs.readFileSync(file);
  options.onBytes?.(bytes);
  // Loaded on first use: only .xlsx input needs it. (`import()`, not `require()`: the ES module build
  // has no `require`; the CommonJS build compiles this to a `require`.)
  const { readSheet } = await import("read-excel-file/node");
  let rows: unknown[][];
  try {
    rows = (await readSheet(bytes)) as unknown[][];
  } catch (error) {
    throw new BatchInputError(`cannot read the spreadsheet ${file}: ${(error as Error).message}`, {
      fix: `Check that it is an .xlsx workbook. ${EXPORT_CSV}`,
      cause: error,
    });
  }
  const headerAt = rows.findIndex((row) => row.some((cell) => cell !== null && cell !== ""));
  if (headerAt < 0) return;
  const plan = planColumns(
    rows[headerAt].map((cell) => cellText(cell) ?? ""),
    { file, map: options.map, strict: options.strict },
  );
  const note = ignoredColumnsNote(path.basename(file), plan.ignored);
  if (note !== undefined) options.onNote?.(note);
  const items: RecipientItem[] = [];
  for (let i = headerAt + 1; i < rows.length; i++) {
    const cells = rows[i].map(cellText);
    if (cells.every((cell) => cell === undefined)) continue;
    items.push({ row: rowByPlan(cells, plan), line: i + 1 });
  }
  if (items.length > 0) yield items;
}

/** A spreadsheet cell as recipient text: a date as its ISO date (or date-time when it has a time), a number as written. */
function cellText(cell: unknown): string | undefined {
  if (cell === null || cell === undefined || cell === "") return undefined;
  if (cell instanceof Date) {
    const iso = formatDateTime(cell);
    return iso.endsWith("T00:00:00Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof cell === "string" || typeof cell === "number" || typeof cell === "boolean") return String(cell);
  return JSON.stringify(cell);
}

async function* readJsonl(
  file: string,
  stream: fs.ReadStream,
  onBytes: ((chunk: Uint8Array) => void) | undefined,
): AsyncGenerator<RecipientItem[]> {
  const decoder = new StringDecoder("utf8");
  const utf8 = new Utf8Validator();
  let rest = "";
  let line = 0;
  const parseLine = (text: string, out: RecipientItem[]) => {
    line++;
    if (line === 1) text = text.replace(/^\uFEFF/, "");
    if (text.length > MAX_RECIPIENT_ROW_LENGTH) throw rowTooLong(file, line);
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
    if (!utf8.feed(chunk)) throw notUtf8(file, utf8);
    const text = rest + decoder.write(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    const out: RecipientItem[] = [];
    for (const item of lines) parseLine(item.endsWith("\r") ? item.slice(0, -1) : item, out);
    if (rest.length > MAX_RECIPIENT_ROW_LENGTH) throw rowTooLong(file, line + 1);
    if (out.length > 0) yield out;
  }
  if (!utf8.end()) throw notUtf8(file, utf8);
  const last = rest + decoder.end();
  const out: RecipientItem[] = [];
  if (last !== "") parseLine(last.endsWith("\r") ? last.slice(0, -1) : last, out);
  if (out.length > 0) yield out;
}
