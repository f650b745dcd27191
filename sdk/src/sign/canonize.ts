/// <reference path="./vendor.d.ts" />
/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document, as eddsa-rdfc-2022 needs them, with a cache that
 * makes a batch from one template cheap.
 *
 * The slow part of canonizing a credential is turning JSON-LD into RDF (context processing, expansion),
 * not RDFC-1.0 itself. Credentials of one batch share their shape: the same members, the same types and
 * contexts; only string values differ. So the first credential of a shape is turned into RDF once with a
 * placeholder IRI in place of every string value, and the placeholders show where each value lands:
 *
 * - as a literal: JSON-LD makes any string in that position the same literal (its datatype and language
 *   come from the term, never from the value), so the real value is put in its place;
 * - as an IRI (`id`, `@type: @id` and `@type: @vocab` terms): the real value is put in its place only when
 *   it is an absolute IRI whose scheme is no term or prefix of any context in play (then JSON-LD keeps it
 *   as it is); otherwise the value is pinned: a variant of the shape with that value written out is
 *   turned into RDF and cached in its turn (e.g. `achievementType: "Certificate"`, a vocabulary term);
 * - anywhere else (inside a JSON literal, dropped): always pinned.
 *
 * Keys, `type` values, `@`-keywords, numbers and booleans are part of the shape. Whatever the cache
 * cannot vouch for goes the plain way (jsonld.toRDF on the document). Both ways use safe mode: an
 * undefined term is an error, never a silently dropped value. RDFC-1.0 then runs on every document:
 * synchronously when every blank node has a unique first-degree hash (rdfc10.ts; all our credentials),
 * through rdf-canonize otherwise (and always when the cache is off, the plain route).
 */
import type { DocumentLoader, Quad, RdfTerm } from "jsonld";
import { BaseError } from "../errors/base";
import { JsonLdError } from "../errors/sign";
import type { RdfcPlan } from "./compileRdfcPlan";
import { canonizeModules, loadCanonizeModules, type CanonizeModules } from "./loadCanonizeModules";

/** Options of jsonld.toRDF as eddsa-rdfc-2022 (and the W3C libraries) use them. */
const TO_RDF = { safe: true, base: null, rdfDirection: "i18n-datatype", produceGeneralizedRdf: false } as const;

export interface CreateCanonizerOptions {
  /** Defaults to the offline loader of bundled contexts. */
  documentLoader?: DocumentLoader;
  /** How many shapes (and pinned variants) to keep; 256 by default. */
  maxShapes?: number;
  /** Turns the shape cache off (every document the plain way); for tests and the benchmark. */
  cache?: boolean;
}

/** Counters of a canonizer, for tests and the benchmark. */
export interface CanonizerStats {
  /** Documents turned into RDF through a cached shape. */
  cached: number;
  /** Documents turned into RDF the plain way. */
  plain: number;
  /** Shapes (and pinned variants) compiled. */
  compiled: number;
}

export interface Canonizer {
  /** RDFC-1.0 canonical N-Quads of the document (safe-mode JSON-LD to RDF, then RDFC-1.0). */
  canonize(document: unknown): Promise<string>;
  /** The RDF dataset of the document, before canonicalization. */
  toRdf(document: unknown): Promise<Quad[]>;
  readonly stats: CanonizerStats;
}

type SlotKind = "literal" | "iri" | "pin";
interface Use {
  quad: number;
  position: "subject" | "predicate" | "object" | "graph";
  slot: number;
}
interface Compiled {
  quads: Quad[];
  uses: Use[];
  kinds: SlotKind[];
  /** Slots the placeholders cannot stand for: pinned in every variant of this shape. */
  alwaysPin: number[];
  /** Terms and prefixes of every context in play: an IRI value starting with one is pinned. */
  terms: ReadonlySet<string>;
  /** RDFC-1.0 of the shape compiled on first use (compileRdfcPlan.ts); `null` when it does not apply. */
  plan?: RdfcPlan | null;
  /** By slot: the last value found to be a substitutable IRI there (`substitutableIri`). */
  safeIris: (string | undefined)[];
}

const NOTHING_PINNED: ReadonlyMap<number, string> = new Map();

