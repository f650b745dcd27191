import { expect } from "chai";
import fc from "fast-check";
import { canonize as rdfcCanonize } from "rdf-canonize";
import jsonld from "jsonld";
import { countingBytes, loadTemplate, TEMPLATE_FILES } from "../../../test/fixtures/samples";
import { createCredential, type RecipientRow } from "../credential/createCredential";
import { createCanonizer } from "./canonize";
import { createDocumentLoader } from "./documentLoader";

/**
 * Differential test of the canonizer's shape cache (a document's JSON-LD shape turned into RDF once,
 * values substituted or pinned) against the plain libraries: jsonld.toRDF (safe mode) then
 * rdf-canonize RDFC-1.0 on each document, on random credentials of every template. The same
 * canonical N-Quads, byte for byte, or the same failure.
 */

const TO_RDF = { safe: true, base: null, rdfDirection: "i18n-datatype", produceGeneralizedRdf: false } as const;

const documentLoader = createDocumentLoader();

async function plainLibrary(document: unknown): Promise<string> {
  const quads = await jsonld.toRDF(document as object, { ...TO_RDF, documentLoader });
  return rdfcCanonize(quads, { algorithm: "RDFC-1.0" });
}

async function outcome(run: () => Promise<string>): Promise<{ nquads: string } | { failed: true }> {
  try {
    return { nquads: await run() };
  } catch {
    return { failed: true };
  }
}

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom('Quote " and \\ back\nslash', "é€😀", "  spaced  ", "", "<tag>", "_:b0", "@id", "line\r\n"),
);
const iri = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    "did:example:123",
    "https://example.org/people/ümlaut",
    "urn:uuid:4d2b5cb5-1d22-440c-b611-a8a205636879",
    "relative/path",
    "mailto:a@example.org",
    "ext:Custom",
    "obi:Thing",
    "xsd:string",
  ),
);
const row = fc.record(
  {
    name: text,
    email: fc.emailAddress(),
    id: iri,
    score: fc.oneof(fc.nat(100).map(String), text),
    status: fc.constantFrom("Completed", "Enrolled", "Failed", "x y"),
    evidence: iri,
  },
  { requiredKeys: ["name"] },
);
const achievementType = fc.constantFrom(
  undefined,
  "Certificate",
  "Badge",
  "ext:Custom",
  "https://example.org/types/X",
  "x y",
);

describe("sign: canonizer shape cache = plain jsonld + rdf-canonize (fast-check differential)", function () {
  this.timeout(300_000);

  it("gives the same canonical N-Quads (or the same refusal) on random credentials of every template", async function () {
    const cached = createCanonizer();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TEMPLATE_FILES),
        row,
        achievementType,
        fc.nat(1000),
        async (name, values, type, seed) => {
          let credential: Record<string, unknown>;
          try {
            credential = createCredential(loadTemplate(name), values as RecipientRow, {
              now: "2026-03-01T00:00:00Z",
              randomBytes: countingBytes(seed),
            }) as unknown as Record<string, unknown>;
          } catch {
            return; // a row the template refuses (e.g. a bad email) is not a credential
          }
          if (type !== undefined) {
            const subject = credential.credentialSubject as Record<string, Record<string, unknown>>;
            subject.achievement = { ...subject.achievement, achievementType: type };
          }
          const fast = await outcome(() => cached.canonize(credential));
          const plain = await outcome(() => plainLibrary(credential));
          expect(fast).to.deep.equal(plain);
          compared++;
        },
      ),
      { numRuns: 120 },
    );
    expect(compared).to.be.greaterThan(60);
    // the cache did the work: far fewer shapes compiled than documents canonized
    expect(cached.stats.cached).to.be.greaterThan(cached.stats.compiled);
  });

  it("matches a document to the shapes seen last only when its shape is the same (edits, reordering, later changes)", async function () {
    type Json = Record<string, unknown>;
    const base = createCredential(
      loadTemplate("telemedicine-nursing.json"),
      { name: "Ada", email: "ada@example.org" } as RecipientRow,
      {
        now: "2026-03-01T00:00:00Z",
        randomBytes: countingBytes(1),
      },
    ) as unknown as Json;
    const subjectOf = (c: Json) => c.credentialSubject as Json;
    const edits: ((c: Json) => void)[] = [
      () => {},
      (c) => (subjectOf(c).name = "Grace"),
      (c) => (subjectOf(c).name = 42),
      (c) => (subjectOf(c).name = ["Ada", "Grace"]),
      (c) => (subjectOf(c).name = { "@value": "Ada", "@language": "en" }),
      (c) => (subjectOf(c).unknownMember = "x"),
      (c) => (c.type = ["VerifiableCredential"]),
      (c) => (c["@context"] = [...(c["@context"] as string[])].reverse()),
      (c) => (c["@context"] = [...(c["@context"] as string[]), { extra: "https://example.org/extra" }]),
      (c) => {
        const { name, ...rest } = subjectOf(c);
        c.credentialSubject = { ...rest, name }; // same members, another order
      },
      (c) => delete c.validUntil,
      (c) => (c.validFrom = "not a date"),
      (c) => (subjectOf(c).id = "ext:Custom"),
      (c) => (subjectOf(c).id = "did:example:abc"),
    ];
    const cached = createCanonizer();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(edits.length - 1), { minLength: 1, maxLength: 6 }), async (picks) => {
        for (const pick of picks) {
          const credential = structuredClone(base);
          edits[pick]!(credential);
          const fast = await outcome(() => cached.canonize(credential));
          expect(fast).to.deep.equal(await outcome(() => plainLibrary(credential)));
          // The same object changed after it was canonized: its new shape is its own.
          edits[(pick + 1) % edits.length]!(credential);
          expect(await outcome(() => cached.canonize(credential))).to.deep.equal(
            await outcome(() => plainLibrary(credential)),
          );
        }
      }),
      { numRuns: 40 },
    );
    expect(cached.stats.cached).to.be.greaterThan(cached.stats.compiled);
  });
});
