import { parseCaip10Account } from "./caip";
import { parseDidWeb } from "./didWebToUrl";
import type { IdentityBinding, MalformedIdentityRecord } from "./types";

/** The `type` of the DID document service entry that names a credanchor registry. */
export const IDENTITY_SERVICE_TYPE = "CredAnchorRegistry" as const;

/** What a DID document says about credanchor registries. */
export interface DidDocumentBindings {
  /** Set when the document is not usable at all (another `id`). */
  problem?: string;
  bindings: IdentityBinding[];
  malformed: MalformedIdentityRecord[];
}

/**
 * Reads the registries a did:web document names: every `service` entry of type
 * `CredAnchorRegistry` whose `serviceEndpoint` is a CAIP-10 account id (or a list of them), and every
 * `alsoKnownAs` entry that is a CAIP-10 account id (`eip155:<chain>:<address>`, also in its
 * `did:pkh:` form). Other services and other `alsoKnownAs` entries are ignored. The document's `id`
 * must be the DID it was fetched for (did:web requires it).
 *
 * @example
 * readDidDocumentBindings(document, "did:web:example.edu", "https://example.edu/.well-known/did.json").bindings
 */
export function readDidDocumentBindings(document: unknown, expectedDid: string, source: string): DidDocumentBindings {
  const result: DidDocumentBindings = { bindings: [], malformed: [] };
  const doc = document as { id?: unknown; service?: unknown; alsoKnownAs?: unknown };
  const id = typeof doc.id === "string" ? parseDidWeb(doc.id).didWeb?.did : undefined;
  if (id !== expectedDid) {
    result.problem =
      typeof doc.id === "string"
        ? `its id is ${doc.id}, but a did:web document at this URL must have the id ${expectedDid}`
        : `it has no id; a did:web document at this URL must have the id ${expectedDid}`;
    return result;
  }

  const services = Array.isArray(doc.service) ? doc.service : doc.service === undefined ? [] : [doc.service];
  for (const service of services) {
    if (typeof service !== "object" || service === null) continue;
    const entry = service as { id?: unknown; type?: unknown; serviceEndpoint?: unknown };
    const types = Array.isArray(entry.type) ? entry.type : [entry.type];
    if (!types.some((type) => typeof type === "string" && type.toLowerCase() === IDENTITY_SERVICE_TYPE.toLowerCase())) {
      continue;
    }
    const label = `service ${typeof entry.id === "string" ? entry.id : "(no id)"}`;
    const endpoints = Array.isArray(entry.serviceEndpoint) ? entry.serviceEndpoint : [entry.serviceEndpoint];
    for (const endpoint of endpoints) {
      readAccount(result, endpoint, source, `${label} serviceEndpoint`);
    }
  }

  const aliases = Array.isArray(doc.alsoKnownAs) ? doc.alsoKnownAs : [];
  for (const alias of aliases) {
    if (typeof alias === "string" && /^\s*(did:pkh:)?eip155:/i.test(alias))
      readAccount(result, alias, source, "alsoKnownAs");
  }
  return result;
}

function readAccount(result: DidDocumentBindings, value: unknown, source: string, where: string): void {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const account = typeof value === "string" ? parseCaip10Account(value) : undefined;
  if (account) {
    result.bindings.push({
      method: "did:web",
      source,
      chain: account.chain,
      registry: account.address,
      text: `${where} ${text}`,
    });
  } else {
    result.malformed.push({
      method: "did:web",
      source,
      text: `${where} ${text}`,
      reason: "it is not a CAIP-10 account id such as eip155:11155111:0x5FbDB2315678afecb367f032d93F642f64180aa3",
    });
  }
}