const SAFE_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):[^\u0000-\u0020<>"{}|\\^`]*$/;

/**
 * Creates a canonizer with its own shape cache (one per batch, or one per worker thread).
 *
 * @example
 * const canonizer = createCanonizer();
 * const nquads = await canonizer.canonize(credentialWithoutProof);
 */
export function createCanonizer(options: CreateCanonizerOptions = {}): Canonizer {
  // The default loader (the bundled contexts) is made on first use: creating a canonizer loads nothing.
  let documentLoader = options.documentLoader;
  const maxShapes = options.maxShapes ?? 256;
  const useCache = options.cache ?? true;
  const shapes = new Map<string, Compiled | Promise<Compiled>>();
  /** The shapes seen last, most recent first: a document is matched against them before its key is written. */
  const recent: { skeleton: Skeleton; key: string }[] = [];
  const stats: CanonizerStats = { cached: 0, plain: 0, compiled: 0 };
  const prefix = `urn:x-credanchor-slot-${Math.random().toString(36).slice(2, 10)}:`;

  /** The signature path's modules and the document loader, loaded on the first document (loadCanonizeModules.ts). */
  async function modules(): Promise<CanonizeModules> {
    const loaded = canonizeModules ?? (await loadCanonizeModules());
    documentLoader ??= loaded.createDocumentLoader();
    return loaded;
  }

  async function plain(document: unknown): Promise<Quad[]> {
    stats.plain++;
    await modules();
    return runToRdf(document, documentLoader!);
  }

  async function compile(document: unknown, pinned: ReadonlyMap<number, string>): Promise<Compiled> {
    stats.compiled++;
    let slot = 0;
    const placeholderDocument = mapStrings(document, () => {
      const index = slot++;
      return pinned.get(index) ?? prefix + index;
    });
    const { bundledContexts } = await modules();
    const quads = await runToRdf(placeholderDocument, documentLoader!);
    const kinds: SlotKind[] = new Array<SlotKind | undefined>(slot).fill(undefined) as SlotKind[];
    const uses: Use[] = [];
    const pinNow = new Set<number>();
    const positions = ["subject", "predicate", "object", "graph"] as const;
    quads.forEach((quad, q) => {
      for (const position of positions) {
        const term = quad[position];
        for (const text of [term.value, term.datatype?.value ?? ""]) {
          if (!text.includes(prefix)) continue;
          const exact = text.startsWith(prefix) && /^\d+$/.test(text.slice(prefix.length)) && text === term.value;
          if (exact) {
            const index = Number(text.slice(prefix.length));
            const kind: SlotKind =
              term.termType === "Literal" ? "literal" : term.termType === "NamedNode" ? "iri" : "pin";
            if (kind === "pin" || (kinds[index] !== undefined && kinds[index] !== kind)) pinNow.add(index);
            kinds[index] = kind;
            uses.push({ quad: q, position, slot: index });
          } else {
            for (const match of text.matchAll(new RegExp(escapeRegExp(prefix) + "(\\d+)", "g")))
              pinNow.add(Number(match[1]));
          }
        }
      }
    });
    for (let i = 0; i < slot; i++) if (kinds[i] === undefined && !pinned.has(i)) pinNow.add(i);
    for (const i of pinNow) kinds[i] = "pin";
    return {
      quads,
      uses,
      kinds,
      alwaysPin: [...pinNow],
      terms: contextTerms(document, bundledContexts),
      safeIris: new Array<string | undefined>(slot),
    };
  }

  async function lookup(key: string, document: unknown, pinned: ReadonlyMap<number, string>): Promise<Compiled> {
    const hit = shapes.get(key);
    if (hit) return hit;
    const promise = compile(document, pinned);
    if (shapes.size < maxShapes) shapes.set(key, promise);
    try {
      const compiled = await promise;
      if (shapes.get(key) === promise) shapes.set(key, compiled);
      return compiled;
    } catch (error) {
      if (shapes.get(key) === promise) shapes.delete(key);
      throw error;
    }
  }

  /** The compiled shape of the document and its values, or `undefined` when it must go the plain way. */
  async function resolve(document: object): Promise<{ compiled: Compiled; values: string[] } | undefined> {
    const values: string[] = [];
    let key: string | undefined;
    for (const entry of recent) {
      if (matchSkeleton(entry.skeleton, document, values)) {
        key = entry.key;
        break;
      }
      values.length = 0;
    }
    if (key === undefined) {
      key = shapeKey(document, values);
      if (recent.length >= MAX_RECENT) recent.pop();
      recent.unshift({ skeleton: skeletonOf(document), key });
    }
    let compiled = await lookup(key, document, NOTHING_PINNED);
    let pin: Map<number, string> | undefined;
    for (const i of compiled.alwaysPin) (pin ??= new Map()).set(i, values[i]!);
    const { kinds, safeIris } = compiled;
    for (let i = 0; i < values.length; i++) {
      if (kinds[i] !== "iri") continue;
      const value = values[i]!;
      // The same IRI as in the last document of this shape (an issuer's id, an achievement's): known safe.
      if (safeIris[i] === value) continue;
      if (substitutableIri(value, compiled.terms)) safeIris[i] = value;
      else (pin ??= new Map()).set(i, value);
    }
    if (pin !== undefined) {
      const pinnedKey = key + "\u0000" + JSON.stringify([...pin].sort((a, b) => a[0] - b[0]));
      compiled = await lookup(pinnedKey, document, pin);
      for (let i = 0; i < values.length; i++) {
        const kind = compiled.kinds[i];
        if (pin.has(i)) continue;
        if (kind === "pin" || (kind === "iri" && !substitutableIri(values[i]!, compiled.terms))) return undefined;
      }
    }
    stats.cached++;
    return { compiled, values };
  }

  async function toRdf(document: unknown): Promise<Quad[]> {
    if (!useCache || document === null || typeof document !== "object") return plain(document);
    const resolved = await resolve(document);
    return resolved ? instantiate(resolved.compiled, resolved.values) : plain(document);
  }

  return {
    stats,
    toRdf,
    async canonize(document: unknown): Promise<string> {
      const { rdfcCanonize, compileRdfcPlan, canonizeUniqueBlankNodes } = canonizeModules ?? (await modules());
      if (!useCache || document === null || typeof document !== "object") {
        return rdfcCanonize(await plain(document), { algorithm: "RDFC-1.0" });
      }
      const resolved = await resolve(document);
      let quads: Quad[];
      if (resolved) {
        const { compiled, values } = resolved;
        if (compiled.plan === undefined) compiled.plan = compileRdfcPlan(compiled.quads, compiled.uses) ?? null;
        const nquads = compiled.plan?.canonize(values);
        if (nquads !== undefined) return nquads;
        quads = instantiate(compiled, values);
      } else {
        quads = await plain(document);
      }
      return canonizeUniqueBlankNodes(quads) ?? rdfcCanonize(quads, { algorithm: "RDFC-1.0" });
    },
  };
}

function instantiate(compiled: Compiled, values: readonly string[]): Quad[] {
  const quads: Quad[] = compiled.quads.map((quad) => ({ ...quad }));
  for (const use of compiled.uses) {
    const quad = quads[use.quad]!;
    const term: RdfTerm = { ...quad[use.position], value: values[use.slot]! };
    quad[use.position] = term;
  }
  return quads;
}

function substitutableIri(value: string, terms: ReadonlySet<string>): boolean {
  const match = SAFE_IRI.exec(value);
  return match !== null && match[1] !== "_" && !terms.has(match[1]!) && !terms.has(value);
}

/** Shape key of a document: its JSON with every string value that may vary replaced by `$`. */
function shapeKey(value: unknown, values: string[], key?: string): string {
  if (typeof value === "string") {
    if (isPinnedKey(key)) return JSON.stringify(value);
    values.push(value);
    return "$";
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (key === "@context") return "#" + JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map((item) => shapeKey(item, values, key)).join(",") + "]";
  let out = "{";
  for (const [member, item] of Object.entries(value as Record<string, unknown>)) {
    out += JSON.stringify(member) + ":" + shapeKey(item, values, member) + ",";
  }
  return out + "}";
}

/** How many shapes a canonizer matches a document against before writing its shape key. */
const MAX_RECENT = 8;

/**
 * A shape kept to match documents against without writing their shape key (the canonizer's own copy,
 * so that a caller changing a document later changes nothing): `$` a value, `=` an exact primitive (a
 * pinned string, a number, a boolean, null), `#` a context (by its JSON), `[` an array, `{` an object.
 */
type Skeleton =
  | { kind: "$" }
  | { kind: "="; value: unknown }
  | { kind: "#"; json: string }
  | { kind: "["; items: Skeleton[] }
  | { kind: "{"; members: string[]; items: Skeleton[] };

const VALUE: Skeleton = { kind: "$" };
const NEVER: Skeleton = { kind: "=", value: Symbol("never") };

/** The skeleton of a document: two documents with the same shape key have equal skeletons, and the reverse. */
function skeletonOf(value: unknown, key?: string): Skeleton {
  if (typeof value === "string") return isPinnedKey(key) ? { kind: "=", value } : VALUE;
  if (value === null || typeof value !== "object") return { kind: "=", value };
  if (key === "@context") return { kind: "#", json: JSON.stringify(value) };
  if (Array.isArray(value)) {
    // A hole of a sparse array matches nothing: such a document has its key written each time.
    return { kind: "[", items: Array.from(value, (item, i) => (i in value ? skeletonOf(item, key) : NEVER)) };
  }
  const members = Object.keys(value);
  return {
    kind: "{",
    members,
    items: members.map((member) => skeletonOf((value as Record<string, unknown>)[member], member)),
  };
}

/**
 * True when `value` has the shape of `skeleton` (then it has the same shape key); its values are pushed
 * on `values` in the order `shapeKey` gives them. Stricter than the key is allowed (a primitive is
 * compared with ===): a document that does not match has its key written.
 */
function matchSkeleton(skeleton: Skeleton, value: unknown, values: string[]): boolean {
  switch (skeleton.kind) {
    case "$":
      if (typeof value !== "string") return false;
      values.push(value);
      return true;
    case "=":
      return value === skeleton.value;
    case "#":
      return value !== null && typeof value === "object" && JSON.stringify(value) === skeleton.json;
    case "[": {
      if (!Array.isArray(value) || value.length !== skeleton.items.length) return false;
      for (let i = 0; i < value.length; i++) if (!matchSkeleton(skeleton.items[i]!, value[i], values)) return false;
      return true;
    }
    case "{": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
      const members = Object.keys(value);
      if (members.length !== skeleton.members.length) return false;
      for (let i = 0; i < members.length; i++) {
        const member = members[i]!;
        if (member !== skeleton.members[i]) return false;
        if (!matchSkeleton(skeleton.items[i]!, (value as Record<string, unknown>)[member], values)) return false;
      }
      return true;
    }
  }
}

/** The document with each string that `shapeKey` counts as a value replaced by `replace(value)`, in the same order. */
function mapStrings(value: unknown, replace: (value: string) => string, key?: string): unknown {
  if (typeof value === "string") return isPinnedKey(key) ? value : replace(value);
  if (value === null || typeof value !== "object" || key === "@context") return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace, key));
  const out: Record<string, unknown> = {};
  for (const [member, item] of Object.entries(value as Record<string, unknown>))
    out[member] = mapStrings(item, replace, member);
  return out;
}

