/**
 * Generates test/vectors/digest.json: credentials with fixed salts, their protected part (the exact
 * text hashed and its hash), their flattened redactable (pointer, value) pairs, the exact text hashed
 * per field, the field hashes and the digest (docs/SPEC.md section 2).
 * sdk/src/canonical/vectors.test.ts recomputes every value independently and fails on any drift.
 *
 *   npx ts-node --transpile-only scripts/vectors-digest.ts          # rewrite the file
 *   npx ts-node --transpile-only scripts/vectors-digest.ts --check  # exit 1 if the file is stale
 */
import fs from "node:fs";
import path from "node:path";
import { discloseCredential } from "../sdk/src/canonical/discloseCredential";
import { digestFromFieldHashes } from "../sdk/src/canonical/digestFromFieldHashes";
import { encodeField, hashField } from "../sdk/src/canonical/fieldHash";
import { flattenCredential, type JsonLeaf } from "../sdk/src/canonical/flatten";
import {
  encodeProtectedPart,
  hashProtectedPart,
  isProtectedPath,
  protectedPart,
} from "../sdk/src/canonical/hashProtectedPart";
import type { PathToken } from "../sdk/src/canonical/pointer";
import { prepareDigest } from "../sdk/src/canonical/prepareDigest";
import { attachProof } from "../sdk/src/credential/attachProof";
import { createCredential } from "../sdk/src/credential/createCredential";
import type { CredentialTemplate } from "../sdk/src/credential/validateTemplate";
import { keccak256 } from "../sdk/src/hash/keccak";
import { readProofEntry } from "../sdk/src/credential/proofEntry";
import { isCredAnchorProofEntry } from "../sdk/src/credential/validateProofEntry";
import type { Hex } from "../sdk/src/types";

export const DIGEST_VECTORS_FILE = path.join(__dirname, "..", "test", "vectors", "digest.json");

/** Salt of the i-th redactable field (document order): 0x00112233445566778899aabbccdd followed by i as 2 bytes big-endian. */
export function vectorSalt(i: number): Uint8Array {
  const salt = Uint8Array.from([
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0,
  ]);
  salt[14] = (i >> 8) & 0xff;
  salt[15] = i & 0xff;
  return salt;
}

export interface DigestVectorField {
  pointer: string;
  path: PathToken[];
  value: JsonLeaf;
  salt: Hex;
  /** The exact text whose UTF-8 bytes are hashed. */
  encoded: string;
  fieldHash: Hex;
}

export interface DigestVector {
  name: string;
  description: string;
  credential: Record<string, unknown>;
  /** P: the protected members that are present, at their nesting. */
  protectedPart: Record<string, unknown>;
  /** JCS(["credanchor:protected:v1", P]): the exact text whose UTF-8 bytes are hashed. */
  protectedText: string;
  /** keccak256 of the UTF-8 bytes of `protectedText`: the first 32 bytes hashed for the digest. */
  protectedHash: Hex;
  /** Visible redactable fields (every field outside the protected part) in document order. */
  fields: DigestVectorField[];
  /** From the proof entry (disclosed credentials only). */
  redactedHashes: Hex[];
  /** Visible and redacted field hashes together, ascending: the bytes hashed after the protected hash. */
  sortedFieldHashes: Hex[];
  /** keccak256(protectedHash ‖ sortedFieldHashes). */
  digest: Hex;
}

export interface DigestVectorsFile {
  description: string;
  saltRule: string;
  vectors: DigestVector[];
}

/** The root of a batch with one credential: leaf_0 = keccak256(keccak256(abi.encode(uint256 0, digest))). */
export function batchOfOneRoot(digest: Hex): Hex {
  const encoded = new Uint8Array(64);
  encoded.set(Buffer.from(digest.slice(2), "hex"), 32);
  return `0x${Buffer.from(keccak256(keccak256(encoded))).toString("hex")}` as Hex;
}

function plain(salt: Uint8Array): Hex {
  return `0x${Buffer.from(salt).toString("hex")}` as Hex;
}

