import { expect } from "chai";
import fc from "fast-check";
import { loadTemplate, sampleCredential, TEMPLATE_FILES, withProof } from "../../../test/fixtures/samples";
import { leafPaths, setAt } from "../../../test/helpers/digestDocuments";
import { createCredential } from "./createCredential";
import { validateByShape, clearValidationShapesForTests } from "./validateByShape";
import { CREDENTIAL_RULES, validateCredential } from "./validateCredential";

/**
 * Differential tests: validateCredential through the validation compiled for a shape (the snapshot of
 * the last valid credential of that shape) against validateCredential with no shape compiled (every
 * rule), on credentials of a batch with random values changed: the same issues, byte for byte.
 */

type Json = Record<string, unknown>;

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Credentials of several shapes (templates, recipients with and without an id, with and without validUntil). */
const bases: Json[] = [
  withProof(sampleCredential()),
  sampleCredential(),
  ...TEMPLATE_FILES.map((name, i) =>
    withProof(
      createCredential(
        loadTemplate(name),
        { name: `Learner ${i}`, email: `learner${i}@example.org`, score: "91" },
        { now: new Date("2026-03-01T00:00:00Z") },
      ),
    ),
  ),
].map((credential) => copy(credential) as Json);

/** Another proofValue of the same shape, to put in place of the base's. */
const otherProof = (copy(withProof(sampleCredential())) as { proof: Json[] }).proof[0].proofValue;

const value = fc.oneof(
  fc.constantFrom<unknown>(
    "",
    " ",
    "x",
    "Learner 1",
    "not a uri",
    "https://example.org/other",
    "did:web:example.org",
    "urn:uuid:00000000-0000-4000-8000-000000000000",
    "2026-03-01T00:00:00Z",
    "2031-01-01T00:00:00Z",
    "2020-01-01T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-03-01",
    `sha256$${"a".repeat(64)}`,
    `sha256$${"A".repeat(64)}`,
    "sha256$x",
    "\ud800",
    "a\udc00b",
    "ClrCredential",
    "VerifiableCredential",
    "OpenBadgeCredential",
    "AchievementCredential",
    "Profile",
    "Achievement",
    "AchievementSubject",
    "IdentityObject",
    "DataIntegrityProof",
    "credanchor-merkle-2026",
    "assertionMethod",
    "uAAAA",
    "u!",
    otherProof,
    0,
    -1,
    1.5,
    Number.NaN,
    true,
    false,
    null,
    {},
    [],
  ),
  fc.string({ unit: "binary", maxLength: 12 }),
);

describe("validation compiled per shape = every rule (fast-check differential)", function () {
  afterEach(function () {
    clearValidationShapesForTests();
  });

  it("credentials of a batch with random values changed: the same issues as with no shape compiled", function () {
    fc.assert(
      fc.property(
        fc.constantFrom(...bases.keys()),
        fc.array(fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (b, steps, requireProof) => {
          const base = bases[b];
          const leaves = leafPaths(base);
          clearValidationShapesForTests();
          expect(validateCredential(copy(base), { requireProof })).to.deep.equal(
            requireProof && base.proof === undefined
              ? [
                  {
                    pointer: "/proof",
                    message: 'required credanchor proof entry (cryptosuite "credanchor-merkle-2026") is missing',
                  },
                ]
              : [],
          );
          for (const edits of steps) {
            const variant = copy(base);
            for (const [pick, v] of edits) setAt(variant, leaves[pick % leaves.length], v);
            const compiled = validateCredential(variant, { requireProof });
            clearValidationShapesForTests();
            const full = validateCredential(variant, { requireProof }); // the same object: NaN and lone surrogates stay
            expect(compiled).to.deep.equal(full);
            if (full.length > 0) validateCredential(copy(base), { requireProof }); // the batch's shape again
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answers for a valid credential of a compiled shape, and only then", function () {
    const base = bases[0];
    validateCredential(copy(base));
    const next = copy(base) as Json & { credentialSubject: Json };
    next.credentialSubject.name = "Someone else";
    next.id = "urn:uuid:11111111-1111-4111-8111-111111111111";
    expect(validateByShape(next, false, CREDENTIAL_RULES)).to.equal(true);
    // snapshot values are copies: changing the credential afterwards changes nothing
    next.credentialSubject.name = 5;
    expect(validateByShape(copy(base), false, CREDENTIAL_RULES)).to.equal(true);
    expect(validateByShape({ ...copy(base), id: "not a uri" }, false, CREDENTIAL_RULES)).to.equal(false);
    expect(validateByShape({ ...copy(base), extra: 1 }, false, CREDENTIAL_RULES)).to.equal(false);
    expect(validateByShape(copy(base), true, CREDENTIAL_RULES)).to.equal(false); // another requireProof: not compiled
  });
});
