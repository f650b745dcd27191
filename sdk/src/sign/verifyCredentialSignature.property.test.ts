import { expect } from "chai";
import fc from "fast-check";
import { countingBytes, loadTemplate, TEMPLATE_FILES } from "../../../test/fixtures/samples";
import { didDocumentFor, standardCanonize, standardVerify } from "../../../test/helpers/standardVerifier";
import { createCredential, type RecipientRow } from "../credential/createCredential";
import { createCanonizer } from "./canonize";
import { withoutProof } from "./eddsaRdfc2022";
import { signCredential } from "./signCredential";
import { generateSigningKey } from "./signingKey";
import { verifyCredentialSignature } from "./verifyCredentialSignature";

/**
 * Differential test of the whole signature path (shape cache, synchronous RDFC-1.0, node:crypto
 * SHA-256 and Ed25519) against the plain W3C libraries (jsonld + rdf-canonize through the
 * eddsa-rdfc-2022 cryptosuite, @digitalbazaar/vc): random credentials of every template, signed by
 * credanchor, then left intact, changed (a value, unicode included), or with a field hidden. The
 * canonical N-Quads of the document must be identical, and so must the verdict.
 */

const DID = "did:web:credentials.example.edu";

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom('Quote " and \\ back\nslash', "é€😀", "  spaced  ", "<tag>", "_:b0", "Zoë Ñúñez"),
);
const row = fc.record(
  { name: text, email: fc.emailAddress(), score: fc.oneof(fc.nat(100).map(String), text) },
  { requiredKeys: ["name"] },
);
type Change = { kind: "none" } | { kind: "value"; to: string } | { kind: "hide" } | { kind: "validFrom" };
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constant<Change>({ kind: "none" }),
  text.map((to): Change => ({ kind: "value", to })),
  fc.constant<Change>({ kind: "hide" }),
  fc.constant<Change>({ kind: "validFrom" }),
);

/** The signed credential with `change` applied (a deep copy). */
function applyChange(signed: Record<string, unknown>, edit: Change): Record<string, unknown> {
  const copy = structuredClone(signed);
  const subject = copy.credentialSubject as Record<string, unknown>;
  if (edit.kind === "value") subject.name = edit.to;
  if (edit.kind === "validFrom") copy.validFrom = "2020-01-01T00:00:00Z";
  if (edit.kind === "hide") {
    // hide the first optional member of the subject (what a holder's redaction removes)
    const hidden = Object.keys(subject).find((member) => !["id", "type", "achievement"].includes(member));
    if (hidden) delete subject[hidden];
    else delete (subject.achievement as Record<string, unknown>).description;
  }
  return copy;
}

