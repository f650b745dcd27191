import type { Address, Caip2ChainId } from "../types";
import { parseChainId, parseRegistryAddress } from "./caip";

/** The version of the TXT record format this SDK writes and reads. */
export const IDENTITY_TXT_VERSION = "v1" as const;

/** The DNS label under the issuer's domain where the TXT record goes first. */
export const IDENTITY_TXT_LABEL = "_credanchor" as const;

/** A TXT record read by `parseIdentityTxtRecord`. */
export type ParsedIdentityTxtRecord =
  /** Not a credanchor record (an SPF record, a site verification...): ignored. */
  | { kind: "other" }
  | { kind: "binding"; chain: Caip2ChainId; registry: Address }
  | { kind: "malformed"; reason: string };

/**
 * Reads one TXT record (its character-strings already joined). The format is
 * `credanchor=v1; chain=<CAIP-2>; registry=<address>`: `key=value` pairs separated by `;`, the
 * first key being `credanchor`. Keys and the version are case-insensitive, spaces around keys,
 * values and separators are ignored, a trailing `;` and unknown keys are allowed, and quotes that a
 * DNS control panel kept around the whole value are dropped. The chain must be `eip155:<decimal>`
 * and the registry exactly 20 bytes of hex (any letter case); a duplicated key makes it malformed.
 *
 * @example
 * parseIdentityTxtRecord("credanchor=v1; chain=eip155:11155111; registry=0x5fbdb2315678afecb367f032d93f642f64180aa3")
 * // { kind: "binding", chain: "eip155:11155111", registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" }
 */
export function parseIdentityTxtRecord(text: string): ParsedIdentityTxtRecord {
  let value = text.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).trim();
  if (!/^credanchor\s*=/i.test(value)) return { kind: "other" };

  const fields = new Map<string, string>();
  for (const part of value.split(";")) {
    if (part.trim() === "") continue;
    const equals = part.indexOf("=");
    if (equals < 0) return { kind: "malformed", reason: `"${part.trim()}" is not key=value` };
    const key = part.slice(0, equals).trim().toLowerCase();
    const fieldValue = part.slice(equals + 1).trim();
    if (fields.has(key)) return { kind: "malformed", reason: `the key "${key}" appears twice` };
    fields.set(key, fieldValue);
  }

  const version = fields.get("credanchor") ?? "";
  if (version.toLowerCase() !== IDENTITY_TXT_VERSION) {
    return {
      kind: "malformed",
      reason: `version "${version}" is not supported (this verifier reads credanchor=${IDENTITY_TXT_VERSION})`,
    };
  }
  const chainText = fields.get("chain");
  if (chainText === undefined) return { kind: "malformed", reason: "the chain= field is missing" };
  const chain = parseChainId(chainText);
  if (!chain)
    return { kind: "malformed", reason: `chain "${chainText}" is not a CAIP-2 EVM chain id such as eip155:11155111` };
  const registryText = fields.get("registry");
  if (registryText === undefined) return { kind: "malformed", reason: "the registry= field is missing" };
  const registry = parseRegistryAddress(registryText);
  if (!registry) return { kind: "malformed", reason: `registry "${registryText}" is not 0x followed by 40 hex digits` };
  return { kind: "binding", chain, registry };
}
