import { checkEmail } from "./checkEmail";
import { append, externalLink, h, safeHttpUrl, safeImageUrl } from "./dom";
import type { BadgeView } from "./readBadge";
import { chainLabel, explorerAddressUrl, parseChainId } from "./rpcSettings";
import type { HiddenPlace, RedactionSummary } from "./describeRedactions";
import type { CheckResult } from "./types";

/** "3 March 2026, 14:05 UTC" in the reader's locale, inside a `<time>` carrying the ISO value. */
export function formatDate(iso: string | undefined): Node {
  if (!iso) return document.createTextNode("—");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return document.createTextNode(iso);
  const label = new Intl.DateTimeFormat(undefined, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(date);
  return h("time", { datetime: date.toISOString() }, `${label} UTC`);
}

/** The "hidden by the holder" marker used wherever a redacted value would be. */
export function hiddenMarker(what?: string): HTMLElement {
  return h(
    "span",
    { class: "hidden-field" },
    h("span", { class: "hidden-icon", "aria-hidden": "true" }, "◌"),
    what ? `${what} hidden by the holder` : "Hidden by the holder",
  );
}

function row(term: string, ...value: (Node | string | false | undefined)[]): HTMLElement[] {
  return [h("dt", {}, term), h("dd", {}, ...value)];
}

function hiddenAt(places: readonly HiddenPlace[], pointer: string): boolean {
  return places.some((place) => place.pointer === pointer);
}

/**
 * The badge card: image, achievement, issuer, recipient, dates, criteria, alignment, evidence, and
 * the hidden fields. Absent values that the holder hid say so.
 *
 * @example
 * container.append(renderBadge(readBadge(credential), describeRedactions(credential, proof)));
 */
export function renderBadge(badge: BadgeView, redactions: RedactionSummary): HTMLElement {
  const places = redactions.places;
  const imageUrl = safeImageUrl(badge.image?.url);
  const hiddenName = hiddenAt(places, "/credentialSubject/achievement/name");
  const hiddenDescription = hiddenAt(places, "/credentialSubject/achievement/description");

  const header = h(
    "div",
    { class: "badge-header" },
    imageUrl
      ? h("img", {
          class: "badge-image",
          src: imageUrl,
          alt: badge.image?.alt ?? "",
          width: 96,
          height: 96,
          referrerpolicy: "no-referrer",
          loading: "lazy",
        })
      : h("div", { class: "badge-image badge-image-placeholder", "aria-hidden": "true" }, "★"),
    h(
      "div",
      { class: "badge-title" },
      h("h2", { id: "badge-name" }, badge.name ?? (hiddenName ? "Achievement name hidden" : "Unnamed achievement")),
      badge.description
        ? h("p", { class: "badge-description" }, badge.description)
        : hiddenDescription
          ? h("p", {}, hiddenMarker("Description"))
          : false,
    ),
  );

  const facts = h("dl", { class: "facts" });
  facts.append(...row("Issued by", renderIssuer(badge, places)));
  facts.append(...row("Awarded to", renderRecipient(badge, places)));
  if (badge.result) facts.append(...row("Result", badge.result));
  facts.append(
    ...row(
      "Valid from",
      hiddenAt(places, "/validFrom") && !badge.validFrom ? hiddenMarker() : formatDate(badge.validFrom),
    ),
  );
  facts.append(...row("Valid until", badge.validUntil ? formatDate(badge.validUntil) : "No end date given"));
  if (badge.anchor) facts.append(...row("Anchored", renderAnchor(badge.anchor)));

  const sections: HTMLElement[] = [];
  if (badge.criteria || hiddenAt(places, "/credentialSubject/achievement/criteria")) {
    sections.push(
      h(
        "section",
        { class: "badge-section", "aria-labelledby": "criteria-heading" },
        h("h3", { id: "criteria-heading" }, "Criteria"),
        badge.criteria?.narrative ? h("p", { class: "narrative" }, badge.criteria.narrative) : false,
        badge.criteria?.url ? h("p", {}, externalLink(badge.criteria.url, "Full criteria")) : false,
        badge.criteria ? false : h("p", {}, hiddenMarker("Criteria")),
      ),
    );
  }
  if (badge.alignment.length > 0 || places.some((place) => place.section === "Alignment")) {
    sections.push(
      listSection(
        "alignment",
        "Alignment",
        badge.alignment.map((item) =>
          h(
            "li",
            {},
            h("strong", {}, item.url ? externalLink(item.url, item.name ?? item.url) : (item.name ?? "Unnamed")),
            item.framework || item.code
              ? h("span", { class: "muted" }, ` — ${[item.framework, item.code].filter(Boolean).join(" ")}`)
              : false,
            item.description ? h("p", {}, item.description) : false,
          ),
        ),
        places.filter((place) => place.section === "Alignment"),
      ),
    );
  }
  if (badge.evidence.length > 0 || places.some((place) => place.section === "Evidence")) {
    sections.push(
      listSection(
        "evidence",
        "Evidence",
        badge.evidence.map((item) =>
          h(
            "li",
            {},
            h("strong", {}, item.url ? externalLink(item.url, item.name ?? item.url) : (item.name ?? "Evidence")),
            item.genre ? h("span", { class: "muted" }, ` — ${item.genre}`) : false,
            item.description ? h("p", {}, item.description) : false,
            item.narrative ? h("p", { class: "narrative" }, item.narrative) : false,
          ),
        ),
        places.filter((place) => place.section === "Evidence"),
      ),
    );
  }
  if (redactions.count > 0) sections.push(renderRedactions(redactions));

  return h("article", { class: "badge", "aria-labelledby": "badge-name" }, header, facts, ...sections);
}

function listSection(id: string, title: string, items: HTMLElement[], hidden: HiddenPlace[]): HTMLElement {
  return h(
    "section",
    { class: "badge-section", "aria-labelledby": `${id}-heading` },
    h("h3", { id: `${id}-heading` }, title),
    items.length > 0 ? h("ul", { class: "plain-list" }, ...items) : false,
    ...hidden.map((place) => h("p", {}, hiddenMarker(capitalise(place.label)))),
  );
}

function renderIssuer(badge: BadgeView, places: readonly HiddenPlace[]): Node {
  const { name, url, id } = badge.issuer;
  if (!name && !url && !id) return hiddenAt(places, "/issuer") ? hiddenMarker() : document.createTextNode("Not stated");
  const link = url ?? (safeHttpUrl(id) ? id : undefined);
  return h(
    "span",
    {},
    h("strong", {}, name ?? id ?? url ?? ""),
    link ? h("br") : false,
    link ? externalLink(link) : false,
    id && id !== link && name ? h("span", { class: "muted identifier" }, h("br"), id) : false,
  );
}

function renderRecipient(badge: BadgeView, places: readonly HiddenPlace[]): Node {
  const { name, id, identity } = badge.recipient;
  const lines: (Node | string)[] = [];
  if (name) lines.push(h("strong", { class: "recipient-name" }, name));
  else if (hiddenAt(places, "/credentialSubject/name")) lines.push(hiddenMarker("Name"));
  if (id) lines.push(h("span", { class: "identifier" }, id));
  if (identity?.hashed) {
    lines.push(
      h(
        "span",
        { class: "recipient-identity" },
        h("strong", {}, "Identifier hidden"),
        h(
          "span",
          { class: "muted" },
          ` — the recipient is identified by a salted hash of their ${identity.identityType}. ` +
            "Ask them for it if you need to confirm who they are.",
        ),
      ),
    );
  } else if (identity?.value) {
    lines.push(h("span", {}, identity.value, h("span", { class: "muted" }, ` (${identity.identityType})`)));
  } else if (!id && hiddenAt(places, "/credentialSubject/identifier")) {
    lines.push(hiddenMarker("Identifier"));
  }
  if (lines.length === 0) return document.createTextNode("Not stated");
  const out = h("span", { class: "recipient" });
  lines.forEach((line, index) => append(out, index > 0 ? h("br") : false, line));
  if (badge.recipient.hashedEmails.length > 0) append(out, renderEmailCheck(badge.recipient.hashedEmails));
  return out;
}

/** "Is this e-mail yours?": a typed address checked against the hashed identifier, in the page only. */
function renderEmailCheck(hashed: BadgeView["recipient"]["hashedEmails"]): HTMLElement {
  const input = h("input", {
    type: "email",
    id: "email-check-input",
    name: "email",
    autocomplete: "email",
    spellcheck: "false",
    "aria-describedby": "email-check-note",
  });
  const result = h("p", {
    id: "email-check-result",
    class: "email-check-result",
    role: "status",
    "aria-live": "polite",
  });
  const form = h(
    "form",
    { class: "email-check", id: "email-check" },
    h("label", { for: "email-check-input" }, "Is this e-mail yours?"),
    h("span", { class: "email-check-row" }, input, h("button", { type: "submit" }, "Check")),
    h(
      "span",
      { class: "muted email-check-note", id: "email-check-note" },
      "Checked on this device against the credential's hashed identifier; the address is sent nowhere.",
    ),
    result,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    const outcome = checkEmail(typed, hashed);
    result.dataset.result = outcome;
    result.textContent =
      outcome === "match"
        ? `✔ Yes: this credential was issued to ${typed}.`
        : outcome === "no-match"
          ? `✘ No: this credential was not issued to ${typed}.`
          : "Type an e-mail address, like name@example.org.";
  });
  return form;
}

