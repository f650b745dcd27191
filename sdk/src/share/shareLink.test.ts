import { expect } from "chai";
import { ShareError } from "../errors/share";
import { csvCell, formatDeliveryCsv, parseDeliveryCsv, type DeliveryRow } from "./deliveryCsv";
import { generateShareId, normalizeBaseUrl, readShareFragment, shareUrl } from "./shareLink";

describe("share links", function () {
  it("a share id is 16 random bytes in base64url: 22 characters (the SPEC 10.1 vector)", function () {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(generateShareId(() => bytes)).to.equal("ABEiM0RVZneImaq7zN3u_w");
    const ids = new Set(Array.from({ length: 1000 }, () => generateShareId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[A-Za-z0-9_-]{22}$/);
  });

  it("the share URL is the base URL and the id after #, at most 100 characters for a typical base", function () {
    const url = shareUrl("https://credentials.example.edu/c/", "ABEiM0RVZneImaq7zN3u_w");
    expect(url).to.equal("https://credentials.example.edu/c/#ABEiM0RVZneImaq7zN3u_w");
    expect(url.length).to.be.at.most(100);
    expect(readShareFragment(new URL(url).hash)).to.equal("ABEiM0RVZneImaq7zN3u_w");
  });

  it("reads only a bare id from a fragment (never a path, a URL or the old #credential= form)", function () {
    for (const hash of ["#../secret", "#https://evil.example/x", "#credential=eyJ9", "#ABEiM0RVZneImaq7zN3u_", ""]) {
      expect(readShareFragment(hash), hash).to.equal(undefined);
    }
  });

  it("refuses base URLs that are not a folder's http(s) address", function () {
    const cases: [string, RegExp][] = [
      ["credentials.example.edu/c/", /is not a URL/],
      ["ftp://example.edu/c/", /not an http\(s\) URL/],
      ["https://example.edu/c/?x=1", /query, a fragment or credentials/],
      ["https://user:pw@example.edu/c/", /query, a fragment or credentials/],
      ["https://example.edu/c", /does not end with "\/"/],
    ];
    for (const [input, message] of cases) {
      expect(() => normalizeBaseUrl(input), input).to.throw(ShareError, message);
    }
  });
});

describe("delivery.csv", function () {
  const row = (overrides: Partial<DeliveryRow>): DeliveryRow => ({
    row: "2",
    name: "Ada Lovelace",
    email: "ada@example.org",
    credentialId: "urn:uuid:1",
    file: "credentials/000000.json",
    shareUrl: "",
    linkedInUrl: "",
    qrFile: "",
    ...overrides,
  });

  it("prefixes formula-like cells with ' and quotes commas, quotes and line breaks", function () {
    expect(csvCell("=1+1")).to.equal("'=1+1");
    expect(csvCell("+31 6 1234")).to.equal("'+31 6 1234");
    expect(csvCell("-2")).to.equal("'-2");
    expect(csvCell("@SUM(A1)")).to.equal("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("http://x","y")')).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("Lovelace, Ada")).to.equal('"Lovelace, Ada"');
    expect(csvCell("two\nlines")).to.equal('"two\nlines"');
    expect(csvCell("Ada")).to.equal("Ada");
  });

  it("writes the header and rows with CRLF, and reads them back unchanged", function () {
    const rows = [row({}), row({ row: "3", name: '=cmd|" /C calc"!A0', email: "", file: "credentials/000001.json" })];
    const text = formatDeliveryCsv(rows);
    expect(text.split("\r\n")[0]).to.equal("row,name,email,credentialId,file,shareUrl,linkedInUrl,qrFile");
    expect(text.split("\r\n")[2]).to.equal(`3,"'=cmd|"" /C calc""!A0",,urn:uuid:1,credentials/000001.json,,,`);
    expect(parseDeliveryCsv(text)).to.deep.equal(rows);
  });

  it("refuses a file with another header, naming line 1", function () {
    expect(() => parseDeliveryCsv("name,email\r\nAda,ada@example.org\r\n", "d.csv"))
      .to.throw(ShareError)
      .with.deep.property("location", { file: "d.csv", line: 1 });
  });
});
