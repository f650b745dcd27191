import {
  BakedImageError,
  BaseError,
  findProofEntry,
  imageKind,
  unbakeImage,
  parseCredentialJson,
  isCredAnchorProofEntry,
  type CredAnchorProof,
} from "../../sdk/src/index";

/** Why a file could not be read as a credential: what is wrong and where. */
export interface LoadProblem {
  /** One line: "This file is not valid JSON". */
  title: string;
  /** What is wrong, in the SDK's words. */
  message: string;
  /** Longer explanation, if any. */
  details?: string;
  /** What to do about it. */
  fix?: string;
  /** Where: 1-based line and column for syntax errors, a JSON pointer for structure errors. */
  line?: number;
  column?: number;
  pointer?: string;
  /** The offending line of the file, when the line is known. */
  excerpt?: string;
  /** The SDK's error code, e.g. CREDENTIAL_PARSE. */
  code?: string;
}

export type LoadedCredential =
  | { ok: true; credential: unknown; proof: CredAnchorProof; source: string }
  | { ok: false; problem: LoadProblem; source: string };

/**
 * Parses a credential file's text and finds its credanchor proof entry. Never throws for bad input:
 * a file that is not a credential comes back as a `LoadProblem` the page can show.
 *
 * @example
 * const loaded = loadCredential(await file.text(), file.name);
 * if (!loaded.ok) showProblem(loaded.problem);
 */
export function loadCredential(text: string, source: string): LoadedCredential {
  const binary = describeBinary(text);
  if (binary) {
    return {
      ok: false,
      source,
      problem: {
        title: "This file is not a credential",
        message: `It looks like ${binary}, not a JSON text.`,
        fix: "Choose the credential's .json file (the one the issuer sent you).",
        code: "NOT_TEXT",
      },
    };
  }
  if (text.trim() === "") {
    return {
      ok: false,
      source,
      problem: { title: "Nothing to check", message: "The file or text is empty.", code: "EMPTY" },
    };
  }
  let credential: unknown;
  try {
    credential = parseCredentialJson(text, { file: source });
  } catch (error) {
    return { ok: false, source, problem: toProblem(error, text, "This is not valid JSON") };
  }
  try {
    const proof = findProofEntry(credential);
    return { ok: true, credential, proof, source };
  } catch (error) {
    return { ok: false, source, problem: toProblem(error, text, "This file is not a credanchor credential") };
  }
}

/**
 * True when the text is a JSON object with a credanchor proof entry (an entry of the credanchor proof
 * type), however malformed the rest: such a document claims to be a credential, so a broken format
 * makes it invalid (the SDK's format check), not "not a credential".
 *
 * @example
 * claimsCredanchorProof('{"proof":{"type":"CredAnchorMerkleProof2026"}}') // true
 */
export function claimsCredanchorProof(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proof = (value as { proof?: unknown }).proof;
  const entries: unknown[] = Array.isArray(proof) ? proof : [proof];
  return entries.some((entry) => isCredAnchorProofEntry(entry));
}

function toProblem(error: unknown, text: string, title: string): LoadProblem {
  if (!(error instanceof BaseError)) {
    return { title, message: error instanceof Error ? error.message : String(error) };
  }
  const { line, column, pointer } = error.location ?? {};
  return {
    title,
    message: error.shortMessage,
    details: error.details,
    fix: error.fix,
    line,
    column,
    pointer,
    excerpt: line === undefined ? undefined : text.split(/\r\n|\r|\n/)[line - 1],
    code: error.code,
  };
}

/** A file's content as the page checks it: its text, or the credential baked into a PNG or SVG badge. */
export type FileContent = { ok: true; text: string; baked?: "png" | "svg" } | { ok: false; problem: LoadProblem };

/**
 * The text to check in a file's bytes: a baked PNG or SVG badge (told by its content, docs/SPEC.md 9)
 * gives the credential baked into it; any other file its UTF-8 text. An image without a baked
 * credential comes back as a `LoadProblem` saying so and what to do.
 *
 * @example
 * const content = fileContent(new Uint8Array(await file.arrayBuffer()));
 * if (content.ok) await checkText(content.text, file.name);
 */
export function fileContent(bytes: Uint8Array): FileContent {
  const kind = imageKind(bytes);
  if (kind === undefined) return { ok: true, text: new TextDecoder().decode(bytes) };
  try {
    return { ok: true, text: unbakeImage(bytes).credentialJson, baked: kind };
  } catch (error) {
    if (!(error instanceof BakedImageError)) throw error;
    const image = kind.toUpperCase();
    return {
      ok: false,
      problem: {
        title:
          error.problem === "not-baked"
            ? `This ${image} image holds no credential`
            : `This ${image} image cannot be read`,
        message: error.shortMessage,
        fix: "Choose the badge image the issuer sent you (a baked badge carries the credential inside it), or the credential's .json file.",
        code: error.code,
      },
    };
  }
}

/** A guess at what a binary file is, or undefined for text. */
function describeBinary(text: string): string | undefined {
  if (text.startsWith("\uFFFDPNG") || text.startsWith("\u0089PNG")) return "a PNG image";
  if (text.startsWith("%PDF")) return "a PDF document";
  if (text.startsWith("PK\u0003\u0004")) return "a ZIP archive";
  if (/^\uFFFD\uFFFD\uFFFD/.test(text)) return "a JPEG image or another binary file";
  if (text.includes("\u0000")) return "a binary file";
  return undefined;
}
