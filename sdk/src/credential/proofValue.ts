/**
 * The `proofValue` of credanchor's Data Integrity proof (docs/SPEC.md 4.3): multibase base64url
 * (`u` prefix, no padding) of the deterministic CBOR array
 *
 *     [ 1, digest, root, leafIndex, path, salts, redactedHashes, anchor ]
 *
 * with 32-byte byte strings for hashes, 16-byte ones for salts, a map from JSON pointer to salt, and
 * `anchor` = null or [chainId, registry (20 bytes), transactionHash, blockNumber, anchoredAt (Unix s)].
 * Browser-safe.
 */
import { formatCaip2ChainId, parseCaip2ChainId } from "../chain/caip2";
import { getAddress } from "viem";
import { fromBase64Url, toBase64Url } from "../canonical/base64url";
import { CborDecodeError, CborTrailingBytesError, decodeCbor, encodeCbor, type CborValue } from "../canonical/cbor";
import { toHex, writeHex } from "../canonical/hex";
import { ProofValueError } from "../errors/credential";
import { isoFromUnixSeconds } from "./dateTime";
import { PROOF_VALUE_VERSION, type AnchorRecord, type CredAnchorProof, type Hex } from "../types";

/** What proofValue carries: the anchor data without `created` (which is a member of the proof itself). */
export type ProofValueData = Omit<CredAnchorProof, "created">;

/** The multibase prefix of base64url without padding. */
export const MULTIBASE_BASE64URL = "u";
/** Latest representable anchoredAt: 9999-12-31T23:59:59Z, so the date-time keeps a 4-digit year. */
const MAX_SECONDS = 253402300799;
const ELEMENTS = ["version", "digest", "root", "leafIndex", "path", "salts", "redactedHashes", "anchor"];
const ANCHOR_ELEMENTS = ["chainId", "registry", "transactionHash", "blockNumber", "anchoredAt"];

function bytesOf(hex: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  writeHex(hex.toLowerCase(), out, 0);
  return out;
}

function anchorValue(anchor: AnchorRecord): CborValue {
  const chainId = parseCaip2ChainId(anchor.chain);
  if (chainId === undefined) throw new RangeError(`${anchor.chain} is not eip155:<chain id from 1 to 2^53 − 1>`);
  const ms = Date.parse(anchor.anchoredAt);
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms < 0 || ms / 1000 > MAX_SECONDS) {
    throw new RangeError(`anchoredAt ${anchor.anchoredAt} is not a whole second between 1970 and 9999`);
  }
  return [chainId, bytesOf(anchor.registry, 20), bytesOf(anchor.transactionHash, 32), anchor.blockNumber, ms / 1000];
}

/**
 * The proofValue text of `data`. The caller has checked the data's shape (`validateProofData`);
 * throws a RangeError for what the encoding cannot hold (a chain id above 2^53 − 1, an anchoredAt
 * with a fraction of a second).
 *
 * @example
 * encodeProofValue({ digest, root, leafIndex: 0, path: [], salts: {}, redactedHashes: [] }) // "uiAFYI…"
 */
export function encodeProofValue(data: ProofValueData): string {
  const salts = new Map<string, CborValue>();
  for (const [pointer, salt] of Object.entries(data.salts)) salts.set(pointer, bytesOf(salt, 16));
  const value: CborValue = [
    PROOF_VALUE_VERSION,
    bytesOf(data.digest, 32),
    bytesOf(data.root, 32),
    data.leafIndex,
    data.path.map((hash) => bytesOf(hash, 32)),
    salts,
    data.redactedHashes.map((hash) => bytesOf(hash, 32)),
    data.anchor ? anchorValue(data.anchor) : null,
  ];
  return MULTIBASE_BASE64URL + toBase64Url(encodeCbor(value));
}

function content(message: string): never {
  throw new ProofValueError("PROOF_VALUE_CONTENT", message);
}

function bytes(value: CborValue, length: number, what: string): Hex {
  if (!(value instanceof Uint8Array)) content(`${what} must be a byte string`);
  if (value.length !== length) content(`${what} must be ${length} bytes, not ${value.length}`);
  return toHex(value);
}

function uint(value: CborValue, what: string): number {
  if (typeof value !== "number") content(`${what} must be an unsigned integer`);
  return value;
}

function array(value: CborValue, what: string): CborValue[] {
  if (!Array.isArray(value)) content(`${what} must be an array`);
  return value;
}

function decodeAnchor(value: CborValue): AnchorRecord {
  const items = array(value, "element 7 (anchor)");
  if (items.length !== ANCHOR_ELEMENTS.length) {
    content(`element 7 (anchor) must be null or an array of ${ANCHOR_ELEMENTS.length} elements, not ${items.length}`);
  }
  const chainId = uint(items[0], "anchor element 0 (chainId)");
  if (chainId === 0) content("anchor element 0 (chainId) must be at least 1");
  const seconds = uint(items[4], "anchor element 4 (anchoredAt)");
  if (seconds > MAX_SECONDS) content(`anchor element 4 (anchoredAt) ${seconds} is after 9999-12-31T23:59:59Z`);
  return {
    chain: formatCaip2ChainId(chainId),
    registry: checksumOf(bytes(items[1], 20, "anchor element 1 (registry)")),
    transactionHash: bytes(items[2], 32, "anchor element 2 (transactionHash)"),
    blockNumber: uint(items[3], "anchor element 3 (blockNumber)"),
    anchoredAt: isoFromUnixSeconds(seconds),
  };
}

