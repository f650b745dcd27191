/**
 * The hostile corpus (test/fixtures/hostile/): every file and what each must produce. Built in memory
 * by `buildCorpus()`; `generateCorpus.ts` writes it to disk and corpus.test.ts checks that the
 * committed files are exactly what the builder makes (so a change to the digest or the formats shows
 * up as a stale corpus, not as silently weaker tests). Huge inputs (100 MB, 100,000 levels) are not
 * here: the tests make them in a temporary directory.
 */
import { visibleFieldHashes } from "../../../sdk/src/canonical/computeDigest";
import { hashField } from "../../../sdk/src/canonical/fieldHash";
import type { CheckName } from "../../../sdk/src/verify/types";
import {
  ANCHOR_A,
  ANCHOR_B,
  ANCHOR_C,
  buildCorpusBatch,
  CORPUS_TEMPLATE,
  CORPUS_TEMPLATE_C,
  credentialText,
  RECIPIENTS_A,
  RECIPIENTS_B,
  RECIPIENTS_C,
  type CorpusCredential,
} from "./corpusBase";
import { repoPath } from "../repoRoot";

/** Where the corpus lives. */
export const HOSTILE_DIR = repoPath("test", "fixtures", "hostile");

/** A credential file and the verdict it must get. */
export interface CredentialCase {
  /** Path relative to HOSTILE_DIR. */
  file: string;
  /** What is wrong with it, in words. */
  what: string;
  /** The first failing check, its code, and a text its message must contain (a pointer or line:column). */
  expect: { check: CheckName; code: string; where?: string };
  /** The CLI reads files itself (size, UTF-8): when its verdict differs from the SDK's on the decoded text. */
  cli?: { check: CheckName; code: string; where?: string };
}

/** A recipients file: refused at `line` (when the file has lines) for `reason`, or accepted. */
export interface RecipientsCase {
  file: string;
  what: string;
  expect: { line?: number; reason: string } | { accepted: true; rows: number; names: string[] };
}

/** A credanchor.config.json: refused with a location and a reason, or accepted. */
export interface ConfigCase {
  file: string;
  what: string;
  expect: { where?: string; reason: string } | { accepted: true };
}

/** A batch directory whose manifest.json is hostile. */
export interface ManifestCase {
  /** Folder relative to HOSTILE_DIR holding manifest.json. */
  dir: string;
  what: string;
  expect: { where?: string; reason: string };
}

/** A template file that must stop issueBatch before anything is written. */
export interface TemplateCase {
  file: string;
  what: string;
  expect: { where?: string; reason: string };
}

export interface HostileCorpus {
  /** Every file, by path relative to HOSTILE_DIR. */
  files: Map<string, Buffer>;
  credentials: CredentialCase[];
  recipients: RecipientsCase[];
  configs: ConfigCase[];
  manifests: ManifestCase[];
  templates: TemplateCase[];
}

type Json = Record<string, unknown>;

/** 1-based `line:column` (UTF-16 code units) of offset `index` in `text`. */
export function lineColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return `${line}:${index - before.lastIndexOf("\n")}`;
}