describe("sign: signature path = plain jsonld + cryptosuite + @digitalbazaar/vc (fast-check differential)", function () {
  this.timeout(300_000);
  const key = generateSigningKey();
  const didDocument = didDocumentFor(DID, key.publicKeyMultibase);
  const resolveKey = async (vm: string) =>
    vm === `${DID}#${key.publicKeyMultibase}`
      ? { id: vm, controller: DID, publicKeyMultibase: key.publicKeyMultibase }
      : undefined;

  it("the same canonical N-Quads and the same verdict on random credentials, intact, changed or with a field hidden", async () => {
    const canonizer = createCanonizer();
    const verdicts = { passed: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TEMPLATE_FILES),
        row,
        change,
        fc.nat(1000),
        async (name, values, edit, seed) => {
          const template = loadTemplate(name);
          template.issuer = { ...(template.issuer as object), id: DID } as typeof template.issuer;
          let credential: Record<string, unknown>;
          try {
            credential = createCredential(template, values as RecipientRow, {
              now: "2026-03-01T00:00:00Z",
              randomBytes: countingBytes(seed),
            }) as unknown as Record<string, unknown>;
          } catch {
            return; // a row the template refuses is not a credential
          }
          const signed = await signCredential({ credential, signer: key, canonizer, created: "2026-03-01T09:30:00Z" });
          const presented = applyChange(signed as Record<string, unknown>, edit);

          const document = withoutProof(presented);
          expect(await canonizer.canonize(document)).to.equal(await standardCanonize(document));

          const ours = await verifyCredentialSignature({ credential: presented, resolveKey, canonizer });
          const theirs = await standardVerify(presented, [didDocument]);
          expect(ours.status === "passed", `${edit.kind}: ours ${ours.code}`).to.equal(theirs.verified);
          if (edit.kind === "none") expect(ours.status).to.equal("passed");
          if (edit.kind === "validFrom" || edit.kind === "hide") expect(ours.code).to.equal("SIGNATURE_INVALID");
          if (ours.status === "passed") verdicts.passed++;
          else verdicts.failed++;
        },
      ),
      { numRuns: 60 },
    );
    // both verdicts occurred, and the shape cache (not the plain route) did the work
    expect(verdicts.passed).to.be.greaterThan(5);
    expect(verdicts.failed).to.be.greaterThan(5);
    expect(canonizer.stats.cached).to.be.greaterThan(canonizer.stats.plain);
  });

  /*
   * A batch through one canonizer, as a verification thread sees it: what a compiled shape remembers from
   * one credential to the next (the proof configuration's canonical form and hash, each blank node's
   * first-degree hash by the values in its lines) must never answer for a credential whose values differ.
   * The credentials share values (one name, one score, one `created`) and differ in others, and some are
   * presented with the proof's `created` or a shared value changed: the verdicts must be the plain
   * library's, credential after credential.
   */
  type BatchEdit = "none" | "created" | "name" | "score";
  const shared = fc.constantFrom("Ada Lovelace", "Zoë Ñúñez", 'Quote " and \\ back\nslash');
  const member = fc.record({
    name: fc.oneof(shared, text),
    score: fc.oneof(fc.constantFrom("91", "7"), fc.nat(100).map(String)),
    created: fc.constantFrom("2026-03-01T09:30:00Z", "2026-03-01T09:30:01Z"),
    edit: fc.constantFrom<BatchEdit>("none", "none", "created", "name", "score"),
    to: fc.oneof(shared, fc.constantFrom("91", "7"), text),
  });

  it("a batch through one canonizer: the plain library's verdict for each credential, whatever values they share", async () => {
    const canonizer = createCanonizer();
    const verdicts = { passed: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TEMPLATE_FILES),
        fc.array(member, { minLength: 2, maxLength: 5 }),
        async (name, batch) => {
          const template = loadTemplate(name);
          template.issuer = { ...(template.issuer as object), id: DID } as typeof template.issuer;
          for (const [i, item] of batch.entries()) {
            let credential: Record<string, unknown>;
            try {
              credential = createCredential(
                template,
                { name: item.name, email: `learner${i}@example.org`, score: item.score } as RecipientRow,
                {
                  now: "2026-03-01T00:00:00Z",
                  randomBytes: countingBytes(i),
                },
              ) as unknown as Record<string, unknown>;
            } catch {
              continue; // a row the template refuses is not a credential
            }
            const signed = await signCredential({ credential, signer: key, canonizer, created: item.created });
            const presented = structuredClone(signed) as Record<string, unknown>;
            const subject = presented.credentialSubject as Record<string, unknown>;
            if (item.edit === "created") {
              const proofs = [presented.proof].flat() as Record<string, unknown>[];
              const signature = proofs.find((entry) => entry.cryptosuite === "eddsa-rdfc-2022")!;
              signature.created =
                signature.created === "2026-03-01T09:30:00Z" ? "2026-03-01T09:30:01Z" : "2026-03-01T09:30:00Z";
            }
            if (item.edit === "name") subject.name = item.to;
            if (item.edit === "score") {
              const results = subject.result as Record<string, unknown>[] | undefined;
              if (results?.[0] && "value" in results[0]) results[0].value = item.to;
            }
            const ours = await verifyCredentialSignature({ credential: presented, resolveKey, canonizer });
            const theirs = await standardVerify(presented, [didDocument]);
            expect(ours.status === "passed", `${item.edit}: ours ${ours.code} (${ours.message})`).to.equal(
              theirs.verified,
            );
            if (item.edit === "none" || item.edit === "created") {
              expect(ours.code).to.equal(item.edit === "none" ? "SIGNATURE_VALID" : "SIGNATURE_INVALID");
            }
            if (ours.status === "passed") verdicts.passed++;
            else verdicts.failed++;
          }
        },
      ),
      { numRuns: 25 },
    );
    expect(verdicts.passed).to.be.greaterThan(10);
    expect(verdicts.failed).to.be.greaterThan(5);
  });
});
