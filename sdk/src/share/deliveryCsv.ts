/**
 * delivery.csv (SPEC.md section 10.2): one row per credential, RFC 4180 quoting, and every cell that a
 * spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return)
 * prefixed with `'`.
 */
import { ShareError } from "../errors/share";

/** The file's name inside a batch directory. */
export const DELIVERY_FILE = "delivery.csv";

/** The columns, in order. */
export const DELIVERY_COLUMNS = [
  "row",
  "name",
  "email",
  "credentialId",
  "file",
  "shareUrl",
  "linkedInUrl",
  "qrFile",
] as const;

export type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];

/** One credential's row; empty strings for what is not known (yet). */
export type DeliveryRow = Record<DeliveryColumn, string>;

/**
 * One CSV cell: a formula-like value gets a leading `'`; a value with a comma, quote or line break is
 * quoted with inner quotes doubled.
 *
 * @example
 * csvCell("=HYPERLINK(\"x\")") // "\"'=HYPERLINK(\"\"x\"\")\""
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The text of delivery.csv: the header row, then one row per credential, CRLF line ends.
 *
 * @example
 * formatDeliveryCsv([{ row: "2", name: "Ada", email: "ada@example.org", ... }])
 */
export function formatDeliveryCsv(rows: readonly DeliveryRow[]): string {
  const lines = [DELIVERY_COLUMNS.join(",")];
  for (const row of rows) lines.push(DELIVERY_COLUMNS.map((column) => csvCell(row[column] ?? "")).join(","));
  return lines.join("\r\n") + "\r\n";
}

/**
 * Reads delivery.csv back (as written by formatDeliveryCsv; the `'` added to formula-like cells is
 * removed again).
 *
 * @example
 * parseDeliveryCsv(text)[0].email // "ada@example.org"
 */
export function parseDeliveryCsv(text: string, file = DELIVERY_FILE): DeliveryRow[] {
  const records = parseCsv(text, file);
  const header = records.shift();
  if (!header || header.join(",") !== DELIVERY_COLUMNS.join(",")) {
    throw new ShareError("not a credanchor delivery.csv (its header row differs)", {
      location: { file, line: 1 },
      fix: `The header must be ${DELIVERY_COLUMNS.join(",")}; run \`credanchor issue\` again or restore the file.`,
    });
  }
  return records.map((cells, i) => {
    if (cells.length !== DELIVERY_COLUMNS.length) {
      throw new ShareError(`the row has ${cells.length} cells, ${DELIVERY_COLUMNS.length} expected`, {
        location: { file, line: i + 2 },
      });
    }
    const row = {} as DeliveryRow;
    DELIVERY_COLUMNS.forEach(
      (column, j) => (row[column] = /^'[=+\-@\t\r]/.test(cells[j]) ? cells[j].slice(1) : cells[j]),
    );
    return row;
  });
}

function parseCsv(text: string, file: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      records.push(cells);
      cells = [];
      cell = "";
      line++;
    } else cell += char;
  }
  if (quoted) throw new ShareError("a quoted cell is not closed", { location: { file, line } });
  if (cell !== "" || cells.length > 0) {
    cells.push(cell);
    records.push(cells);
  }
  return records;
}