function vectorFor(name: string, description: string, credential: Record<string, unknown>): DigestVector {
  const entry = (credential.proof as unknown[] | undefined)?.find(isCredAnchorProofEntry);
  const proof = entry === undefined ? undefined : readProofEntry(entry);
  const redactable = flattenCredential(credential).filter((field) => !isProtectedPath(field.path));
  const fields = redactable.map((field, i): DigestVectorField => {
    const salt = proof ? proof.salts[field.pointer] : plain(vectorSalt(i));
    return {
      pointer: field.pointer,
      path: field.path,
      value: field.value,
      salt,
      encoded: encodeField(field.path, field.value, salt),
      fieldHash: hashField(field.path, field.value, salt),
    };
  });
  const redactedHashes = proof ? proof.redactedHashes : [];
  const sortedFieldHashes = [...fields.map((f) => f.fieldHash), ...redactedHashes].sort();
  const protectedHash = hashProtectedPart(credential);
  return {
    name,
    description,
    credential,
    protectedPart: protectedPart(credential),
    protectedText: encodeProtectedPart(credential),
    protectedHash,
    fields,
    redactedHashes,
    sortedFieldHashes,
    digest: digestFromFieldHashes(protectedHash, sortedFieldHashes),
  };
}

/**
 * The credentials behind the "open-badge" vectors (also used by scripts/vectors-proof.ts): `badge`
 * (unsigned, fixed salts), `signed` (its proof entry as a batch of one, not anchored) and `disclosed`
 * (`signed` after hiding the identifier, the score and the name).
 */
export function buildVectorCredentials(): {
  badge: Record<string, unknown>;
  signed: Record<string, unknown>;
  disclosed: Record<string, unknown>;
} {
  const template = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "test", "fixtures", "templates", "telemedicine-nursing.json"), "utf8"),
  ) as CredentialTemplate;
  let byte = 0xa0;
  const badge = createCredential(
    template,
    { name: "Amara Okafor", email: "amara.okafor@example.org", score: "91", status: "Completed" },
    {
      now: "2026-03-01T09:30:00Z",
      id: "urn:uuid:5b0c3c1e-2d4f-4a8e-9b1a-6f1e2d3c4b5a",
      randomBytes: (n) => Uint8Array.from({ length: n }, () => byte++ & 0xff),
    },
  ) as unknown as Record<string, unknown>;

  let i = 0;
  const prepared = prepareDigest(badge, { randomSalt: () => vectorSalt(i++) });
  const signed = attachProof(badge, {
    created: "2026-03-01T09:30:00Z",
    digest: prepared.digest,
    root: batchOfOneRoot(prepared.digest), // a real batch of one: root = leaf_0, path = [] (SPEC 3.1)
    leafIndex: 0,
    path: [],
    salts: prepared.salts,
    redactedHashes: [],
  });
  const disclosed = discloseCredential(signed, [
    "/credentialSubject/identifier",
    "/credentialSubject/result/0/value",
    "/credentialSubject/name",
  ]) as Record<string, unknown>;

  return { badge, signed: signed as unknown as Record<string, unknown>, disclosed };
}