/**
 * The "Anchored" row: the chain and registry the proof names (the anchor check reads that very registry,
 * so its verdict vouches for them), and the date the chain recorded. The anchor record's own
 * `anchoredAt` is a claim outside the digest that no check compares (docs/SPEC.md 4.4), so a holder
 * could change it; the date shown is only ever the chain's, filled in by `showAnchoredAt`.
 */
function renderAnchor(anchor: NonNullable<BadgeView["anchor"]>): Node {
  const chainId = anchor.chain ? parseChainId(anchor.chain) : undefined;
  return h(
    "span",
    {},
    h("span", { id: "anchored-at", "data-confirmed": "pending" }, "Date: checking the chain…"),
    anchor.chain ? ` on ${chainId === undefined ? anchor.chain : chainLabel(chainId)}` : "",
    anchor.registry
      ? h("span", { class: "muted identifier" }, h("br"), "registry ", registryLink(anchor.registry, chainId))
      : false,
  );
}

/**
 * Fills the badge's anchoring date from the anchor check: the date the chain recorded when the check
 * passed; otherwise (it failed, could not run, or never ran) says that no date was confirmed.
 */
export function showAnchoredAt(badge: ParentNode, anchor: CheckResult | undefined): void {
  const place = badge.querySelector<HTMLElement>("#anchored-at");
  if (!place) return;
  const chainDate = anchor?.status === "passed" ? anchor.details?.anchoredAt : undefined;
  if (typeof chainDate === "string") {
    place.dataset.confirmed = "chain";
    place.replaceChildren(formatDate(chainDate));
  } else {
    place.dataset.confirmed = "no";
    place.replaceChildren("Date not confirmed by the chain");
  }
}

