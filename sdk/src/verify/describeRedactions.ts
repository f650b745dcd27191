/**
 * What the page can say about the fields a holder hid. A redacted field leaves only its hash in the
 * proof's `redactedHashes`; its JSON pointer is not disclosed (its salt is removed with it). Some
 * places can still be named: credanchor credentials always carry the recipient's name and an
 * identifier (`credentialSubject.identifier` or `id`), so when one is absent while the digest covers
 * hidden fields, that one was hidden; and objects in one array share a shape, so a member all other
 * elements have is probably hidden where it is missing. The issuer, the dates and the achievement are
 * protected (SPEC.md sections 2.1 and 2.6) and cannot be hidden, not even by editing the file (they
 * have no salts; the digest binds them as one unit); single array elements cannot be hidden either.
 */

/** One place where the holder hid something. */
export interface HiddenPlace {
  /** The badge section the place belongs to, as shown on the page ("Recipient", "Evidence"...). */
  section: string;
  /** The JSON pointer of the hidden value (an object may stand for several fields). */
  pointer: string;
  /** Plain words: "the recipient's identity". */
  label: string;
}

export interface RedactionSummary {
  /** How many fields the holder hid (the length of `redactedHashes`). */
  count: number;
  /** Places the page can name; may cover fewer fields than `count`. */
  places: HiddenPlace[];
}

/**
 * Members every credanchor credential has (the batch builder requires a recipient name, and an
 * e-mail address or an id), checked against what is visible.
 */
const EXPECTED: readonly { pointers: string[]; section: string; pointer: string; label: string }[] = [
  {
    pointers: ["/credentialSubject/name"],
    section: "Recipient",
    pointer: "/credentialSubject/name",
    label: "the recipient's name",
  },
  {
    pointers: ["/credentialSubject/id", "/credentialSubject/identifier"],
    section: "Recipient",
    pointer: "/credentialSubject/identifier",
    label: "the recipient's identifier (hashed e-mail address or id)",
  },
];

/** The badge section a pointer belongs to. */
export function sectionOf(pointer: string): string {
  if (pointer.startsWith("/credentialSubject/achievement/alignment")) return "Alignment";
  if (pointer.startsWith("/credentialSubject/achievement/criteria")) return "Criteria";
  if (pointer.startsWith("/credentialSubject/achievement")) return "Achievement";
  if (pointer.startsWith("/credentialSubject")) return "Recipient";
  if (pointer.startsWith("/issuer")) return "Issuer";
  if (pointer.startsWith("/evidence")) return "Evidence";
  if (/^\/(validFrom|validUntil|issuanceDate|expirationDate)$/.test(pointer)) return "Dates";
  return "Other";
}

/**
 * Counts the hidden fields and names the places that are known.
 *
 * @example
 * describeRedactions(credential, { redactedHashes: [h1, h2], salts })
 * // { count: 2, places: [{ section: "Recipient", pointer: "/credentialSubject/identifier", label: "the recipient's identity" }] }
 */
export function describeRedactions(
  credential: unknown,
  proof: { redactedHashes?: readonly string[]; salts?: Record<string, string> },
): RedactionSummary {
  const count = Array.isArray(proof.redactedHashes) ? proof.redactedHashes.length : 0;
  if (count === 0) return { count, places: [] };
  const visible = typeof proof.salts === "object" && proof.salts !== null ? Object.keys(proof.salts) : [];
  const places: HiddenPlace[] = [];

  for (const expected of EXPECTED) {
    const present = expected.pointers.some(
      (pointer) => resolvePointer(credential, pointer) !== undefined || visible.some((key) => isUnder(key, pointer)),
    );
    if (!present) places.push({ section: expected.section, pointer: expected.pointer, label: expected.label });
  }
  missingFromSiblings(credential, "", 0, places);

  return { count, places };
}

/** True when `pointer` is `prefix` or inside it. */
function isUnder(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/**
 * Objects in one array share a shape (one template made them). A member that every other element
 * has but one element lacks was most likely hidden there: `/evidence/0/narrative` when evidence 1 and
 * 2 have a narrative.
 *
 * Linear in the size of the document (plus a sort of the places found): the file and a link are
 * untrusted, so an array of thousands of elements with distinct members must not freeze the tab.
 * Each array counts how many elements have each member; only a member that `n - 1` of the `n`
 * elements have can be missing from exactly one, and finding that one element costs `n`, which the
 * `n - 1` occurrences already paid for.
 */
function missingFromSiblings(node: unknown, pointer: string, depth: number, found: HiddenPlace[]): void {
  if (typeof node !== "object" || node === null || depth > 32) return;
  if (Array.isArray(node)) {
    const objects = node.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))
      ? (node as object[])
      : undefined;
    if (objects && objects.length >= 2) {
      const counts = new Map<string, number>();
      for (const item of objects) for (const key of Object.keys(item)) counts.set(key, (counts.get(key) ?? 0) + 1);
      const missing: { index: number; order: number; key: string }[] = [];
      let order = 0;
      for (const [key, count] of counts) {
        order += 1;
        if (count !== objects.length - 1) continue;
        const index = objects.findIndex((item) => !Object.prototype.hasOwnProperty.call(item, key));
        missing.push({ index, order, key });
      }
      // By element, then in the order the members first appear (the order a reader expects).
      missing.sort((a, b) => a.index - b.index || a.order - b.order);
      for (const { index, key } of missing) {
        const at = `${pointer}/${index}/${escapePointerToken(key)}`;
        found.push({ section: sectionOf(at), pointer: at, label: `probably ${key} of item ${index + 1}` });
      }
    }
    node.forEach((item, index) => missingFromSiblings(item, `${pointer}/${index}`, depth + 1, found));
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (depth === 0 && key === "proof") continue;
    missingFromSiblings(value, `${pointer}/${escapePointerToken(key)}`, depth + 1, found);
  }
}

/** A member name as an RFC 6901 pointer token. */
function escapePointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at an RFC 6901 pointer, or undefined. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) current = /^(0|[1-9]\d*)$/.test(key) ? current[Number(key)] : undefined;
    else if (typeof current === "object" && current !== null) {
      current = Object.prototype.hasOwnProperty.call(current, key)
        ? (current as Record<string, unknown>)[key]
        : undefined;
    } else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * One line saying what the holder hid, the same count everywhere (the page's verdict, `credanchor
 * verify`, `credanchor disclose`): the number of hidden fields (`redactedHashes`, one per hidden value)
 * and the places that can be named. Undefined when nothing was hidden.
 *
 * @example
 * hiddenFieldsLine({ count: 5, places: [{ section: "Recipient", pointer: "/credentialSubject/identifier", label: "the recipient's identifier (hashed e-mail address or id)" }] })
 * // "Hidden by the holder: 5 fields (the recipient's identifier (hashed e-mail address or id))."
 */
export function hiddenFieldsLine(summary: RedactionSummary): string | undefined {
  if (summary.count === 0) return undefined;
  const fields = summary.count === 1 ? "1 field" : `${summary.count} fields`;
  const named = summary.places.map((place) => place.label);
  return `Hidden by the holder: ${fields}${named.length > 0 ? ` (${named.join("; ")})` : ""}.`;
}
