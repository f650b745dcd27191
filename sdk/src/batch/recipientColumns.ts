/**
 * Node-only helpers of readRecipients: the header of a recipients file as people have them (any
 * case and spacing, the usual aliases, `--map column=field`), the separator of a CSV file, and the
 * check that no recipient appears twice.
 */
import { RECIPIENT_FIELDS } from "../credential/createCredential";
import { BatchInputError, BatchRowError } from "../errors/batch";

/** A header name without case, spaces, hyphens, underscores or dots: "E-mail Address" → "emailaddress". */
export function normalizeColumnName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-_.]+/g, "");
}

/** Usual header names (normalized) of each recipient field, besides the field's own name. */
export const RECIPIENT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  name: [
    "fullname",
    "learner",
    "learnername",
    "recipient",
    "recipientname",
    "student",
    "studentname",
    "participant",
    "participantname",
    "displayname",
  ],
  email: ["mail", "emailaddress", "mailaddress", "learneremail", "studentemail", "recipientemail", "participantemail"],
  id: ["did", "recipientid", "subjectid", "learnerid"],
  validFrom: ["issued", "issuedate", "issuedon", "dateissued", "awarded", "awarddate", "awardedon", "issuancedate"],
  validUntil: ["expires", "expireson", "expiry", "expirydate", "expirationdate", "validto"],
  score: ["grade", "mark", "marks", "points"],
  result: [],
  status: ["completionstatus", "outcome"],
  evidence: ["evidenceurl", "evidencelink", "portfolio", "portfoliourl"],
  narrative: ["comment", "comments", "remarks"],
  activityStartDate: ["startdate", "start", "coursestart", "startedon"],
  activityEndDate: ["enddate", "end", "courseend", "completiondate", "completedon"],
  creditsEarned: ["credits", "ects", "creditpoints", "cpd", "cpdhours", "hours"],
};

const BY_NAME = new Map<string, string>();
for (const field of RECIPIENT_FIELDS) {
  BY_NAME.set(normalizeColumnName(field), field);
  for (const alias of RECIPIENT_ALIASES[field] ?? []) BY_NAME.set(alias, field);
}

/** How the columns of a header map to recipient fields. */
export interface ColumnPlan {
  /** Per column: the recipient field it fills, or undefined when it is ignored. */
  fields: Array<string | undefined>;
  /** Columns that are no recipient field (ignored, or refused with `strict`). */
  ignored: string[];
}

/**
 * Parses `--map` entries (`column=field`) into column → field; the field must be a recipient field.
 *
 * @example
 * parseColumnMap(["Student Mail=email"]) // { "Student Mail": "email" }
 */
export function parseColumnMap(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    const column = at > 0 ? entry.slice(0, at).trim() : "";
    const field = at > 0 ? entry.slice(at + 1).trim() : "";
    const known = RECIPIENT_FIELDS.find((f) => normalizeColumnName(f) === normalizeColumnName(field));
    if (column === "" || known === undefined) {
      throw new BatchInputError(
        column === ""
          ? `--map ${JSON.stringify(entry)} is not COLUMN=FIELD`
          : `--map ${JSON.stringify(entry)}: "${field}" is not a recipient field`,
        { fix: `Write --map "Column name=field", with a field among: ${RECIPIENT_FIELDS.join(", ")}.` },
      );
    }
    map[column] = known;
  }
  return map;
}

/**
 * Which recipient field each column of `header` fills: a `map` entry first (matched like the header,
 * ignoring case and spaces), else the field's own name or an alias (RECIPIENT_ALIASES), ignoring
 * case, spaces, hyphens, underscores and dots. Throws a BatchRowError (line 1) for an empty or
 * repeated column name, two columns for one field, a `map` column the header lacks, and, with
 * `strict`, any column that is no recipient field.
 */
