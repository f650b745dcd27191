/**
 * The text of a PDF that Chromium printed (page.pdf), for tests: inflates the content streams, reads
 * each font's ToUnicode CMap, and decodes the hex glyph strings of `Tj`/`TJ` with the font selected by
 * `Tf`. Enough for Skia's output, not a general PDF reader.
 */
import zlib from "node:zlib";

interface PdfObject {
  dict: string;
  stream?: string;
}

/** The PDF's objects by number, with their (inflated) streams as latin1 strings. */
function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const body = match[2];
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const start = at + body.slice(at).indexOf("\n") + 1;
    const raw = Buffer.from(body.slice(start, body.lastIndexOf("endstream")), "latin1");
    const stream = /\/FlateDecode/.test(dict)
      ? zlib.inflateSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1")
      : raw.toString("latin1");
    objects.set(Number(match[1]), { dict, stream });
  }
  return objects;
}

/** A ToUnicode CMap: glyph code (hex) → text. */
function readCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    for (const [, src, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(src.toUpperCase(), utf16(dst));
  }
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    for (const [, lo, hi, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const from = parseInt(lo, 16);
      for (let code = from; code <= parseInt(hi, 16); code++) {
        const target = (parseInt(dst.slice(-4), 16) + code - from).toString(16).padStart(4, "0");
        map.set(code.toString(16).toUpperCase().padStart(lo.length, "0"), utf16(dst.slice(0, -4) + target));
      }
    }
  }
  return map;
}

/** The number of pages. */
export function pdfPageCount(pdf: Buffer): number {
  return [...readObjects(pdf).values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict)).length;
}

/**
 * The PDF's text, one line per text object; glyph runs separated by a wide kerning gap get a space.
 *
 * @example
 * pdfText(await page.pdf({ format: "A4" })) // "Certificate\nThis certifies that\nAda Lovelace\n…"
 */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const cmaps = new Map<number, Map<string, string>>();
  for (const [id, object] of objects) {
    const ref = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(object.dict);
    const cmap = ref ? objects.get(Number(ref[1]))?.stream : undefined;
    if (cmap) cmaps.set(id, readCMap(cmap));
  }
  const fontByName = new Map<string, Map<string, string>>();
  for (const object of objects.values()) {
    for (const [, name, id] of object.dict.matchAll(/\/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R/g)) {
      const cmap = cmaps.get(Number(id));
      if (cmap) fontByName.set(name, cmap);
    }
  }
  const lines: string[] = [];
  for (const object of objects.values()) {
    const content = object.stream;
    if (!content || !/\bBT\b/.test(content)) continue;
    let font: Map<string, string> | undefined;
    let line = "";
    const decode = (hex: string) => {
      const width = font && [...font.keys()][0] ? [...font.keys()][0].length : 4;
      let out = "";
      for (let i = 0; i + width <= hex.length; i += width)
        out += font?.get(hex.slice(i, i + width).toUpperCase()) ?? "";
      return out;
    };
    // A `[...] TJ` array is one token, its glyph strings and kerning numbers read in order inside it:
    // a lookahead from every number to the array's end scanned the stream again for each number.
    const tokens = /\/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[([^\][]*)\]\s*TJ|<([0-9A-Fa-f]*)>|\bET\b/g;
    for (let match = tokens.exec(content); match; match = tokens.exec(content)) {
      if (match[1] !== undefined) font = fontByName.get(match[1]);
      else if (match[2] !== undefined) {
        for (const [, hex, kerning] of match[2].matchAll(/<([0-9A-Fa-f]*)>|(-?[\d.]+)/g)) {
          if (hex !== undefined) line += decode(hex);
          else if (Number(kerning) < -200) line += " ";
        }
      } else if (match[3] !== undefined) line += decode(match[3]);
      else {
        if (line.trim() !== "") lines.push(line.trim());
        line = "";
      }
    }
  }
  // Ligatures (ﬁ) back to their letters.
  return lines.join("\n").normalize("NFKC");
}
