import { expect } from "chai";
import fc from "fast-check";
import { formatDateTime, isDateTime, isoFromUnixSeconds, isUtcDateTime } from "./dateTime";

describe("isDateTime", function () {
  it("accepts 29 February of the leap years 0000, 0004, 0400 and 2000 (year 0 is a leap year)", function () {
    for (const year of ["0000", "0004", "0096", "0400", "2000", "2024"]) {
      expect(isDateTime(`${year}-02-29T00:00:00Z`), year).to.equal(true);
    }
  });

  it("refuses 29 February of the common years 0001, 0100, 1900 and 2026 (Date.parse accepts them)", function () {
    for (const year of ["0001", "0100", "1900", "2026"]) {
      expect(isDateTime(`${year}-02-29T00:00:00Z`), year).to.equal(false);
    }
  });

  it("refuses days a month does not have, and accepts its last day", function () {
    expect(isDateTime("2026-04-31T00:00:00Z")).to.equal(false);
    expect(isDateTime("2026-04-30T23:59:59Z")).to.equal(true);
    expect(isDateTime("0099-12-31T00:00:00+01:00")).to.equal(true);
  });

  it("isUtcDateTime requires the Z offset", function () {
    expect(isUtcDateTime("2026-03-01T00:00:00Z")).to.equal(true);
    expect(isUtcDateTime("2026-03-01T00:00:00+00:00")).to.equal(false);
  });
});

describe("formatDateTime and isoFromUnixSeconds", function () {
  it("drop zero milliseconds and keep others", function () {
    expect(formatDateTime(new Date("2026-03-01T12:00:00.000Z"))).to.equal("2026-03-01T12:00:00Z");
    expect(formatDateTime(new Date("2026-03-01T12:00:00.250Z"))).to.equal("2026-03-01T12:00:00.250Z");
  });

  it("read unix seconds as a number or a bigint (block timestamps, registry times)", function () {
    expect(isoFromUnixSeconds(1772359200)).to.equal("2026-03-01T10:00:00Z");
    expect(isoFromUnixSeconds(1772359200n)).to.equal("2026-03-01T10:00:00Z");
    expect(isoFromUnixSeconds(0)).to.equal("1970-01-01T00:00:00Z");
  });
});

describe("isDateTime: the digit-by-digit path for UTC forms", function () {
  // The rules as the regular expression alone applied them before: the reference.
  const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
  const reference = (value: string): boolean => {
    const m = DATE_TIME.exec(value);
    if (!m) return false;
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (day > days) return false;
    if (m[8] !== "Z" && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
    return !Number.isNaN(Date.parse(value));
  };

  it("agrees with the regular expression on valid, edited and random date-times", function () {
    const alphabet = "0123456789-:TZ.+ xa\u0660";
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        fc.nat(9),
        fc.nat(40),
        fc.constantFrom(...alphabet),
        fc.boolean(),
        (date, fractionDigits, position, replacement, edit) => {
          const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
          const base = iso.slice(0, 19) + (fractionDigits ? `.${"123456789".slice(0, fractionDigits)}` : "") + "Z";
          const value =
            edit && position < base.length ? base.slice(0, position) + replacement + base.slice(position + 1) : base;
          expect(isDateTime(value), value).to.equal(reference(value));
        },
      ),
      { numRuns: 3_000 },
    );
    for (const value of [
      "2026-12-06T21:07:57.837Z",
      "2026-12-06T21:07:57.Z",
      "2026-12-06T21:07:57.1234567890Z",
      "2026-12-06T24:00:00Z",
      "2026-13-06T20:00:00Z",
      "2026-00-06T20:00:00Z",
      "2026-12-00T20:00:00Z",
      "2026-12-06T20:60:00Z",
      "2026-12-06T20:00:60Z",
      "2026-12-06t20:00:00Z",
      "2026-12-06T20:00:00z",
      "+02026-12-06T20:00:00Z",
      "2026-12-06T20:00:00.5Z",
      "2026-1a-06T20:00:00Z",
    ]) {
      expect(isDateTime(value), value).to.equal(reference(value));
    }
  });

  it("answers the same for a text seen before, valid or not, past the bound of remembered texts", function () {
    const valid = Array.from({ length: 200 }, (_, i) => isoFromUnixSeconds(1_700_000_000 + i));
    const invalid = ["2026-02-30T12:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01 12:00:00Z"];
    for (let round = 0; round < 3; round++) {
      for (const value of valid) expect(isDateTime(value), value).to.equal(true);
      for (const value of invalid) expect(isDateTime(value), value).to.equal(false);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (value) => {
        const first = isDateTime(value);
        expect(isDateTime(value)).to.equal(first).and.to.equal(reference(value));
      }),
    );
  });
});
