/**
 * Baking (docs/SPEC.md section 9): hand-made PNG and SVG fixtures, the SPEC's test vector, round
 * trips, replacement of an earlier credential, and the typed errors for broken images. The PNGs are
 * also read by pngjs, an independent decoder that checks every CRC.
 */
import { expect } from "chai";
import { PNG } from "pngjs";
import { BakedImageError } from "../errors/bake";
import { bakePng, bakeSvg, drawBadgeSvg, unbakeImage, unbakePng, unbakeSvg } from "../index";
import { crc32 } from "./crc32";
import { renderSvgToPng } from "../node";

/** A 1 × 1 grey PNG, written by hand (IHDR, one stored-deflate IDAT, IEND), docs/SPEC.md 9.4. */
const TINY_PNG_HEX =
  "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55" +
  "0000000d494441547801010200fdff0000000200017e050dd2" +
  "0000000049454e44ae426082";
const VECTOR_JSON = '{"type":["VerifiableCredential","OpenBadgeCredential"]}';
/** The iTXt chunk bakePng must write for VECTOR_JSON (length, type, data, CRC), docs/SPEC.md 9.4. */
const VECTOR_CHUNK_HEX =
  "0000004f695458746f70656e626164676563726564656e7469616c0000000000" +
  "7b2274797065223a5b2256657269666961626c6543726564656e7469616c222c224f70656e426164676543726564656e7469616c225d7d" +
  "1caf4f6e";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const tinyPng = () => fromHex(TINY_PNG_HEX);

function bakeError(run: () => unknown): BakedImageError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(BakedImageError);
    return error as BakedImageError;
  }
  expect.fail("expected a BakedImageError");
}

const CREDENTIAL = JSON.stringify(
  {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: 'Zoë\'s <badge> & "quotes" ]]> and ]]]]> 🎓',
    credentialSubject: { achievement: { name: "Telemedicine Nursing" } },
  },
  null,
  2,
);

