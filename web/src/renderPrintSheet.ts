/**
 * The printable certificate: one A4 or Letter page with the badge image, the learner, the achievement,
 * the issuer, the dates, the verdict at the time of the check and a QR code back to the short link.
 * Screen CSS hides it; print CSS (print.css) shows it alone.
 */
import QRCode from "qrcode";
import { h, safeImageUrl } from "./dom";
import type { BadgeView } from "./readBadge";
import { formatDate } from "./renderBadge";

export interface PrintSheetInput {
  badge: BadgeView;
  /** "Valid credential", "Not valid"... and the verdict's kind (valid, invalid, error, local, unconfirmed). */
  verdictTitle: string;
  verdictKind: string;
  verdictReason: string;
  /** When the checks finished. */
  checkedAt: Date;
  /** The short link this credential was opened from (a QR code of it is printed), if any. */
  link?: string;
  credentialId?: string;
}

/** A plain seal for a badge without a usable image. */
const SEAL =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="44" fill="#0b4fc4"/>' +
      '<circle cx="48" cy="48" r="34" fill="none" stroke="#fff" stroke-width="3"/>' +
      '<path d="M32 50l11 11 22-26" stroke="#fff" stroke-width="7" fill="none" stroke-linecap="round"/></svg>',
  );

/**
 * Builds the print sheet (`#print-sheet`); resolves once its QR code is drawn.
 *
 * @example
 * document.body.append(await renderPrintSheet({ badge, verdictTitle: "Valid credential", ... }));
 */
export async function renderPrintSheet(input: PrintSheetInput): Promise<HTMLElement> {
  const { badge } = input;
  const qr = input.link
    ? await QRCode.toString(input.link, { type: "svg", errorCorrectionLevel: "M", margin: 2 })
    : undefined;
  const fact = (label: string, value: Node | string) =>
    h("div", { class: "print-fact" }, h("dt", {}, label), h("dd", {}, value));
  const sheet = h(
    "article",
    { id: "print-sheet", class: `print-sheet print-${input.verdictKind}`, "aria-hidden": "true" },
    h("p", { class: "print-kicker" }, "Certificate"),
    h("img", {
      class: "print-image",
      src: safeImageUrl(badge.image?.url) ?? SEAL,
      alt: badge.image?.alt ?? "",
    }),
    h("p", { class: "print-awarded" }, "This certifies that"),
    h("p", { class: "print-learner", id: "print-learner" }, badge.recipient.name ?? "(name not disclosed)"),
    h("p", { class: "print-awarded" }, "has earned"),
    h("h2", { class: "print-achievement", id: "print-achievement" }, badge.name ?? "(achievement not disclosed)"),
    h("p", { class: "print-issuer" }, "issued by ", h("strong", {}, badge.issuer.name ?? badge.issuer.id ?? "—")),
    h(
      "dl",
      { class: "print-facts" },
      fact("Issued", formatDate(badge.validFrom)),
      fact("Valid until", badge.validUntil ? formatDate(badge.validUntil) : "No end date"),
      input.credentialId ? fact("Credential id", input.credentialId) : false,
    ),
    h(
      "section",
      { class: "print-status", id: "print-status" },
      h("p", { class: "print-verdict" }, `Verification: ${input.verdictTitle}`),
      h("p", {}, input.verdictReason),
      h(
        "p",
        { class: "print-checked" },
        "Checked ",
        formatDate(input.checkedAt.toISOString()),
        " by the credanchor verifier.",
      ),
    ),
    qr
      ? h(
          "figure",
          { class: "print-qr" },
          h("img", {
            src: `data:image/svg+xml,${encodeURIComponent(qr)}`,
            alt: "QR code of the link below",
            id: "print-qr",
          }),
          h("figcaption", {}, "Check it yourself: ", h("span", { class: "print-link", id: "print-link" }, input.link!)),
        )
      : h("p", { class: "print-link" }, "Check it by opening the credential file at the issuer's verifier page."),
  );
  return sheet;
}