/**
 * Decodes a proofValue strictly (every byte string has one accepted text). Throws ProofValueError with
 * code PROOF_VALUE_MULTIBASE, _CBOR, _NON_CANONICAL, _TRAILING_BYTES, _VERSION or _CONTENT. Rules that
 * are not about the encoding (path length, pointer syntax, order of redactedHashes) are checked by
 * `validateProofEntry` on the result.
 *
 * @example
 * decodeProofValue(entry.proofValue).leafIndex // 7
 */
export function decodeProofValue(text: unknown): ProofValueData {
  // The verifier validates an entry, then reads it: the second decoding of the same text is a copy.
  if (typeof text === "string" && text === last.text && last.data) return copyData(last.data);
  const data = decodeUncached(text);
  last.text = text as string;
  last.data = data;
  return copyData(data);
}

const last: { text?: string; data?: ProofValueData } = {};

function copyData(data: ProofValueData): ProofValueData {
  const copy: ProofValueData = {
    ...data,
    path: [...data.path],
    salts: { ...data.salts },
    redactedHashes: [...data.redactedHashes],
  };
  if (data.anchor) copy.anchor = { ...data.anchor };
  return copy;
}

function decodeUncached(text: unknown): ProofValueData {
  if (typeof text !== "string") throw new ProofValueError("PROOF_VALUE_MULTIBASE", "proofValue must be a string");
  if (text[0] !== MULTIBASE_BASE64URL) {
    throw new ProofValueError(
      "PROOF_VALUE_MULTIBASE",
      `proofValue must start with the multibase prefix "u" (base64url, no padding), not ${JSON.stringify(text.slice(0, 1))}`,
    );
  }
  const raw = fromBase64Url(text.slice(1));
  if (typeof raw === "string")
    throw new ProofValueError("PROOF_VALUE_MULTIBASE", `proofValue is not base64url: ${raw}`);
  let value: CborValue;
  try {
    value = decodeCbor(raw);
  } catch (error) {
    if (error instanceof CborTrailingBytesError) {
      throw new ProofValueError(
        "PROOF_VALUE_TRAILING_BYTES",
        `proofValue has ${error.count} byte(s) after its CBOR value (from byte ${error.offset})`,
      );
    }
    if (error instanceof CborDecodeError) {
      throw new ProofValueError(
        error.kind === "non-canonical" ? "PROOF_VALUE_NON_CANONICAL" : "PROOF_VALUE_CBOR",
        `proofValue is not ${error.kind === "non-canonical" ? "deterministic" : "valid"} CBOR: ${error.message}`,
      );
    }
    throw error;
  }
  if (!Array.isArray(value)) content("proofValue must hold a CBOR array");
  if (value.length === 0 || value[0] !== PROOF_VALUE_VERSION) {
    throw new ProofValueError(
      "PROOF_VALUE_VERSION",
      `proofValue has version ${value.length === 0 ? "(none)" : typeof value[0] === "number" ? value[0] : "(not a number)"}; this reader knows version ${PROOF_VALUE_VERSION}`,
    );
  }
  if (value.length !== ELEMENTS.length) {
    content(`proofValue version 1 is an array of ${ELEMENTS.length} elements, not ${value.length}`);
  }
  const saltMap = value[5];
  if (!(saltMap instanceof Map)) content("element 5 (salts) must be a map from JSON pointer to salt");
  const salts: Record<string, Hex> = {};
  for (const [pointer, salt] of saltMap) salts[pointer] = bytes(salt, 16, `the salt of ${JSON.stringify(pointer)}`);
  const data: ProofValueData = {
    digest: bytes(value[1], 32, "element 1 (digest)"),
    root: bytes(value[2], 32, "element 2 (root)"),
    leafIndex: uint(value[3], "element 3 (leafIndex)"),
    path: array(value[4], "element 4 (path)").map((hash, i) => bytes(hash, 32, `path item ${i}`)),
    salts,
    redactedHashes: array(value[6], "element 6 (redactedHashes)").map((hash, i) =>
      bytes(hash, 32, `redactedHashes item ${i}`),
    ),
  };
  if (value[7] !== null) data.anchor = decodeAnchor(value[7]);
  return data;
}

/** The last address checksummed: every credential of a batch names the same registry. */
const lastChecksum = { lower: "", checksummed: "" as Hex };

/** viem's `getAddress` of a lower-case address, remembered for the last one (no cache lookup per credential). */
function checksumOf(lower: string): Hex {
  if (lower !== lastChecksum.lower) {
    lastChecksum.checksummed = getAddress(lower);
    lastChecksum.lower = lower;
  }
  return lastChecksum.checksummed;
}

/**
 * The verificationMethod of an anchored credanchor proof: the registry as a did:pkh account,
 * `did:pkh:eip155:<chain id>:<EIP-55 address>` (CAIP-10).
 *
 * @example
 * registryVerificationMethod({ chain: "eip155:31337", registry: "0x5fbd…0aa3", … })
 * // "did:pkh:eip155:31337:0x5FbDB2315678afecb367f032d93F642f64180aa3"
 */
export function registryVerificationMethod(anchor: Pick<AnchorRecord, "chain" | "registry">): string {
  return `did:pkh:${anchor.chain}:${checksumOf(anchor.registry.toLowerCase())}`;
}
