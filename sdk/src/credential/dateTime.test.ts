import { expect } from "chai";
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