/** Builds the vectors from the code (deterministic). */
export function buildDigestVectors(): DigestVectorsFile {
  const primitives = {
    string: "Zoë",
    integer: 42,
    negative: -7,
    float: 0.1,
    big: 1e21,
    small: 5e-324,
    maxSafe: 9007199254740991,
    yes: true,
    no: false,
    nothing: null,
    emptyObject: {},
    emptyArray: [],
    nested: { list: [1, "two", null, {}, []], deep: { x: [[]] } },
  };
  const names = {
    "": "empty member name",
    "a/b": "slash, escaped ~1 in the pointer",
    "m~n": "tilde, escaped ~0 in the pointer",
    "~1": "a literal tilde-one",
    "\u00e9": "e-acute, NFC (U+00E9)",
    "e\u0301": "e + combining acute, NFD (U+0065 U+0301)",
    "\ud83d\ude00": "emoji outside the BMP",
    "\u20ac": "euro sign",
    "0": "a numeric member name",
    'quote"back\\slash': "JSON escapes in the name",
    "line\nbreak\u0001": "control characters in the name",
  };
  const { badge, disclosed } = buildVectorCredentials();

  const vectors = [
    vectorFor(
      "primitives-and-containers",
      "Every JSON leaf kind: strings, integers, ES6 number formatting, booleans, null, empty object and array as fields, nested arrays.",
      primitives,
    ),
    vectorFor(
      "member-names",
      "Pointer escaping (~0, ~1), an empty name, NFC and NFD spellings kept apart, characters outside the BMP, control characters.",
      names,
    ),
    vectorFor("array-element", 'An array: the path token is the number 0 (pointer "/a/0").', { a: ["x"] }),
    vectorFor(
      "numeric-member-name",
      'Same pointer "/a/0" and salt as "array-element", but an object member named "0": a different field hash.',
      { a: { 0: "x" } },
    ),
    vectorFor(
      "protected-part",
      "Protected members only, and one redactable field: validUntil and credentialStatus are in P; credentialSubject holds only protected members, so it adds no field of its own.",
      {
        "@context": [
          "https://www.w3.org/ns/credentials/v2",
          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        type: ["VerifiableCredential", "OpenBadgeCredential"],
        name: "Caf\u00e9 Barista",
        validFrom: "2026-03-01T00:00:00Z",
        validUntil: "2027-03-01T00:00:00Z",
        credentialStatus: { type: "CredAnchorRegistry2026" },
        credentialSubject: {
          type: ["AchievementSubject"],
          achievement: { id: "https://example.org/a/1", type: ["Achievement"], name: "Barista", criteria: {} },
        },
        description: "The only redactable field.",
      },
    ),
    vectorFor(
      "open-badge",
      "An OpenBadgeCredential from test/fixtures/templates/telemedicine-nursing.json (hashed e-mail identifier, a result), unsigned.",
      badge,
    ),
    vectorFor(
      "open-badge-disclosed",
      'The "open-badge" credential with its proof entry, after discloseCredential of /credentialSubject/identifier, /credentialSubject/result/0/value and /credentialSubject/name: same digest.',
      disclosed,
    ),
  ];
  return {
    description:
      'credanchor digest test vectors (docs/SPEC.md section 2). protectedHash = keccak256(UTF-8(JCS(["credanchor:protected:v1", P]))) where P holds the protected members that are present; fieldHash = keccak256(UTF-8(JCS([path, value, salt]))) for every field outside P; digest = keccak256(protectedHash followed by all field hashes, visible and redacted, sorted ascending as bytes). Regenerate with: npx ts-node --transpile-only scripts/vectors-digest.ts',
    saltRule:
      "Unsigned vectors: the salt of the i-th redactable field in document order (0-based; protected fields have no salt and are not counted) is 0x00112233445566778899aabbccdd followed by i as two bytes big-endian. The disclosed vector carries its salts in its proof entry.",
    vectors,
  };
}

export function serializeDigestVectors(file: DigestVectorsFile): string {
  return JSON.stringify(file, null, 2) + "\n";
}

if (require.main === module) {
  const text = serializeDigestVectors(buildDigestVectors());
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(DIGEST_VECTORS_FILE) ? fs.readFileSync(DIGEST_VECTORS_FILE, "utf8") : "";
    if (current !== text) {
      console.error(`${DIGEST_VECTORS_FILE} is stale: run npx ts-node --transpile-only scripts/vectors-digest.ts`);
      process.exit(1);
    }
    console.log(`${DIGEST_VECTORS_FILE} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(DIGEST_VECTORS_FILE), { recursive: true });
    fs.writeFileSync(DIGEST_VECTORS_FILE, text);
    console.log(`wrote ${DIGEST_VECTORS_FILE}`);
  }
}
