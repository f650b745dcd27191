const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in `month` (1-12) of `year` in the proleptic Gregorian calendar, computed by the calendar's rule:
 * `Date.UTC` reads the years 0-99 as 1900-1999, which made 0000-02-29 (year 0 is a leap year) invalid.
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

/**
 * True when `value` is an XML Schema / ISO 8601 date-time with seconds and an explicit offset, as VC
 * 2.0 requires for `validFrom` and `validUntil` (e.g. `2026-03-01T00:00:00Z`), and names a real instant.
 */
export function isDateTime(value: unknown): value is string {
  if (typeof value !== "string") return false;
  // The credentials of a batch carry the same few date-times (validFrom, validUntil, created): a text
  // found valid is remembered by its exact characters, a bounded few at a time.
  if (validDateTimes.has(value)) return true;
  if (!checkDateTime(value)) return false;
  if (validDateTimes.size >= MAX_REMEMBERED) validDateTimes.clear();
  validDateTimes.add(value);
  return true;
}

/** Date-times found valid, by their exact text (at most MAX_REMEMBERED). */
const validDateTimes = new Set<string>();
const MAX_REMEMBERED = 64;

function checkDateTime(value: string): boolean {
  const length = value.length;
  if (value.charCodeAt(length - 1) === 90 /* Z */ && (length === 20 || (length >= 22 && length <= 30))) {
    return isPlainUtcDateTime(value);
  }
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  if (day > daysInMonth(year, month)) return false;
  if (m[8] !== "Z" && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

/** The decimal value of the `count` ASCII digits of `text` from `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `isDateTime` of a text of 20 or 22-30 characters ending in Z: `YYYY-MM-DDTHH:MM:SSZ` or with a
 * fraction of 1-9 digits (`.837Z`), the forms the SDK writes, read digit by digit instead of by the
 * regular expression (the same rules; dateTime.test.ts compares the two ways).
 */
function isPlainUtcDateTime(value: string): boolean {
  if (value[4] !== "-" || value[7] !== "-" || value[10] !== "T" || value[13] !== ":" || value[16] !== ":") {
    return false;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return false;
  }
  if (second < 0 || second > 59 || day > daysInMonth(year, month)) return false;
  if (value.length > 20 && (value[19] !== "." || digits(value, 20, value.length - 21) < 0)) return false;
  return !Number.isNaN(Date.parse(value));
}

/** True when `value` is a date-time in UTC (`Z` offset), the form the SDK writes. */
export function isUtcDateTime(value: unknown): value is string {
  return isDateTime(value) && value.endsWith("Z");
}

/**
 * The SDK's one date-time formatter: ISO 8601 UTC, milliseconds dropped when zero.
 *
 * @example
 * formatDateTime(new Date("2026-03-01T12:00:00.000Z")) // "2026-03-01T12:00:00Z"
 */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Unix seconds (a block timestamp, a registry time) as ISO 8601 UTC without milliseconds.
 *
 * @example
 * isoFromUnixSeconds(1772359200) // "2026-03-01T10:00:00Z"
 */
export function isoFromUnixSeconds(seconds: number | bigint): string {
  return formatDateTime(new Date(Number(seconds) * 1000));
}
