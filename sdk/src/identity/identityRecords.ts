import { IdentityInputError } from "../errors/identity";
import type { Address, Caip2ChainId } from "../types";
import { formatCaip10Account, parseChainId, parseRegistryAddress } from "./caip";
import { parseDidWeb } from "./didWebToUrl";
import { hostMatchesDomain, normalizeDomain } from "./normalizeDomain";
import { IDENTITY_TXT_LABEL, IDENTITY_TXT_VERSION } from "./parseIdentityTxtRecord";
import { IDENTITY_SERVICE_TYPE } from "./readDidDocumentBindings";

/** Input of `identityRecords`: who publishes, and which registry. */
export interface IdentityRecordsParameters {
  /** The issuer's domain, e.g. `example.edu`. */
  domain: string;
  /** CAIP-2 id of the registry's chain, e.g. `eip155:11155111`. */
  chain: string;
  /** The registry contract address. */
  registry: string;
  /** The did:web DID to publish under. Default `did:web:<domain>`; its host must be the domain (or www.). */
  did?: string;
  /**
   * The issuer's signing key (Multikey): the document then lists it in `verificationMethod` and
   * `assertionMethod`, so that standard verifiers accept the credentials' eddsa-rdfc-2022 signatures.
   * Its verification method must belong to the DID (`<did>#…`).
   */
  signingKey?: { verificationMethod: string; publicKeyMultibase: string };
}

/** The DID document service entry that names a registry. */
export interface IdentityServiceEntry {
  id: string;
  type: typeof IDENTITY_SERVICE_TYPE;
  serviceEndpoint: string;
}

/** Exactly what an issuer publishes to bind a registry to its domain (docs/IDENTITY.md). */
export interface IdentityRecords {
  domain: string;
  chain: Caip2ChainId;
  /** EIP-55 checksum case. */
  registry: Address;
  /** The CAIP-10 account id of the registry: `eip155:<chain>:<address>`. */
  account: string;
  /** What the registry's profile URL must name (set with `setProfile(name, url)`). */
  profileUrl: string;
  /** Option 1: a DNS TXT record. */
  txt: {
    /** Where to put it: `_credanchor.<domain>` (the domain itself is read too, second). */
    name: string;
    type: "TXT";
    /** The record's value, without quotes. */
    value: string;
    /** The same as one line of a BIND zone file. */
    zoneFileLine: string;
  };
  /** Option 2: an entry in the did:web document. */
  didWeb: {
    did: string;
    /** Where the document is served (HTTPS, with CORS for browser verifiers). */
    url: string;
    /** The entry to add to the document's `service` array. */
    service: IdentityServiceEntry;
    /** A complete document, for a domain that has none yet; with the signing key when one is given. */
    document: {
      "@context": string[];
      id: string;
      verificationMethod?: { id: string; type: "Multikey"; controller: string; publicKeyMultibase: string }[];
      assertionMethod?: string[];
      service: IdentityServiceEntry[];
    };
  };
}

/**
 * The TXT record and the did.json fragment an issuer publishes so that verifiers can bind its
 * registry to its domain. Throws an `IdentityInputError` for an unusable domain, chain or address.
 *
 * @example
 * const records = identityRecords({ domain: "example.edu", chain: "eip155:11155111", registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3" });
 * records.txt.name // "_credanchor.example.edu"
 * records.txt.value // "credanchor=v1; chain=eip155:11155111; registry=0x5FbDB2315678afecb367f032d93F642f64180aa3"
 * records.didWeb.service // { id: "did:web:example.edu#credanchor-eip155-11155111-0x5fbd...", type: "CredAnchorRegistry", serviceEndpoint: "eip155:11155111:0x5FbD..." }
 */
export function identityRecords(parameters: IdentityRecordsParameters): IdentityRecords {
  const domain = normalizeDomain(parameters.domain);
  const chain = parseChainId(parameters.chain);
  if (!chain)
    throw new IdentityInputError({
      field: "chain",
      value: parameters.chain,
      reason: "it is not eip155:<decimal chain id>",
    });
  const registry = parseRegistryAddress(parameters.registry);
  if (!registry) {
    throw new IdentityInputError({
      field: "registry",
      value: parameters.registry,
      reason: "it is not 0x followed by 40 hex digits",
    });
  }
  const parsedDid = parseDidWeb(parameters.did ?? `did:web:${domain}`);
  if (parsedDid.didWeb === undefined) {
    throw new IdentityInputError({ field: "did", value: parameters.did ?? "", reason: parsedDid.reason });
  }
  const didWeb = parsedDid.didWeb;
  if (!hostMatchesDomain(didWeb.host, domain)) {
    throw new IdentityInputError({
      field: "did",
      value: didWeb.did,
      reason: `its host ${didWeb.host} is not ${domain}`,
    });
  }

  if (parameters.signingKey && !parameters.signingKey.verificationMethod.startsWith(`${didWeb.did}#`)) {
    throw new IdentityInputError({
      field: "did",
      value: didWeb.did,
      reason: `the signing key ${parameters.signingKey.verificationMethod} belongs to another DID`,
      fix: "publish under the DID that is the issuer's id (issuer.id in credanchor.config.json), e.g. with --did",
    });
  }
  const account = formatCaip10Account({ chain, address: registry });
  const value = `credanchor=${IDENTITY_TXT_VERSION}; chain=${chain}; registry=${registry}`;
  const name = `${IDENTITY_TXT_LABEL}.${domain}`;
  const service: IdentityServiceEntry = {
    id: `${didWeb.did}#credanchor-${chain.replace(":", "-")}-${registry.toLowerCase()}`,
    type: IDENTITY_SERVICE_TYPE,
    serviceEndpoint: account,
  };
  return {
    domain,
    chain,
    registry,
    account,
    profileUrl: didWeb.path.length > 0 ? didWeb.did : `https://${domain}`,
    txt: { name, type: "TXT", value, zoneFileLine: `${name}. 3600 IN TXT "${value}"` },
    didWeb: {
      did: didWeb.did,
      url: didWeb.url,
      service,
      document: parameters.signingKey
        ? {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            id: didWeb.did,
            verificationMethod: [
              {
                id: parameters.signingKey.verificationMethod,
                type: "Multikey",
                controller: didWeb.did,
                publicKeyMultibase: parameters.signingKey.publicKeyMultibase,
              },
            ],
            assertionMethod: [parameters.signingKey.verificationMethod],
            service: [service],
          }
        : { "@context": ["https://www.w3.org/ns/did/v1"], id: didWeb.did, service: [service] },
    },
  };
}