/** The registry address, linked to the chain's explorer when the page knows one. */
function registryLink(registry: string, chainId: number | undefined): Node {
  const href = chainId === undefined ? undefined : explorerAddressUrl(chainId, registry);
  return href
    ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, registry)
    : document.createTextNode(registry);
}

function renderRedactions(redactions: RedactionSummary): HTMLElement {
  const { count, places } = redactions;
  const fields = count === 1 ? "1 field" : `${count} fields`;
  // A named place may hold several fields (an object), so "the others" is only said when fewer places are known.
  const unplaced =
    places.length === 0
      ? "The credential does not say where they were."
      : places.length < count
        ? "The credential does not say where the others were."
        : undefined;
  return h(
    "section",
    { class: "badge-section redactions", "aria-labelledby": "hidden-heading", "data-hidden-count": count },
    h("h3", { id: "hidden-heading" }, "Hidden by the holder"),
    h(
      "p",
      {},
      h("span", { class: "hidden-icon", "aria-hidden": "true" }, "◌"),
      `The holder hid ${fields} before sharing this credential. Hidden fields are still covered by the `,
      `issuer's seal: the checks below prove that the visible fields are unchanged.`,
    ),
    places.length > 0
      ? h(
          "ul",
          { class: "plain-list hidden-places" },
          ...places.map((place) =>
            h(
              "li",
              { "data-pointer": place.pointer },
              h("strong", {}, `${place.section}: `),
              `${place.label} `,
              h("code", {}, place.pointer),
            ),
          ),
        )
      : false,
    unplaced ? h("p", {}, unplaced) : false,
  );
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