export function planColumns(
  header: readonly string[],
  options: { file: string; map?: Readonly<Record<string, string>>; strict?: boolean },
): ColumnPlan {
  const { file } = options;
  const names = header.map((name) => String(name ?? "").trim());
  const mapped = new Map<string, string>();
  for (const [column, field] of Object.entries(options.map ?? {})) mapped.set(normalizeColumnName(column), field);
  const seen = new Set<string>();
  const fields: Array<string | undefined> = [];
  const ignored: string[] = [];
  const byField = new Map<string, string>();
  for (const name of names) {
    if (name === "") throw new BatchRowError("the header row has an empty column name", { file, line: 1 });
    if (seen.has(name)) throw new BatchRowError(`the header row names column "${name}" twice`, { file, line: 1 });
    seen.add(name);
    const key = normalizeColumnName(name);
    const field = mapped.get(key) ?? BY_NAME.get(key);
    mapped.delete(key);
    if (field === undefined) {
      ignored.push(name);
      fields.push(undefined);
      continue;
    }
    const other = byField.get(field);
    if (other !== undefined) {
      throw new BatchRowError(`the columns "${other}" and "${name}" both give the recipient's ${field}`, {
        file,
        line: 1,
        fix: `Remove or rename one of them, or say which to use: --map "${name}=…" maps a column to another field.`,
      });
    }
    byField.set(field, name);
    fields.push(field);
  }
  if (mapped.size > 0) {
    const missing = Object.keys(options.map ?? {}).filter((column) => mapped.has(normalizeColumnName(column)));
    throw new BatchRowError(`--map names the column "${missing[0]}", which the header row does not have`, {
      file,
      line: 1,
      fix: `The columns are: ${names.join(", ")}.`,
    });
  }
  if (options.strict && ignored.length > 0) {
    throw new BatchRowError(
      `the header row has ${ignored.length === 1 ? "a column that is" : "columns that are"} no recipient field: ${ignored.map((c) => `"${c}"`).join(", ")} (--strict)`,
      {
        file,
        line: 1,
        fix: `Remove ${ignored.length === 1 ? "it" : "them"}, map ${ignored.length === 1 ? "it" : "them"} with --map "COLUMN=FIELD", or leave out --strict to ignore ${ignored.length === 1 ? "it" : "them"}. Fields: ${RECIPIENT_FIELDS.join(", ")}.`,
      },
    );
  }
  return { fields, ignored };
}

/** The note about ignored columns, or undefined when none is ignored. */
export function ignoredColumnsNote(file: string, ignored: readonly string[]): string | undefined {
  if (ignored.length === 0) return undefined;
  return `${file}: ignored ${ignored.length === 1 ? "column" : "columns"} ${ignored.map((c) => `"${c}"`).join(", ")} (no recipient field; --map "COLUMN=FIELD" uses one, --strict refuses them)`;
}

/** The row built from a record by the plan: only the mapped fields, and only those with a value. */
export function rowByPlan(values: readonly unknown[], plan: ColumnPlan): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  plan.fields.forEach((field, i) => {
    if (field !== undefined && values[i] !== undefined && values[i] !== null) row[field] = values[i];
  });
  return row;
}

/**
 * The separator of a CSV file, from its header line: the one of `,` `;` and tab that occurs most
 * often outside quotes (a comma when none does).
 *
 * @example
 * detectSeparator("Name;E-mail;Score\n") // ";"
 */
export function detectSeparator(head: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of head.replace(/^\uFEFF/, "")) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  const best = (Object.entries(counts) as Array<[keyof typeof counts, number]>).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ",";
}

/**
 * Refuses a second row for a recipient already seen (the same e-mail address, case aside, or the
 * same id): one credential per recipient and achievement. Keeps the first line of each.
 */
export function createDuplicateCheck(file: string): (row: Record<string, unknown>, line: number) => void {
  const seen = new Map<string, number>();
  return (row, line) => {
    const keys: Array<[string, string]> = [];
    if (typeof row.email === "string" && row.email.trim() !== "")
      keys.push([`email:${row.email.trim().toLowerCase()}`, `e-mail address ${row.email.trim()}`]);
    if (typeof row.id === "string" && row.id.trim() !== "") keys.push([`id:${row.id.trim()}`, `id ${row.id.trim()}`]);
    for (const [key, what] of keys) {
      const first = seen.get(key);
      if (first !== undefined) {
        throw new BatchRowError(
          `the same recipient as line ${first} (${what}): one credential per recipient and achievement`,
          {
            file,
            line,
            fix: `Remove line ${first} or line ${line}, or pass --allow-duplicates to issue both.`,
          },
        );
      }
    }
    for (const [key] of keys) seen.set(key, line);
  };
}
