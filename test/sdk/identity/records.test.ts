import { expect } from "chai";
import { IdentityInputError } from "../../../sdk/src/errors/identity";
import { parseCaip10Account, parseChainId, parseRegistryAddress } from "../../../sdk/src/identity/caip";
import { didWebToUrl, parseDidWeb } from "../../../sdk/src/identity/didWebToUrl";
import { domainOfHost, identifierHost } from "../../../sdk/src/identity/identifierHost";
import { identityRecords } from "../../../sdk/src/identity/identityRecords";
import { hostMatchesDomain, normalizeDomain, parseDomain } from "../../../sdk/src/identity/normalizeDomain";
import { parseIdentityTxtRecord } from "../../../sdk/src/identity/parseIdentityTxtRecord";
import { readDidDocumentBindings } from "../../../sdk/src/identity/readDidDocumentBindings";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const REGISTRY_LOWER = REGISTRY.toLowerCase();

describe("identity records and their parsers", function () {
  describe("parseIdentityTxtRecord", function () {
    it("reads the documented format and returns the address in checksum case", function () {
      expect(parseIdentityTxtRecord(`credanchor=v1; chain=eip155:11155111; registry=${REGISTRY_LOWER}`)).to.deep.equal({
        kind: "binding",
        chain: "eip155:11155111",
        registry: REGISTRY,
      });
    });

    it("is lenient on case, spaces, a trailing separator, unknown keys and quotes kept by a control panel", function () {
      const text = `"  CredAnchor = V1 ;Chain= EIP155:84532 ;  REGISTRY =  0X${REGISTRY_LOWER.slice(2).toUpperCase()} ; note=main ; "`;
      expect(parseIdentityTxtRecord(text)).to.deep.equal({
        kind: "binding",
        chain: "eip155:84532",
        registry: REGISTRY,
      });
    });

    it("ignores TXT records that are not credanchor records", function () {
      expect(parseIdentityTxtRecord("v=spf1 include:_spf.example.edu ~all")).to.deep.equal({ kind: "other" });
      expect(parseIdentityTxtRecord("openatts net=ethereum netId=11155111 addr=0xabc")).to.deep.equal({
        kind: "other",
      });
    });

    const malformed: [string, string][] = [
      [`credanchor=v1; chain=eip155:11155111; registry=0x${"ab".repeat(19)}`, 'registry "0x'],
      [`credanchor=v1; chain=eip155:11155111; registry=0x${"ab".repeat(21)}`, "40 hex digits"],
      [`credanchor=v1; chain=eip155:11155111; registry=${"ab".repeat(20)}`, "40 hex digits"],
      [`credanchor=v1; chain=eip155:0x1; registry=${REGISTRY}`, 'chain "eip155:0x1"'],
      [`credanchor=v1; chain=eip155:011155111; registry=${REGISTRY}`, "CAIP-2"],
      [`credanchor=v1; chain=cosmos:cosmoshub-4; registry=${REGISTRY}`, "CAIP-2"],
      [`credanchor=v1; chain=11155111; registry=${REGISTRY}`, "CAIP-2"],
      [`credanchor=v1; registry=${REGISTRY}`, "chain= field is missing"],
      ["credanchor=v1; chain=eip155:1", "registry= field is missing"],
      [`credanchor=v2; chain=eip155:1; registry=${REGISTRY}`, 'version "v2" is not supported'],
      [`credanchor=v1; chain=eip155:1; chain=eip155:2; registry=${REGISTRY}`, '"chain" appears twice'],
      [`credanchor=v1; chain eip155:1; registry=${REGISTRY}`, "is not key=value"],
    ];
    for (const [text, reason] of malformed) {
      it(`reports ${JSON.stringify(text.slice(0, 60))} as malformed: ${reason}`, function () {
        const parsed = parseIdentityTxtRecord(text);
        expect(parsed.kind).to.equal("malformed");
        expect(parsed.kind === "malformed" && parsed.reason).to.include(reason);
      });
    }
  });

  describe("CAIP ids", function () {
    it("reads CAIP-2 and CAIP-10 ids strictly, in any letter case", function () {
      expect(parseChainId(" EIP155:1 ")).to.equal("eip155:1");
      expect(parseChainId("eip155:")).to.equal(undefined);
      expect(parseChainId("eip155:-1")).to.equal(undefined);
      expect(parseChainId("eip155:0")).to.equal(undefined); // the one grammar (chain/caip2.ts) refuses id 0
      expect(parseRegistryAddress(REGISTRY_LOWER)).to.equal(REGISTRY);
      expect(parseRegistryAddress("0x123")).to.equal(undefined);
      expect(parseCaip10Account(`eip155:11155111:${REGISTRY_LOWER}`)).to.deep.equal({
        chain: "eip155:11155111",
        address: REGISTRY,
      });
      expect(parseCaip10Account(`did:pkh:eip155:1:${REGISTRY}`)).to.deep.equal({
        chain: "eip155:1",
        address: REGISTRY,
      });
      expect(parseCaip10Account(`eip155:1:0x${"00".repeat(19)}`)).to.equal(undefined);
      expect(parseCaip10Account(REGISTRY)).to.equal(undefined);
    });
  });

  describe("domains and hosts", function () {
    it("normalises a domain and refuses URLs, ports, IP addresses and single labels", function () {
      expect(normalizeDomain(" Example.EDU. ")).to.equal("example.edu");
      expect(parseDomain("bücher.example").domain).to.equal("xn--bcher-kva.example");
      for (const bad of [
        "https://example.edu",
        "example.edu:443",
        "example.edu/x",
        "192.168.1.1",
        "localhost",
        "-a.edu",
        "a..edu",
        "",
      ]) {
        expect(parseDomain(bad).domain, bad).to.equal(undefined);
      }
      expect(() => normalizeDomain("https://example.edu/"))
        .to.throw(IdentityInputError)
        .with.property("field", "domain");
    });

    it("matches a host to the domain itself or www., and subdomains only when allowed", function () {
      expect(hostMatchesDomain("example.edu", "example.edu")).to.equal(true);
      expect(hostMatchesDomain("www.example.edu", "example.edu")).to.equal(true);
      expect(hostMatchesDomain("cs.example.edu", "example.edu")).to.equal(false);
      expect(hostMatchesDomain("cs.example.edu", "example.edu", { allowSubdomains: true })).to.equal(true);
      expect(hostMatchesDomain("badexample.edu", "example.edu", { allowSubdomains: true })).to.equal(false);
      expect(hostMatchesDomain("example.edu.evil.com", "example.edu", { allowSubdomains: true })).to.equal(false);
    });

    it("reads the host of a did:web DID, an http(s) URL or a bare host, and nothing from other ids", function () {
      expect(identifierHost("https://WWW.Example.edu/badges?x=1")).to.deep.equal({ host: "www.example.edu" });
      expect(identifierHost("did:web:example.edu:dept")?.host).to.equal("example.edu");
      expect(identifierHost("urn:uuid:2f0e4b56-9a36-4c3b-a4f6-0ac1e54c6c3b")).to.equal(undefined);
      expect(identifierHost("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")).to.equal(undefined);
      expect(identifierHost("example.edu")).to.equal(undefined);
      expect(identifierHost("example.edu", { allowBareHost: true })).to.deep.equal({ host: "example.edu" });
      expect(identifierHost("https://127.0.0.1/")?.reason).to.include("IP address");
      expect(domainOfHost("www.example.edu")).to.equal("example.edu");
      expect(domainOfHost("www.edu")).to.equal("www.edu");
    });
  });

  describe("did:web", function () {
    it("maps DIDs to document URLs per the did:web method", function () {
      expect(didWebToUrl("did:web:example.edu")).to.equal("https://example.edu/.well-known/did.json");
      expect(didWebToUrl("did:web:example.edu:dept")).to.equal("https://example.edu/dept/did.json");
      expect(didWebToUrl("did:web:example.edu:dept:law")).to.equal("https://example.edu/dept/law/did.json");
      expect(didWebToUrl("did:web:example.edu%3A8443")).to.equal("https://example.edu:8443/.well-known/did.json");
      expect(didWebToUrl("did:web:Example.EDU%3a8443:u:alice")).to.equal("https://example.edu:8443/u/alice/did.json");
      expect(parseDidWeb("did:web:Example.EDU%3a8443:u").didWeb?.did).to.equal("did:web:example.edu%3A8443:u");
    });

    it("refuses DID URLs, bad hosts, bad ports and dot segments", function () {
      for (const bad of [
        "did:web:example.edu#key-1",
        "did:web:example.edu/path",
        "did:web:127.0.0.1",
        "did:web:example.edu%3A99999",
        "did:web:example.edu:..",
        "did:web:example.edu::x",
        "did:key:z6Mk",
      ]) {
        expect(parseDidWeb(bad).didWeb, bad).to.equal(undefined);
      }
      expect(() => didWebToUrl("did:web:example.edu#key"))
        .to.throw(IdentityInputError)
        .with.property("field", "did");
    });
  });

  describe("readDidDocumentBindings", function () {
    const url = "https://example.edu/.well-known/did.json";

    it("reads CredAnchorRegistry services (one endpoint or several) and eip155 alsoKnownAs entries", function () {
      const read = readDidDocumentBindings(
        {
          id: "did:web:example.edu",
          alsoKnownAs: ["https://example.edu", `eip155:1:${REGISTRY_LOWER}`, `did:pkh:eip155:10:${REGISTRY}`],
          service: [
            { id: "#linked", type: "LinkedDomains", serviceEndpoint: "https://example.edu" },
            { id: "#a", type: "CredAnchorRegistry", serviceEndpoint: `eip155:11155111:${REGISTRY}` },
            {
              id: "#b",
              type: ["CredAnchorRegistry"],
              serviceEndpoint: [`eip155:84532:${REGISTRY}`, "eip155:84532:0x12"],
            },
          ],
        },
        "did:web:example.edu",
        url,
      );
      expect(read.problem).to.equal(undefined);
      expect(read.bindings.map((binding) => `${binding.chain} ${binding.registry}`)).to.deep.equal([
        `eip155:11155111 ${REGISTRY}`,
        `eip155:84532 ${REGISTRY}`,
        `eip155:1 ${REGISTRY}`,
        `eip155:10 ${REGISTRY}`,
      ]);
      expect(read.malformed).to.have.length(1);
      expect(read.malformed[0].text).to.equal("service #b serviceEndpoint eip155:84532:0x12");
    });

    it("refuses a document whose id is not the DID it was fetched for", function () {
      const read = readDidDocumentBindings({ id: "did:web:evil.example", service: [] }, "did:web:example.edu", url);
      expect(read.problem).to.equal(
        "its id is did:web:evil.example, but a did:web document at this URL must have the id did:web:example.edu",
      );
      expect(readDidDocumentBindings({ service: [] }, "did:web:example.edu", url).problem).to.include("it has no id");
    });
  });

  describe("identityRecords", function () {
    it("prints exactly the TXT record and the did.json entry to publish", function () {
      const records = identityRecords({ domain: "Example.edu", chain: "eip155:11155111", registry: REGISTRY_LOWER });
      expect(records.domain).to.equal("example.edu");
      expect(records.registry).to.equal(REGISTRY);
      expect(records.profileUrl).to.equal("https://example.edu");
      expect(records.txt).to.deep.equal({
        name: "_credanchor.example.edu",
        type: "TXT",
        value: `credanchor=v1; chain=eip155:11155111; registry=${REGISTRY}`,
        zoneFileLine: `_credanchor.example.edu. 3600 IN TXT "credanchor=v1; chain=eip155:11155111; registry=${REGISTRY}"`,
      });
      const service = {
        id: `did:web:example.edu#credanchor-eip155-11155111-${REGISTRY_LOWER}`,
        type: "CredAnchorRegistry",
        serviceEndpoint: `eip155:11155111:${REGISTRY}`,
      };
      expect(records.didWeb).to.deep.equal({
        did: "did:web:example.edu",
        url: "https://example.edu/.well-known/did.json",
        service,
        document: { "@context": ["https://www.w3.org/ns/did/v1"], id: "did:web:example.edu", service: [service] },
      });
      // What is printed is what is read back.
      expect(parseIdentityTxtRecord(records.txt.value)).to.deep.equal({
        kind: "binding",
        chain: "eip155:11155111",
        registry: REGISTRY,
      });
      expect(
        readDidDocumentBindings(records.didWeb.document, "did:web:example.edu", records.didWeb.url).bindings,
      ).to.have.length(1);
    });

    it("uses a did:web DID with a path as the profile URL", function () {
      const records = identityRecords({
        domain: "example.edu",
        chain: "eip155:1",
        registry: REGISTRY,
        did: "did:web:example.edu:dept",
      });
      expect(records.profileUrl).to.equal("did:web:example.edu:dept");
      expect(records.didWeb.url).to.equal("https://example.edu/dept/did.json");
    });

    it("throws IdentityInputError naming the unusable input", function () {
      const call = (parameters: { domain: string; chain: string; registry: string; did?: string }) => () =>
        identityRecords(parameters);
      expect(call({ domain: "https://example.edu", chain: "eip155:1", registry: REGISTRY }))
        .to.throw(IdentityInputError)
        .with.property("field", "domain");
      expect(call({ domain: "example.edu", chain: "84532", registry: REGISTRY }))
        .to.throw(IdentityInputError)
        .with.property("field", "chain");
      expect(call({ domain: "example.edu", chain: "eip155:1", registry: "0x1234" }))
        .to.throw(IdentityInputError)
        .with.property("value", "0x1234");
      expect(call({ domain: "example.edu", chain: "eip155:1", registry: REGISTRY, did: "did:web:other.org" }))
        .to.throw(IdentityInputError, "its host other.org is not example.edu")
        .with.property("field", "did");
    });
  });
});