/** `text` with the single occurrence of `find` replaced; throws when it occurs zero or several times. */
function replaceOnce(text: string, find: string, replacement: string): string {
  const first = text.indexOf(find);
  if (first < 0 || text.indexOf(find, first + 1) >= 0) {
    throw new Error(`corpus: ${JSON.stringify(find)} must occur exactly once`);
  }
  return text.slice(0, first) + replacement + text.slice(first + find.length);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Builds the whole corpus in memory (deterministic).
 *
 * @example
 * const corpus = await buildCorpus();
 * for (const c of corpus.credentials) console.log(c.file, c.expect.code);
 */
export async function buildCorpus(): Promise<HostileCorpus> {
  const files = new Map<string, Buffer>();
  const put = (file: string, content: string | Buffer) =>
    files.set(file, typeof content === "string" ? Buffer.from(content, "utf8") : content);

  const a = await buildCorpusBatch("A", RECIPIENTS_A, ANCHOR_A);
  const b = await buildCorpusBatch("B", RECIPIENTS_B, ANCHOR_B);
  const c = await buildCorpusBatch("C", RECIPIENTS_C, ANCHOR_C, CORPUS_TEMPLATE_C);
  const [ada, grace, emilie] = a.credentials;
  const baseText = credentialText(ada);
  put("template.json", `${JSON.stringify(CORPUS_TEMPLATE, null, 2)}\n`);
  a.credentials.forEach((credential, i) => put(`credentials/valid-a${i}.json`, credentialText(credential)));
  b.credentials.forEach((credential, i) => put(`credentials/valid-b${i}.json`, credentialText(credential)));
  c.credentials.forEach((credential, i) => put(`credentials/valid-c${i}.json`, credentialText(credential)));

  const credentials: CredentialCase[] = [];
  const text = (
    name: string,
    what: string,
    content: string | Buffer,
    expect: CredentialCase["expect"],
    cli?: CredentialCase["cli"],
  ) => {
    const file = `credentials/${name}.json`;
    put(file, content);
    credentials.push({ file, what, expect, ...(cli ? { cli } : {}) });
  };
  const mutate = (
    name: string,
    what: string,
    change: (credential: CorpusCredential, proof: Json) => void,
    expect: CredentialCase["expect"],
    from: CorpusCredential = ada,
  ) => {
    const credential = clone(from);
    change(credential, credential.proof[0] as unknown as Json);
    text(name, what, credentialText(credential), expect);
  };
  const json = (where: string) => ({ check: "format" as const, code: "FORMAT_INVALID_JSON", where });
  const shape = (where: string) => ({ check: "format" as const, code: "FORMAT_INVALID_CREDENTIAL", where });
  const proofShape = (where: string) => ({ check: "format" as const, code: "FORMAT_PROOF_INVALID", where });
  const notCredential = (where: string) => ({ check: "format" as const, code: "FORMAT_PROOF_MISSING", where });
  const changed = { check: "integrity" as const, code: "INTEGRITY_DIGEST_MISMATCH" };
  const fields = (where: string) => ({ check: "integrity" as const, code: "INTEGRITY_FIELDS_CHANGED", where });
  const notIncluded = { check: "inclusion" as const, code: "INCLUSION_PROOF_MISMATCH" };
  const subject = (c: CorpusCredential) => c.credentialSubject as Json;

  // ---- not JSON, or not the JSON it seems -------------------------------------------------------
  text("empty", "an empty file", "", json("1:1"));
  text("whitespace-only", "only spaces and newlines", "  \n\n", json("3:1"));
  text("bom-only", "only a byte order mark", "\ufeff", json("1:1"));
  const half = baseText.lastIndexOf(",\n", Math.floor(baseText.length / 2)) + 1;
  text(
    "truncated-half",
    "the first half of a credential, cut after a comma",
    baseText.slice(0, half),
    json(lineColumn(baseText, half)),
  );
  const quote = baseText.indexOf('"Ada Lovelace"');
  text(
    "truncated-in-string",
    "cut inside a string",
    baseText.slice(0, quote + 5),
    json(`${lineColumn(baseText, quote)} at /credentialSubject/name): unterminated string`),
  );
  text(
    "truncated-last-brace",
    "the final } missing",
    baseText.trimEnd().slice(0, -1),
    json(lineColumn(baseText, baseText.trimEnd().length - 1)),
  );
  text(
    "trailing-garbage",
    "a second value after the credential",
    `${baseText}{}`,
    json(lineColumn(`${baseText}{}`, baseText.length)),
  );
  const trailingComma = replaceOnce(
    baseText,
    '"url": "https://www.example.edu"\n',
    '"url": "https://www.example.edu",\n',
  );
  text(
    "trailing-comma",
    "a comma before }",
    trailingComma,
    json(lineColumn(trailingComma, trailingComma.indexOf("}", trailingComma.indexOf('"url"')))),
  );
  text(
    "single-quotes",
    "a member name in single quotes",
    replaceOnce(baseText, '"validFrom":', "'validFrom':"),
    json(lineColumn(baseText, baseText.indexOf('"validFrom":'))),
  );
  text(
    "duplicate-key",
    "credentialSubject.name twice: JSON.parse would keep the second",
    replaceOnce(baseText, '"name": "Ada Lovelace",', '"name": "Ada Lovelace",\n    "name": "Eve",'),
    shape("/credentialSubject/name"),
  );
  text(
    "duplicate-key-escaped",
    "the same name spelled with a \\u escape",
    replaceOnce(baseText, '"name": "Ada Lovelace",', '"name": "Ada Lovelace",\n    "n\\u0061me": "Eve",'),
    shape("/credentialSubject/name"),
  );
  text(
    "duplicate-leafindex",
    "the proof's leafIndex twice",
    replaceOnce(baseText, '"leafIndex": 0,', '"leafIndex": 0,\n      "leafIndex": 1,'),
    shape("/proof/0/leafIndex"),
  );
  text(
    "duplicate-proof",
    "two proof members at the top",
    replaceOnce(baseText, '  "proof": [', '  "proof": [],\n  "proof": ['),
    shape("/proof"),
  );
  text(
    "number-1e400",
    "a number beyond the 64-bit float range",
    replaceOnce(baseText, '"creditsEarned": 12.5', '"creditsEarned": 1e400'),
    shape("/credentialSubject/creditsEarned"),
  );
  text(
    "number-2pow53-plus-1",
    "an integer that reads as another one (2^53+1 reads as 2^53)",
    replaceOnce(baseText, '"creditsEarned": 12.5', '"creditsEarned": 9007199254740993'),
    shape("/credentialSubject/creditsEarned"),
  );
  text(
    "number-too-precise",
    "a decimal with more digits than a 64-bit float holds (reads as 12.5)",
    replaceOnce(baseText, '"creditsEarned": 12.5', '"creditsEarned": 12.50000000000000000001'),
    shape("/credentialSubject/creditsEarned"),
  );
  text(
    "number-underflow",
    "a tiny number that reads as 0",
    replaceOnce(baseText, '"creditsEarned": 12.5', '"creditsEarned": 1e-400'),
    shape("/credentialSubject/creditsEarned"),
  );
  text(
    "leafindex-2pow53-plus-1",
    "a leaf index that reads as another one",
    replaceOnce(baseText, '"leafIndex": 0,', '"leafIndex": 9007199254740993,'),
    shape("/proof/0/leafIndex"),
  );
  text(
    "raw-nul",
    "a raw NUL character inside a string",
    replaceOnce(baseText, '"Ada Lovelace"', '"Ada\u0000Lovelace"'),
    json(lineColumn(baseText, baseText.indexOf("Ada Lovelace") + 3)),
  );
  text(
    "raw-newline-in-string",
    "a raw line break inside a string",
    replaceOnce(baseText, '"Ada Lovelace"', '"Ada\nLovelace"'),
    json(lineColumn(baseText, baseText.indexOf("Ada Lovelace") + 3)),
  );
  text(
    "bad-escape",
    "an escape JSON does not have",
    replaceOnce(baseText, '"Ada Lovelace"', '"Ada\\x41"'),
    json(lineColumn(baseText, baseText.indexOf("Ada Lovelace") + 3)),
  );
  text(
    "nan",
    "NaN is not JSON",
    replaceOnce(baseText, '"creditsEarned": 12.5', '"creditsEarned": NaN'),
    json(lineColumn(baseText, baseText.indexOf("12.5"))),
  );
  text(
    "comment",
    "a // comment",
    replaceOnce(baseText, '  "validFrom":', '  // issued today\n  "validFrom":'),
    json(lineColumn(baseText, baseText.indexOf('  "validFrom":') + 2)),
  );
  const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`;
  text(
    "deep-nesting-1000",
    "1,000 nested arrays in a value",
    replaceOnce(baseText, '"creditsEarned": 12.5', `"creditsEarned": ${deep}`),
    shape("/credentialSubject/creditsEarned/0/0/0"),
  );
  text(
    "top-level-array",
    "an array, not an object",
    "[1, 2, 3]\n",
    notCredential("a credential must be a JSON object"),
  );
  text("top-level-number", "a number", "42\n", notCredential("a credential must be a JSON object"));
  text("top-level-string", "a string", '"credential"\n', notCredential("a credential must be a JSON object"));
  text("top-level-null", "null", "null\n", notCredential("a credential must be a JSON object"));
  // Bytes that are not UTF-8: decoded leniently they become U+FFFD (a changed value); the CLI refuses them.
  const badUtf8 = Buffer.concat([
    Buffer.from(baseText.slice(0, baseText.indexOf("Ada Lovelace") + 3), "utf8"),
    Buffer.from([0xff]),
    Buffer.from(baseText.slice(baseText.indexOf("Ada Lovelace") + 4), "utf8"),
  ]);
  text("invalid-utf8", "a byte 0xFF in the holder's name", badUtf8, changed, {
    check: "format",
    code: "FORMAT_INVALID_JSON",
    where: lineColumn(baseText, baseText.indexOf("Ada Lovelace") + 3),
  });
  text("utf16-encoded", "the credential saved as UTF-16", Buffer.from(`\ufeff${baseText}`, "utf16le"), json("1:1"), {
    check: "format",
    code: "FORMAT_INVALID_JSON",
    where: "1:1",
  });

  // ---- odd unicode ------------------------------------------------------------------------------
  mutate(
    "lone-surrogate",
    "an unpaired UTF-16 surrogate (\\ud800) in the holder's name",
    (c) => {
      subject(c).name = "Ada \ud800";
    },
    shape("/credentialSubject/name"),
  );
  mutate(
    "lone-surrogate-key",
    "an unpaired surrogate in a member name",
    (c) => {
      subject(c)["x\udc00"] = "y";
    },
    shape("/credentialSubject/x\udc00"),
  );
  mutate(
    "nfd-name",
    "the name in decomposed Unicode (NFD): equal on screen, not equal in bytes",
    (c) => {
      subject(c).name = (subject(c).name as string).normalize("NFD");
    },
    changed,
    emilie,
  );
  mutate(
    "nfc-to-compatibility",
    "a ligature: \ufb01 instead of fi (NFKC would fold it)",
    (c) => {
      subject(c).narrative = "Capstone on \u00e9nergie.".replace("Capstone", "Capstone \ufb01nal");
    },
    changed,
    emilie,
  );
  mutate(
    "rtl-override",
    "a right-to-left override hides a reversed text in the name",
    (c) => {
      subject(c).name = "Ada Lovelace\u202e)dettimo(";
    },
    changed,
  );
  mutate(
    "bom-in-value",
    "a byte order mark before the name",
    (c) => {
      subject(c).name = "\ufeffAda Lovelace";
    },
    changed,
  );
  mutate(
    "nul-in-value",
    "an escaped NUL at the end of the name",
    (c) => {
      subject(c).name = "Ada Lovelace\u0000";
    },
    changed,
  );
  mutate(
    "zero-width-space",
    "a zero-width space inside the name",
    (c) => {
      subject(c).name = "Ada\u200b Lovelace";
    },
    changed,
  );
  mutate(
    "homoglyph",
    "a Cyrillic a in the name",
    (c) => {
      subject(c).name = "\u0410da Lovelace";
    },
    changed,
  );

  // ---- visible values changed ---------------------------------------------------------------------
  mutate(
    "value-name",
    "one letter of the name changed",
    (c) => {
      subject(c).name = "Ada Lovelacf";
    },
    changed,
  );
  mutate(
    "value-trailing-space",
    "a space after the name",
    (c) => {
      subject(c).name = "Ada Lovelace ";
    },
    changed,
  );
  mutate(
    "value-score",
    "the score raised",
    (c) => {
      ((subject(c).result as Json[])[0] as Json).value = "100";
    },
    changed,
  );
  mutate(
    "value-number",
    "creditsEarned 12.5 → 12.6",
    (c) => {
      subject(c).creditsEarned = 12.6;
    },
    changed,
  );
  mutate(
    "value-number-as-string",
    'creditsEarned 12.5 → "12.5"',
    (c) => {
      subject(c).creditsEarned = "12.5";
    },
    shape("/credentialSubject/creditsEarned"),
  );
  mutate(
    "value-bool",
    "identifier.hashed true → false",
    (c) => {
      ((subject(c).identifier as Json[])[0] as Json).hashed = false;
    },
    changed,
  );
  mutate(
    "value-validuntil",
    "validUntil moved to 2099",
    (c) => {
      c.validUntil = "2099-01-01T00:00:00Z";
    },
    changed,
  );
  mutate(
    "value-issuer-url",
    "the issuer's url changed",
    (c) => {
      (c.issuer as Json).url = "https://evil.example";
    },
    changed,
  );
  mutate(
    "value-type-order",
    "the two credential types swapped",
    (c) => {
      c.type = ["OpenBadgeCredential", "VerifiableCredential"];
    },
    changed,
  );
  mutate(
    "value-null",
    "the name replaced by null",
    (c) => {
      subject(c).name = null;
    },
    shape("/credentialSubject/name"),
  );
  mutate(
    "value-object-for-array",
    'the result array replaced by an object with key "0"',
    (c) => {
      subject(c).result = { 0: (subject(c).result as Json[])[0] };
    },
    shape("/credentialSubject/result"),
  );

  // ---- wrong types at the top ---------------------------------------------------------------------
  mutate(
    "type-context-string",
    "@context a string",
    (c) => {
      c["@context"] = "https://www.w3.org/ns/credentials/v2";
    },
    shape("/@context"),
  );
  mutate(
    "type-issuer-array",
    "issuer an array",
    (c) => {
      c.issuer = [];
    },
    shape("/issuer"),
  );
  mutate(
    "type-subject-array",
    "credentialSubject an array",
    (c) => {
      c.credentialSubject = [c.credentialSubject];
    },
    shape("/credentialSubject"),
  );
  mutate(
    "type-validfrom-number",
    "validFrom a number",
    (c) => {
      c.validFrom = 20260301;
    },
    shape("/validFrom"),
  );
  mutate(
    "type-proof-string",
    "proof a string",
    (c) => {
      (c as Json).proof = "0xdeadbeef";
    },
    { check: "format", code: "FORMAT_PROOF_MISSING", where: "no proof entry" },
  );
  mutate(
    "proof-missing",
    "no proof at all",
    (c) => {
      delete (c as Json).proof;
    },
    { check: "format", code: "FORMAT_PROOF_MISSING", where: "has no proof" },
  );
  mutate(
    "proof-other-suite",
    "only a proof of another suite",
    (c) => {
      (c as Json).proof = [{ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022" }];
    },
    { check: "format", code: "FORMAT_PROOF_MISSING", where: "no proof entry" },
  );
  mutate(
    "proof-twice",
    "two credanchor proof entries",
    (c) => {
      c.proof.push(clone(grace.proof[0]));
    },
    proofShape("2 credanchor proof entries"),
  );

  // ---- the proof entry --------------------------------------------------------------------------
  const p = (member: string) => `/proof/0/${member}`;
  mutate(
    "leafindex-string",
    'leafIndex "0"',
    (_c, proof) => {
      proof.leafIndex = "0";
    },
    proofShape(p("leafIndex")),
  );
  mutate(
    "leafindex-negative",
    "leafIndex -1",
    (_c, proof) => {
      proof.leafIndex = -1;
    },
    proofShape(p("leafIndex")),
  );
  mutate(
    "leafindex-fraction",
    "leafIndex 0.5",
    (_c, proof) => {
      proof.leafIndex = 0.5;
    },
    proofShape(p("leafIndex")),
  );
  mutate(
    "leafindex-huge",
    "leafIndex 1e300",
    (_c, proof) => {
      proof.leafIndex = 1e300;
    },
    proofShape(p("leafIndex")),
  );
  mutate(
    "leafindex-beyond-batch",
    "leafIndex 3 in a batch of 3",
    (_c, proof) => {
      proof.leafIndex = 3;
    },
    notIncluded,
  );
  mutate(
    "leafindex-other",
    "leafIndex of another credential of the batch, own path",
    (_c, proof) => {
      proof.leafIndex = 1;
    },
    notIncluded,
  );
  mutate(
    "path-object",
    "path an object",
    (_c, proof) => {
      proof.path = {};
    },
    proofShape(p("path")),
  );
  mutate(
    "path-too-long",
    "65 siblings (at most 64)",
    (_c, proof) => {
      proof.path = Array.from({ length: 65 }, (_, i) => `0x${i.toString(16).padStart(64, "0")}`);
    },
    proofShape(p("path")),
  );
  mutate(
    "path-too-short",
    "the last sibling removed",
    (_c, proof) => {
      (proof.path as string[]).pop();
    },
    notIncluded,
  );
  mutate(
    "path-empty",
    "no siblings",
    (_c, proof) => {
      proof.path = [];
    },
    notIncluded,
  );
  mutate(
    "path-extra-sibling",
    "a sibling added at the top",
    (_c, proof) => {
      (proof.path as string[]).push(`0x${"00".repeat(32)}`);
    },
    notIncluded,
  );
  mutate(
    "path-swapped",
    "the two siblings swapped",
    (_c, proof) => {
      (proof.path as string[]).reverse();
    },
    notIncluded,
  );
  mutate(
    "path-upper-case",
    "a sibling in upper-case hex",
    (_c, proof) => {
      const path = proof.path as string[];
      path[0] = `0x${path[0].slice(2).toUpperCase()}`;
    },
    proofShape(p("path/0")),
  );
  mutate(
    "path-non-hex",
    "a sibling with a g in it",
    (_c, proof) => {
      const path = proof.path as string[];
      path[0] = `${path[0].slice(0, -1)}g`;
    },
    proofShape(p("path/0")),
  );
  mutate(
    "path-from-sibling",
    "leafIndex and path of credential 1, own digest",
    (_c, proof) => {
      proof.leafIndex = 1;
      proof.path = clone(grace.proof[0].path);
    },
    notIncluded,
  );
  mutate(
    "digest-upper-case",
    "the digest in upper-case hex",
    (_c, proof) => {
      proof.digest = `0x${(proof.digest as string).slice(2).toUpperCase()}`;
    },
    proofShape(p("digest")),
  );
  mutate(
    "digest-short",
    "a 31-byte digest",
    (_c, proof) => {
      proof.digest = (proof.digest as string).slice(0, -2);
    },
    proofShape(p("digest")),
  );
  mutate(
    "digest-no-prefix",
    "the digest without 0x",
    (_c, proof) => {
      proof.digest = (proof.digest as string).slice(2);
    },
    proofShape(p("digest")),
  );
  mutate(
    "digest-non-hex",
    "the digest with a z in it",
    (_c, proof) => {
      proof.digest = `0xz${(proof.digest as string).slice(3)}`;
    },
    proofShape(p("digest")),
  );
  mutate(
    "digest-from-sibling",
    "the digest of credential 1",
    (_c, proof) => {
      proof.digest = grace.proof[0].digest;
    },
    changed,
  );
  mutate(
    "root-long",
    "a 33-byte root",
    (_c, proof) => {
      proof.root = `${proof.root as string}00`;
    },
    proofShape(p("root")),
  );
  mutate(
    "root-upper-case",
    "the root in upper-case hex",
    (_c, proof) => {
      proof.root = `0x${(proof.root as string).slice(2).toUpperCase()}`;
    },
    proofShape(p("root")),
  );
  mutate(
    "root-from-other-batch",
    "the root of batch B",
    (_c, proof) => {
      proof.root = b.root;
    },
    notIncluded,
  );
  mutate(
    "proof-from-sibling",
    "the whole proof entry of credential 1 of the same batch",
    (c) => {
      c.proof = clone(grace.proof);
    },
    fields("/credentialSubject/identifier/0/type"),
  );
  mutate(
    "proof-from-other-batch",
    "the whole proof entry of a credential of batch B",
    (c) => {
      c.proof = clone(b.credentials[1].proof);
    },
    fields("/credentialSubject/result/0/type/0"),
  );
  mutate(
    "salt-changed",
    "one salt changed",
    (_c, proof) => {
      (proof.salts as Json)["/credentialSubject/name"] = `0x${"00".repeat(16)}`;
    },
    changed,
  );
  mutate(
    "salt-upper-case",
    "one salt in upper-case hex",
    (_c, proof) => {
      const salts = proof.salts as Record<string, string>;
      salts["/credentialSubject/name"] = `0x${salts["/credentialSubject/name"].slice(2).toUpperCase()}`;
    },
    proofShape(p("salts/~1credentialSubject~1name")),
  );
  mutate(
    "salt-short",
    "a 15-byte salt",
    (_c, proof) => {
      const salts = proof.salts as Record<string, string>;
      salts["/description"] = salts["/credentialSubject/name"].slice(0, -2);
    },
    proofShape(p("salts/~1description")),
  );
  mutate(
    "salt-missing",
    "a visible field without its salt",
    (_c, proof) => {
      delete (proof.salts as Json)["/credentialSubject/name"];
    },
    fields("/credentialSubject/name"),
  );
  mutate(
    "salt-for-absent-field",
    "a salt for a field that is not there",
    (_c, proof) => {
      (proof.salts as Json)["/credentialSubject/nickname"] = `0x${"11".repeat(16)}`;
    },
    fields("/credentialSubject/nickname"),
  );
  mutate(
    "salt-key-not-pointer",
    "a salt keyed by a name, not a JSON pointer",
    (_c, proof) => {
      (proof.salts as Json)["name"] = `0x${"11".repeat(16)}`;
    },
    proofShape(p("salts/name")),
  );
  mutate(
    "field-added",
    "a member added to the subject",
    (c) => {
      subject(c).nickname = "Countess";
    },
    fields("/credentialSubject/nickname"),
  );
  mutate(
    "field-removed",
    "the result removed, its hashes not kept",
    (c) => {
      delete subject(c).result;
    },
    fields("/credentialSubject/result/0/type/0"),
  );
  const hashes = visibleFieldHashes(ada, ada.proof[0].salts);
  mutate(
    "redacted-duplicated",
    "the same redacted hash twice",
    (c, proof) => {
      delete subject(c).result;
      const salts = proof.salts as Json;
      delete salts["/credentialSubject/result/0/type/0"];
      delete salts["/credentialSubject/result/0/value"];
      const hidden = [
        hashes.get("/credentialSubject/result/0/type/0")!,
        hashes.get("/credentialSubject/result/0/value")!,
      ].sort();
      proof.redactedHashes = [hidden[0], hidden[0], hidden[1]];
    },
    proofShape(p("redactedHashes/1")),
  );
  mutate(
    "redacted-unsorted",
    "redacted hashes out of order",
    (c, proof) => {
      delete subject(c).result;
      const salts = proof.salts as Json;
      delete salts["/credentialSubject/result/0/type/0"];
      delete salts["/credentialSubject/result/0/value"];
      proof.redactedHashes = [
        hashes.get("/credentialSubject/result/0/type/0")!,
        hashes.get("/credentialSubject/result/0/value")!,
      ]
        .sort()
        .reverse();
    },
    proofShape(p("redactedHashes/1")),
  );
  mutate(
    "visible-also-redacted",
    "a visible field's hash also listed as redacted",
    (_c, proof) => {
      proof.redactedHashes = [hashes.get("/credentialSubject/name")!];
    },
    changed,
  );
  mutate(
    "redacted-foreign-hash",
    "a redacted hash that belongs to no field",
    (_c, proof) => {
      proof.redactedHashes = [`0x${"ab".repeat(32)}`];
    },
    changed,
  );
  // ---- protected members hidden by hand (SPEC 2.4): never salted, no field hash to move ----------
  /** A field hash as a holder would make one up for a removed value (a fresh salt, the old per-field scheme). */
  const madeUpHash = (path: (string | number)[], value: unknown) =>
    hashField(path, value as never, `0x${"5e".repeat(16)}`);
  const withRedacted = (proof: Json, ...extra: string[]) => {
    proof.redactedHashes = [...(proof.redactedHashes as string[]), ...extra].sort();
  };
  mutate(
    "hidden-validuntil",
    "validUntil deleted by hand (an expired credential made to look open-ended)",
    (cred) => {
      delete cred.validUntil;
    },
    changed,
  );
  mutate(
    "hidden-validuntil-hash-moved",
    "validUntil deleted by hand and a hash for it put into redactedHashes",
    (cred, proof) => {
      withRedacted(proof, madeUpHash(["validUntil"], cred.validUntil));
      delete cred.validUntil;
    },
    changed,
  );
  mutate(
    "hidden-validuntil-salt-kept",
    "validUntil deleted by hand, a salt for it in the proof entry",
    (cred, proof) => {
      withRedacted(proof, madeUpHash(["validUntil"], cred.validUntil));
      (proof.salts as Json)["/validUntil"] = `0x${"5e".repeat(16)}`;
      delete cred.validUntil;
    },
    fields("/validUntil"),
  );
  mutate(
    "hidden-credentialstatus",
    "credentialStatus deleted by hand and hashes for it put into redactedHashes",
    (cred, proof) => {
      withRedacted(proof, madeUpHash(["credentialStatus", "type"], (cred.credentialStatus as Json).type));
      delete cred.credentialStatus;
    },
    changed,
    c.credentials[0],
  );
  mutate(
    "added-credentialstatus",
    "a credentialStatus added to a credential issued without one",
    (cred) => {
      cred.credentialStatus = { type: "CredAnchorRegistryStatus2026" };
    },
    changed,
  );
  mutate(
    "hidden-issuer-url",
    "issuer.url deleted by hand and a hash for it put into redactedHashes",
    (cred, proof) => {
      const issuer = cred.issuer as Json;
      withRedacted(proof, madeUpHash(["issuer", "url"], issuer.url));
      delete issuer.url;
    },
    changed,
  );
  mutate(
    "proof-extra-member",
    "an unknown member in the proof entry",
    (_c, proof) => {
      proof.signature = "0x00";
    },
    proofShape(p("signature")),
  );
  mutate(
    "anchor-string",
    "the anchor record a string",
    (_c, proof) => {
      proof.anchor = "eip155:31337";
    },
    proofShape(p("anchor")),
  );
  mutate(
    "anchor-chain-zero",
    'anchor chain "eip155:0"',
    (_c, proof) => {
      (proof.anchor as Json).chain = "eip155:0";
    },
    proofShape(p("anchor/chain")),
  );
  mutate(
    "anchor-bad-checksum",
    "a registry address with a wrong EIP-55 checksum",
    (_c, proof) => {
      (proof.anchor as Json).registry = "0x5fbDB2315678afecb367f032d93F642f64180aa3";
    },
    proofShape(p("anchor/registry")),
  );
  mutate(
    "anchor-block-negative",
    "anchor blockNumber -1",
    (_c, proof) => {
      (proof.anchor as Json).blockNumber = -1;
    },
    proofShape(p("anchor/blockNumber")),
  );
  mutate(
    "anchor-extra-member",
    "an unknown member in the anchor record",
    (_c, proof) => {
      (proof.anchor as Json).note = "trust me";
    },
    proofShape(p("anchor/note")),
  );

  // ---- recipients ---------------------------------------------------------------------------------
  const recipients: RecipientsCase[] = [];
  const rows = (name: string, what: string, content: string | Buffer, expect: RecipientsCase["expect"]) => {
    const file = `recipients/${name}`;
    put(file, content);
    recipients.push({ file, what, expect });
  };
  const header = "name,email,id,score\n";
  rows(
    "quote-not-closed.csv",
    "a quote that never closes",
    `${header}"Ada Lovelace,ada@example.org,,92\nGrace Hopper,grace@example.org,,88\n`,
    { line: 3, reason: "Quote Not Closed" },
  );
  rows(
    "quote-inside-field.csv",
    "a quote in the middle of an unquoted field",
    `${header}Ada "the" Lovelace,ada@example.org,,92\n`,
    { line: 2, reason: "Invalid Opening Quote" },
  );
  rows("junk-after-quote.csv", "text after a closing quote", `${header}"Ada"x,ada@example.org,,92\n`, {
    line: 2,
    reason: "Invalid Closing Quote",
  });
  rows(
    "too-many-columns.csv",
    "a row with five fields under four columns",
    `${header}Ada,ada@example.org,,92\nGrace,grace@example.org,,88,extra\n`,
    { line: 3, reason: "columns length is 4, got 5" },
  );
  rows(
    "too-few-columns.csv",
    "a row with two fields under four columns",
    `${header}Ada,ada@example.org,,92\nGrace,grace@example.org\n`,
    { line: 3, reason: "columns length is 4, got 2" },
  );
  rows("empty.csv", "an empty file", "", { reason: "has no recipients" });
  rows("header-only.csv", "a header and no rows", header, { reason: "has no recipients" });
  rows("blank-lines-only.csv", "a header and blank lines", `${header}\n\n\n`, { reason: "has no recipients" });
  rows("duplicate-column.csv", "a column named twice", "name,email,name\nAda,ada@example.org,Eve\n", {
    line: 1,
    reason: 'names column "name" twice',
  });
  rows("empty-column-name.csv", "an empty column name", "name,,email\nAda,x,ada@example.org\n", {
    line: 1,
    reason: "empty column name",
  });
  // A column that is no recipient field is ignored with a note (issue 13, --strict refuses it): a
  // misspelt name column leaves the row without a name.
  rows("unknown-column.csv", "a misspelt column", "nmae,email\nAda,ada@example.org\n", {
    line: 2,
    reason: 'field "name": required value is missing',
  });
  rows("missing-name.csv", "a row without a name", `${header}Ada,ada@example.org,,92\n,grace@example.org,,88\n`, {
    line: 3,
    reason: 'field "name": required value is missing',
  });
  rows("bad-email.csv", "an e-mail address without @", `${header}Ada,ada.example.org,,92\n`, {
    line: 2,
    reason: "is not an e-mail address",
  });
  rows(
    "bom-crlf.csv",
    "a byte order mark and CRLF line ends (accepted)",
    `\ufeff${header.replace("\n", "\r\n")}Ada Lovelace,ada@example.org,,92\r\n"Hopper, Grace",grace@example.org,,88\r\n`,
    { accepted: true, rows: 2, names: ["Ada Lovelace", "Hopper, Grace"] },
  );
  rows(
    "multiline-field.csv",
    "a quoted field over two lines (accepted)",
    `${header}"Ada\nLovelace",ada@example.org,,92\n`,
    { accepted: true, rows: 1, names: ["Ada\nLovelace"] },
  );
  const csvUtf8 = (bytes: number[]) =>
    Buffer.concat([
      Buffer.from(`${header}Ada,ada@example.org,,92\nGr`),
      Buffer.from(bytes),
      Buffer.from("ace,grace@example.org,,88\n"),
    ]);
  rows("invalid-utf8.csv", "a byte 0xFF on line 3", csvUtf8([0xff]), { line: 3, reason: "not valid UTF-8" });
  rows("overlong-utf8.csv", "an overlong encoding of / (C0 AF) on line 3", csvUtf8([0xc0, 0xaf]), {
    line: 3,
    reason: "not valid UTF-8",
  });
  rows("surrogate-utf8.csv", "an encoded UTF-16 surrogate (ED A0 80) on line 3", csvUtf8([0xed, 0xa0, 0x80]), {
    line: 3,
    reason: "not valid UTF-8",
  });
  rows(
    "truncated-utf8.csv",
    "a multi-byte character cut at the end of the file",
    Buffer.concat([
      Buffer.from(`${header}Ada,ada@example.org,,92\nGrace,grace@example.org,,8`),
      Buffer.from([0xe2, 0x82]),
    ]),
    { line: 3, reason: "not valid UTF-8" },
  );
  rows("utf16.csv", "the file saved as UTF-16", Buffer.from(`\ufeff${header}Ada,ada@example.org,,92\n`, "utf16le"), {
    line: 1,
    reason: "not valid UTF-8",
  });
  const jl = '{"name":"Ada Lovelace","email":"ada@example.org","score":"92"}\n';
  rows("array-line.jsonl", "a line that is an array", `${jl}["Grace Hopper","grace@example.org"]\n`, {
    line: 2,
    reason: "must be a JSON object",
  });
  rows("number-line.jsonl", "a line that is a number", `${jl}42\n`, { line: 2, reason: "must be a JSON object" });
  rows("string-line.jsonl", "a line that is a string", `${jl}"Grace Hopper"\n`, {
    line: 2,
    reason: "must be a JSON object",
  });
  rows("null-line.jsonl", "a line that is null", `${jl}null\n`, { line: 2, reason: "must be a JSON object" });
  rows(
    "duplicate-key.jsonl",
    "a member named twice on one line",
    `${jl}{"name":"Grace Hopper","email":"grace@example.org","name":"Eve"}\n`,
    { line: 2, reason: 'duplicate member name "name"' },
  );
  rows("syntax-error.jsonl", "a missing comma", `${jl}{"name":"Grace Hopper" "email":"grace@example.org"}\n`, {
    line: 2,
    reason: 'expected "," or "}"',
  });
  rows("truncated.jsonl", "the last line cut short", `${jl}{"name":"Grace Hopper","email":"grace@exa`, {
    line: 2,
    reason: "unterminated string",
  });
  rows(
    "deep.jsonl",
    "a value nested 100 levels deep",
    `${jl}{"name":"Grace Hopper","email":"grace@example.org","evidence":${"[".repeat(100)}${"]".repeat(100)}}\n`,
    { line: 2, reason: "nesting deeper than 64 levels" },
  );
  rows(
    "number-too-large.jsonl",
    "a number beyond the float range",
    `${jl}{"name":"Grace Hopper","email":"grace@example.org","creditsEarned":1e999}\n`,
    { line: 2, reason: "too large" },
  );
  rows("wrong-type.jsonl", "a name that is a number", `${jl}{"name":42,"email":"grace@example.org"}\n`, {
    line: 2,
    reason: 'field "name": must be text',
  });
  rows(
    "lone-surrogate.jsonl",
    "an unpaired surrogate in the name",
    `${jl}{"name":"Grace \\ud800","email":"grace@example.org"}\n`,
    { line: 2, reason: "unpaired" },
  );
  rows(
    "invalid-utf8.jsonl",
    "a byte 0xC3 0x28 (a broken two-byte sequence) on line 2",
    Buffer.concat([
      Buffer.from(`${jl}{"name":"Gr`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('ace","email":"grace@example.org"}\n'),
    ]),
    { line: 2, reason: "not valid UTF-8" },
  );
  rows(
    "bom-crlf.jsonl",
    "a byte order mark, CRLF line ends and a blank line (accepted)",
    `\ufeff${jl.replace("\n", "\r\n")}\r\n{"name":"Grace Hopper","email":"grace@example.org"}\r\n`,
    { accepted: true, rows: 2, names: ["Ada Lovelace", "Grace Hopper"] },
  );

  // ---- credanchor.config.json -----------------------------------------------------------------------
  const configs: ConfigCase[] = [];
  const config = (name: string, what: string, content: string | Buffer, expect: ConfigCase["expect"]) => {
    const file = `configs/${name}.json`;
    put(file, content);
    configs.push({ file, what, expect });
  };
  const goodConfig = {
    "//": "a minimal config",
    issuer: { id: "https://credentials.example.edu", name: "Example University", url: "https://www.example.edu" },
    defaultNetwork: "localhost",
    networks: { localhost: { chainId: 31337, rpc: ["http://127.0.0.1:8545"], registry: "", confirmations: 1 } },
  };
  const configText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const good = configText(goodConfig);
  config("valid", "a valid config (accepted)", good, { accepted: true });
  config("bom", "a valid config with a byte order mark, as Notepad saves it (accepted)", `\ufeff${good}`, {
    accepted: true,
  });
  config("empty", "an empty file", "", { where: ":1:1", reason: "unexpected end of input" });
  config("truncated", "cut in the middle", good.slice(0, 60), { where: ":4", reason: "unterminated string" });
  config("trailing-comma", "a comma before }", good.replace('"confirmations": 1', '"confirmations": 1,'), {
    where: ":17:5",
    reason: "expected a member name",
  });
  config(
    "duplicate-key",
    "chainId twice: JSON.parse would keep the second",
    good.replace('"chainId": 31337,', '"chainId": 31337,\n      "chainId": 1,'),
    { where: "at /networks/localhost/chainId", reason: 'duplicate member name "chainId"' },
  );
  config(
    "deep-nesting",
    "1,000 nested arrays under a comment key",
    good.replace('"a minimal config"', `${"[".repeat(1000)}${"]".repeat(1000)}`),
    { where: "at /~1~1/0/0/0", reason: "nesting deeper than" },
  );
  config("array", "an array", "[]\n", { where: "at /", reason: "must be a JSON object" });
  config("issuer-number", "issuer a number", configText({ ...goodConfig, issuer: 7 }), {
    where: "at /issuer",
    reason: "issuer must be an object",
  });
  config("issuer-name-array", "issuer.name an array", configText({ ...goodConfig, issuer: { name: ["x"] } }), {
    where: "at /issuer/name",
    reason: "must be a string",
  });
  config("networks-array", "networks an array", configText({ ...goodConfig, networks: [] }), {
    where: "at /networks",
    reason: "networks must be an object",
  });
  const network = (value: Record<string, unknown>) =>
    configText({ ...goodConfig, networks: { localhost: { ...goodConfig.networks.localhost, ...value } } });
  config("chainid-string", 'chainId "31337"', network({ chainId: "31337" }), {
    where: "at /networks/localhost/chainId",
    reason: "chainId must be a positive whole number",
  });
  config("chainid-negative", "chainId -1", network({ chainId: -1 }), {
    where: "at /networks/localhost/chainId",
    reason: "chainId must be a positive whole number",
  });
  config("chainid-fraction", "chainId 1.5", network({ chainId: 1.5 }), {
    where: "at /networks/localhost/chainId",
    reason: "chainId must be a positive whole number",
  });
  config(
    "chainid-2pow53-plus-1",
    "chainId 2^53+1, which reads as 2^53",
    good.replace('"chainId": 31337', '"chainId": 9007199254740993'),
    { where: "at /networks/localhost/chainId", reason: "cannot be read exactly" },
  );
  config("rpc-number", "rpc a number", network({ rpc: 8545 }), {
    where: "at /networks/localhost/rpc",
    reason: "rpc must be a URL or a list of URLs",
  });
  config("registry-short", "a 19-byte registry address", network({ registry: `0x${"ab".repeat(19)}` }), {
    where: "at /networks/localhost/registry",
    reason: "registry must be a 0x-prefixed 20-byte address",
  });
  config("confirmations-negative", "confirmations -1", network({ confirmations: -1 }), {
    where: "at /networks/localhost/confirmations",
    reason: "confirmations must be a whole number",
  });
  config("network-proto", 'a network named "__proto__"', good.replace('"localhost": {', '"__proto__": {'), {
    where: "at /networks/__proto__",
    reason: "not a usable network name",
  });
  config(
    "invalid-utf8",
    "a byte 0xFF in the issuer's name",
    Buffer.concat([
      Buffer.from(good.slice(0, good.indexOf("Example University"))),
      Buffer.from([0xff]),
      Buffer.from(good.slice(good.indexOf("Example University"))),
    ]),
    { where: ":5", reason: "not valid UTF-8" },
  );

  // ---- manifest.json ----------------------------------------------------------------------------------
  const manifests: ManifestCase[] = [];
  const goodManifest = {
    format: "credanchor-batch/1",
    root: a.root,
    leafCount: 3,
    inputHash: `0x${"cd".repeat(32)}`,
    createdAt: "2026-03-01T09:00:00Z",
    issuer: { id: "https://credentials.example.edu", name: "Example University", url: "https://www.example.edu" },
    credentialsDir: "credentials",
    anchor: ANCHOR_A,
  };
  const manifest = (name: string, what: string, content: string, expect: ManifestCase["expect"]) => {
    const dir = `manifests/${name}`;
    put(`${dir}/manifest.json`, content);
    manifests.push({ dir, what, expect });
  };
  const m = (change: Record<string, unknown>) => configText({ ...goodManifest, ...change });
  manifest("not-json", "not JSON", "format: credanchor-batch/1\n", { where: ":1", reason: "not valid JSON" });
  manifest("truncated", "cut short", m({}).slice(0, 40), { where: ":3", reason: "not valid JSON" });
  manifest(
    "duplicate-root",
    "root twice",
    m({}).replace(`"root": "${a.root}",`, `"root": "${a.root}",\n  "root": "${b.root}",`),
    { where: "at /root", reason: "duplicate member name" },
  );
  manifest("array", "an array", "[]\n", { where: "at /", reason: "not a JSON object" });
  manifest("format-unknown", "format credanchor-batch/9", m({ format: "credanchor-batch/9" }), {
    where: "at /format",
    reason: "Unknown manifest format",
  });
  manifest("root-short", "a 31-byte root", m({ root: a.root.slice(0, -2) }), {
    where: "at /root",
    reason: "not a 32-byte hex string",
  });
  manifest("root-zero", "the zero root", m({ root: `0x${"00".repeat(32)}` }), {
    where: "at /root",
    reason: "root is zero",
  });
  manifest("leafcount-zero", "leafCount 0", m({ leafCount: 0 }), {
    where: "at /leafCount",
    reason: "leafCount is not a positive integer",
  });
  manifest("leafcount-string", 'leafCount "3"', m({ leafCount: "3" }), {
    where: "at /leafCount",
    reason: "leafCount is not a positive integer",
  });
  manifest(
    "leafcount-2pow53-plus-1",
    "leafCount 2^53+1",
    m({}).replace('"leafCount": 3', '"leafCount": 9007199254740993'),
    { where: "at /leafCount", reason: "cannot be read exactly" },
  );
  manifest("credentialsdir-escape", "credentialsDir ../../etc", m({ credentialsDir: "../../etc" }), {
    where: "at /credentialsDir",
    reason: "not a folder inside the batch directory",
  });
  manifest("anchor-empty", "an anchor record without members", m({ anchor: {} }), {
    where: "at /anchor/chain",
    reason: "anchor",
  });
  manifest("anchor-string", "an anchor record that is a string", m({ anchor: "eip155:31337" }), {
    where: "at /anchor",
    reason: "anchor",
  });
  manifest(
    "anchor-txhash-number",
    "an anchor transactionHash that is a number",
    m({ anchor: { ...ANCHOR_A, transactionHash: 12 } }),
    { where: "at /anchor/transactionHash", reason: "anchor" },
  );
  manifest(
    "deep-nesting",
    "1,000 nested arrays in the issuer",
    m({}).replace('"name": "Example University"', `"name": ${"[".repeat(1000)}${"]".repeat(1000)}`),
    { where: "at /issuer/name/0/0", reason: "nesting deeper than" },
  );

  // ---- templates ----------------------------------------------------------------------------------------
  const templates: TemplateCase[] = [];
  const templateText = `${JSON.stringify(CORPUS_TEMPLATE, null, 2)}\n`;
  const template = (name: string, what: string, content: string, expect: TemplateCase["expect"]) => {
    const file = `templates/${name}.json`;
    put(file, content);
    templates.push({ file, what, expect });
  };
  template(
    "duplicate-key",
    "achievement.name twice",
    templateText.replace(
      '"name": "Data Analytics Certificate",',
      '"name": "Data Analytics Certificate",\n    "name": "Brain Surgery",',
    ),
    { where: "at /achievement/name", reason: "duplicate member name" },
  );
  template("truncated", "cut short after a comma", templateText.slice(0, 100), {
    where: ":7:3 at /issuer",
    reason: "expected a member name in double quotes, found end of input",
  });
  template(
    "deep-nesting",
    "1,000 nested arrays",
    templateText.replace(
      '"validUntil": "2031-01-01T00:00:00Z"',
      `"validUntil": ${"[".repeat(1000)}${"]".repeat(1000)}`,
    ),
    { where: "at /validUntil/0/0", reason: "nesting deeper than" },
  );
  template(
    "issuer-string",
    "issuer a string",
    configText({ ...CORPUS_TEMPLATE, issuer: "https://credentials.example.edu" }),
    { where: "at /issuer", reason: "must be a Profile object" },
  );
  template(
    "unknown-member",
    "a misspelt member",
    configText({ ...CORPUS_TEMPLATE, validUntill: "2031-01-01T00:00:00Z" }),
    { where: "at /validUntill", reason: "" },
  );
  template(
    "number-2pow53-plus-1",
    "an integer that reads as another one",
    templateText.replace('"validUntil": "2031-01-01T00:00:00Z"', '"creditsAvailable": 9007199254740993'),
    { where: "at /creditsAvailable", reason: "cannot be read exactly" },
  );

  const latin1 = templateText.replace("Example University", "Universit\u00e9 d'Exemple");
  const latin1At = latin1.indexOf("\u00e9");
  templates.push({
    file: "templates/latin1.json",
    what: "saved as Latin-1 (an é as the single byte E9)",
    expect: { where: `:${lineColumn(latin1, latin1At)}`, reason: "not valid UTF-8" },
  });
  put("templates/latin1.json", Buffer.from(latin1, "latin1"));

  return { files, credentials, recipients, configs, manifests, templates };
}
