/** The default badge image: an SVG medal with the achievement, the issuer, the kind and the date. */

/** What the default badge shows. */
export interface BadgeInfo {
  achievementName: string;
  issuerName: string;
  /** A level or type shown above the name, e.g. "Certificate" (default "Achievement"). */
  kind?: string;
  /** The date shown at the bottom; an ISO 8601 date-time shows as its date (YYYY-MM-DD). */
  date?: string;
}

/**
 * The fonts the badge asks for, in order. No font ships with credanchor: a renderer uses the first it
 * has (Debian's fonts-dejavu-core and fonts-liberation, which most desktops and Chromium installs
 * carry; Arial or Helvetica elsewhere), and the generic `sans-serif` as a last resort.
 */
export const BADGE_FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

const SIZE = 600;
const TEXT_WIDTH = 400;
const BLUE = "#1e3a8a";
const ACCENT = "#2563eb";

/** Text for XML character data and attribute values: markup characters escaped, characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * `text` in at most `maxLines` lines of at most `perLine` characters, broken between words (a word
 * longer than a line is cut); what does not fit ends in "…".
 */
export function wrapText(text: string, perLine: number, maxLines: number): { lines: string[]; truncated: boolean } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (let word of words) {
    while ([...word].length > perLine) {
      if (current) lines.push(current);
      const chars = [...word];
      lines.push(chars.slice(0, perLine).join(""));
      word = chars.slice(perLine).join("");
      current = "";
    }
    if (!current) current = word;
    else if ([...current].length + 1 + [...word].length <= perLine) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return { lines, truncated: false };
  const kept = lines.slice(0, maxLines);
  // End the last line with "…": after its last whole word when that fits, else cut.
  let last = kept[maxLines - 1];
  while ([...last].length + 1 > perLine && last.includes(" ")) last = last.slice(0, last.lastIndexOf(" "));
  if ([...last].length + 1 > perLine) last = [...last].slice(0, Math.max(1, perLine - 1)).join("");
  kept[maxLines - 1] = `${last.replace(/\s+$/, "")}…`;
  return { lines: kept, truncated: true };
}

/** The largest font size (from `sizes`) at which `text` fits in `maxLines` lines; else the smallest, cut. */
function fit(text: string, sizes: number[], maxLines: number, widthPerEm: number) {
  for (const size of sizes) {
    const perLine = Math.floor(TEXT_WIDTH / (size * widthPerEm));
    const wrapped = wrapText(text, perLine, maxLines);
    if (!wrapped.truncated) return { size, lines: wrapped.lines };
  }
  const size = sizes[sizes.length - 1];
  return { size, lines: wrapText(text, Math.floor(TEXT_WIDTH / (size * widthPerEm)), maxLines).lines };
}

function textLines(lines: string[], centerY: number, size: number, attributes: string): string {
  const lineHeight = Math.round(size * 1.2);
  const top = centerY - ((lines.length - 1) * lineHeight) / 2;
  return lines
    .map(
      (line, i) =>
        `<text x="${SIZE / 2}" y="${Math.round(top + i * lineHeight)}" font-size="${size}" ${attributes}>${escapeXml(line)}</text>`,
    )
    .join("\n  ");
}

/**
 * A clean default badge as SVG (600 × 600): a medal with the kind (level or type) at the top, the
 * achievement name in the middle (up to three lines, smaller type for longer names, "…" past that),
 * the issuer (up to two lines) and the date. Every text is XML-escaped. `renderSvgToPng` (Node) turns
 * it into a PNG for `bakePng`.
 *
 * @example
 * const svg = drawBadgeSvg({ achievementName: "Telemedicine Nursing", issuerName: "Example University", kind: "Certificate", date: "2026-03-01" });
 */
export function drawBadgeSvg(info: BadgeInfo): string {
  const kind = (info.kind ?? "Achievement").trim() || "Achievement";
  const name = fit(info.achievementName || "Achievement", [44, 36, 30, 26], 3, 0.62);
  const issuer = fit(info.issuerName || "", [24, 20], 2, 0.58);
  const kindLine = wrapText(kind.toUpperCase(), 24, 1).lines[0] ?? "";
  const date = info.date ? (/^\d{4}-\d{2}-\d{2}T/.test(info.date) ? info.date.slice(0, 10) : info.date) : "";
  const dateLine = date ? (wrapText(date, 28, 1).lines[0] ?? "") : "";
  const font = `font-family="${BADGE_FONT_FAMILY}" text-anchor="middle"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${escapeXml(`${info.achievementName} (${info.issuerName})`)}">`,
    `  <title>${escapeXml(info.achievementName)}</title>`,
    `  <circle cx="300" cy="300" r="292" fill="${BLUE}"/>`,
    `  <circle cx="300" cy="300" r="268" fill="#ffffff"/>`,
    `  <circle cx="300" cy="300" r="252" fill="none" stroke="${ACCENT}" stroke-width="3"/>`,
    `  <path d="M300 86 l9 18 20 3 -14.5 14 3.5 20 -18 -9.5 -18 9.5 3.5 -20 -14.5 -14 20 -3z" fill="${ACCENT}"/>`,
    `  ${textLines([kindLine], 176, 22, `${font} font-weight="bold" letter-spacing="3" fill="${ACCENT}"`)}`,
    `  ${textLines(name.lines, 292, name.size, `${font} font-weight="bold" fill="${BLUE}"`)}`,
    `  <line x1="200" y1="384" x2="400" y2="384" stroke="${ACCENT}" stroke-width="2"/>`,
    issuer.lines.length > 0 ? `  ${textLines(issuer.lines, 428, issuer.size, `${font} fill="#1f2937"`)}` : "",
    dateLine ? `  ${textLines([dateLine], 492, 20, `${font} fill="#4b5563"`)}` : "",
    `</svg>`,
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