function isPinnedKey(key: string | undefined): boolean {
  return key !== undefined && (key === "type" || key.startsWith("@"));
}

let bundledTerms: Set<string> | undefined;

/** Every key defined in the bundled contexts and in the document's inline contexts (terms and prefixes). */
function contextTerms(document: unknown, bundledContexts: CanonizeModules["bundledContexts"]): ReadonlySet<string> {
  if (!bundledTerms) {
    bundledTerms = new Set();
    for (const context of bundledContexts().values()) collectKeys(context, bundledTerms);
  }
  const inline = new Set<string>();
  collectInlineContexts(document, inline);
  if (inline.size === 0) return bundledTerms;
  return new Set([...bundledTerms, ...inline]);
}

function collectInlineContexts(value: unknown, into: Set<string>): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) return value.forEach((item) => collectInlineContexts(item, into));
  for (const [member, item] of Object.entries(value as Record<string, unknown>)) {
    if (member === "@context") collectKeys(item, into);
    else collectInlineContexts(item, into);
  }
}

function collectKeys(value: unknown, into: Set<string>): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) return value.forEach((item) => collectKeys(item, into));
  for (const [member, item] of Object.entries(value as Record<string, unknown>)) {
    into.add(member);
    collectKeys(item, into);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * jsonld, loaded on first use: only a signed credential needs it, and loading it (with its HTTP client)
 * costs each verification worker thread ~0.2 s of CPU that an unsigned batch never repays.
 */
let jsonldModule: Promise<(typeof import("jsonld"))["default"]> | undefined;

function loadJsonLd(): Promise<(typeof import("jsonld"))["default"]> {
  jsonldModule ??= import("jsonld").then((module) => module.default);
  return jsonldModule;
}

/** jsonld.toRDF in safe mode, its errors turned into credanchor errors. */
async function runToRdf(document: unknown, documentLoader: DocumentLoader): Promise<Quad[]> {
  const jsonld = await loadJsonLd();
  try {
    return await jsonld.toRDF(document, { ...TO_RDF, documentLoader });
  } catch (error) {
    throw toCredAnchorError(error);
  }
}

/**
 * Unwraps what jsonld threw: a loader error (`ContextNotBundledError`) is passed on as it is; a
 * safe-mode event becomes a `JsonLdError` that names the term.
 */
export function toCredAnchorError(error: unknown): BaseError {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof BaseError) return current;
    const next = current as { cause?: unknown; details?: { cause?: unknown } };
    current = next.details?.cause ?? next.cause;
  }
  const raw = error as {
    message?: string;
    details?: { event?: { code?: string; message?: string; details?: Record<string, unknown> } };
  };
  const event = raw.details?.event;
  if (event) {
    const detail = event.details ?? {};
    const what =
      typeof detail.property === "string" ? detail.property : typeof detail.term === "string" ? detail.term : undefined;
    return new JsonLdError(`JSON-LD: ${event.message ?? event.code}${what ? `: ${JSON.stringify(what)}` : ""}`, {
      details: `safe-mode event ${event.code}${Object.keys(detail).length ? " " + JSON.stringify(detail) : ""}`,
      cause: error,
    });
  }
  return new JsonLdError(`JSON-LD processing failed: ${raw.message ?? String(error)}`, { cause: error });
}