describe("baked images", () => {
  describe("crc32", () => {
    it("gives IEND's well-known CRC", () => {
      expect(crc32(new TextEncoder().encode("IEND"))).to.equal(0xae426082);
    });
  });

  describe("bakePng", () => {
    it("writes the SPEC's test vector: the iTXt chunk right before IEND, everything else unchanged", () => {
      const baked = bakePng(tinyPng(), VECTOR_JSON);
      expect(hex(baked)).to.equal(TINY_PNG_HEX.slice(0, -24) + VECTOR_CHUNK_HEX + TINY_PNG_HEX.slice(-24));
      expect(unbakePng(baked)).to.equal(VECTOR_JSON);
    });

    it("round-trips any JSON text exactly, and the result is a valid PNG for an independent decoder", () => {
      const baked = bakePng(tinyPng(), CREDENTIAL);
      expect(unbakePng(baked)).to.equal(CREDENTIAL);
      const decoded = PNG.sync.read(Buffer.from(baked));
      expect([decoded.width, decoded.height]).to.deep.equal([1, 1]);
    });

    it("replaces an earlier baked credential: one chunk, the new text", () => {
      const twice = bakePng(bakePng(tinyPng(), CREDENTIAL), VECTOR_JSON);
      expect(hex(twice)).to.equal(hex(bakePng(tinyPng(), VECTOR_JSON)));
      expect(unbakePng(twice)).to.equal(VECTOR_JSON);
    });

    it("refuses a file that is not a PNG, at offset 0", () => {
      const error = bakeError(() => bakePng(new TextEncoder().encode("GIF89a........"), "{}"));
      expect(error.problem).to.equal("not-png");
      expect(error.offset).to.equal(0);
      expect(error.code).to.equal("BAKED_IMAGE_NOT_PNG");
    });

    it("refuses a chunk with a wrong CRC, naming the chunk and the CRC's offset", () => {
      const png = tinyPng();
      png[png.length - 13] ^= 1; // last byte of IDAT's CRC
      const error = bakeError(() => bakePng(png, "{}"));
      expect(error.problem).to.equal("bad-crc");
      expect(error.offset).to.equal(8 + 25 + 8 + 13);
      expect(error.message).to.contain("IDAT").and.contain("byte offset 54");
    });

    it("refuses a truncated file, with the offset of the chunk it ends in", () => {
      const error = bakeError(() => bakePng(tinyPng().subarray(0, 45), "{}"));
      expect(error.problem).to.equal("truncated");
      expect(error.offset).to.equal(33);
      expect(error.message).to.contain("IDAT");
      const noEnd = bakeError(() => bakePng(tinyPng().subarray(0, 58), "{}"));
      expect([noEnd.problem, noEnd.offset]).to.deep.equal(["truncated", 58]);
    });
  });

  describe("unbakePng", () => {
    it("says an image without a credential holds none (not-baked)", () => {
      const error = bakeError(() => unbakePng(tinyPng()));
      expect(error.problem).to.equal("not-baked");
      expect(error.fix).to.contain("credanchor bake");
    });

    it("refuses a compressed credential chunk (Open Badges 3.0 forbids compression)", () => {
      const baked = bakePng(tinyPng(), "{}");
      const chunkStart = TINY_PNG_HEX.length / 2 - 12;
      baked[chunkStart + 8 + "openbadgecredential".length + 1] = 1;
      // fix the CRC so that only the flag is wrong
      const length = new DataView(baked.buffer).getUint32(chunkStart);
      new DataView(baked.buffer).setUint32(
        chunkStart + 8 + length,
        crc32(baked, chunkStart + 4, chunkStart + 8 + length),
      );
      const error = bakeError(() => unbakePng(baked));
      expect(error.problem).to.equal("bad-chunk");
      expect(error.message).to.contain("compressed");
    });
  });

  describe("bakeSvg and unbakeSvg", () => {
    const SVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- <svg> in a comment is not the root -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-x="a>b"><rect width="10" height="10"/></svg>
`;

    it("declares the namespace on the root and puts the credential first, in CDATA", () => {
      const baked = bakeSvg(SVG, VECTOR_JSON);
      expect(baked).to.equal(
        SVG.replace(
          'data-x="a>b">',
          `data-x="a>b" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[${VECTOR_JSON}]]></openbadges:credential>`,
        ),
      );
      expect(unbakeSvg(baked)).to.equal(VECTOR_JSON);
    });

    it("splits ]]> between CDATA sections and round-trips exactly", () => {
      const baked = bakeSvg(SVG, CREDENTIAL);
      expect(baked).to.contain("]]]]><![CDATA[>");
      expect(unbakeSvg(baked)).to.equal(CREDENTIAL);
    });

    it("replaces an earlier credential, also one baked by another tool under another prefix", () => {
      const foreign = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob='https://purl.imsglobal.org/ob/v3p0'>
  <ob:credential>
    <![CDATA[{"old":true}]]>
  </ob:credential>
  <circle r="1"/>
</svg>`;
      expect(unbakeSvg(foreign)).to.equal('{"old":true}');
      const baked = bakeSvg(foreign, VECTOR_JSON);
      expect(baked).not.to.contain("old");
      expect(unbakeSvg(baked)).to.equal(VECTOR_JSON);
      expect(unbakeSvg(bakeSvg(baked, CREDENTIAL))).to.equal(CREDENTIAL);
    });

    it("reads a credential written as escaped text instead of CDATA", () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>{"a":"&lt;&amp;&#x263A;"}</openbadges:credential></svg>`;
      expect(unbakeSvg(svg)).to.equal('{"a":"<&☺"}');
    });

    it("bakes a self-closing root", () => {
      const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', "{}");
      expect(baked).to.equal(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>',
      );
    });

    it("refuses a document whose root is not <svg>, and an SVG without a credential", () => {
      expect(bakeError(() => bakeSvg("<html><svg/></html>", "{}")).problem).to.equal("not-svg");
      expect(bakeError(() => unbakeSvg(SVG)).problem).to.equal("not-baked");
      const open = bakeError(() => bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"><!-- never closed', "{}"));
      expect([open.problem, open.offset]).to.deep.equal(["bad-svg", 40]);
    });

    it("refuses JSON holding a character XML cannot carry", () => {
      const error = bakeError(() => bakeSvg(SVG, '{"a":"\uffff"}'));
      expect(error.message).to.contain("U+FFFF");
    });
  });

  describe("unbakeImage", () => {
    it("tells PNG from SVG by content and gives the exact JSON", () => {
      expect(unbakeImage(bakePng(tinyPng(), CREDENTIAL))).to.deep.equal({ kind: "png", credentialJson: CREDENTIAL });
      const svg = new TextEncoder().encode(
        "\uFEFF\n" + bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', CREDENTIAL),
      );
      expect(unbakeImage(svg)).to.deep.equal({ kind: "svg", credentialJson: CREDENTIAL });
    });

    it("refuses bytes that are neither", () => {
      const error = bakeError(() => unbakeImage(new TextEncoder().encode('{"a":1}')));
      expect(error.problem).to.equal("unknown-format");
    });
  });

  describe("drawBadgeSvg and renderSvgToPng", () => {
    it("escapes every text and wraps or cuts a long name", () => {
      const svg = drawBadgeSvg({
        achievementName:
          "Advanced <Telemedicine> & Remote Patient Monitoring for Community Nurses in Rural and Underserved Regions of the World",
        issuerName: 'St. Mary\'s "Hospital" School',
        kind: "Certificate",
        date: "2026-03-01T00:00:00Z",
      });
      expect(svg).to.contain("&lt;Telemedicine&gt; &amp;").and.contain("St. Mary&apos;s &quot;Hospital&quot;");
      expect(svg).to.contain(">CERTIFICATE<").and.contain(">2026-03-01<").and.contain("…");
      const nameLines = svg.match(/font-weight="bold" fill="#1e3a8a">/g) ?? [];
      expect(nameLines).to.have.length(3);
      // a well-formed SVG: it bakes and unbakes
      expect(unbakeSvg(bakeSvg(svg, "{}"))).to.equal("{}");
    });

    it("keeps a short name on one line at the largest size", () => {
      const svg = drawBadgeSvg({ achievementName: "First Aid", issuerName: "Red Cross" });
      expect(svg).to.match(/font-size="44"[^>]*>First Aid</);
      expect(svg).to.contain(">ACHIEVEMENT<");
    });

    it("renders to a PNG of the asked width that an independent decoder reads, not blank", () => {
      const png = renderSvgToPng(drawBadgeSvg({ achievementName: "First Aid", issuerName: "Red Cross" }), 200);
      const decoded = PNG.sync.read(Buffer.from(png));
      expect([decoded.width, decoded.height]).to.deep.equal([200, 200]);
      // the medal's blue at the centre of its rim (shapes only: no font needed for this)
      const at = (x: number, y: number) => Array.from(decoded.data.subarray((y * 200 + x) * 4, (y * 200 + x) * 4 + 4));
      expect(at(100, 3)).to.deep.equal([0x1e, 0x3a, 0x8a, 255]);
      expect(at(0, 0)[3]).to.equal(0); // transparent outside the medal
      expect(unbakePng(bakePng(png, CREDENTIAL))).to.equal(CREDENTIAL);
    });
  });
});
