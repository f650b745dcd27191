import { expect } from "chai";
import jsonld from "jsonld";
import { countingBytes, loadTemplate, sampleCredential, TEMPLATE_FILES } from "../../../test/fixtures/samples";
import {
  didDocumentFor,
  standardCanonize,
  standardIssue,
  standardKeyPair,
  standardVerify,
} from "../../../test/helpers/standardVerifier";
import { createCredential } from "../credential/createCredential";
import { ContextNotBundledError, JsonLdError, SignCredentialError, SigningKeyError } from "../errors/sign";
import { identityRecords } from "../identity/identityRecords";
import { createCanonizer } from "./canonize";
import { assertionKeyFromDidDocument } from "./resolveAssertionKey";
import { createDocumentLoader } from "./documentLoader";
import { decodePublicKeyMultibase, decodeSecretKeyMultibase, encodePublicKeyMultibase } from "./multikey";
import { signCredential } from "./signCredential";
import {
  decryptSigningKey,
  encryptSigningKey,
  exportSecretKeyMultibase,
  generateSigningKey,
  signingKeyFromMultibase,
} from "./signingKey";
import { verifyCredentialSignature, type ResolveAssertionKey } from "./verifyCredentialSignature";

const DID = "did:web:nursing.example.edu";

function credentialFor(did = DID, name = "Amara Okafor") {
  const credential = sampleCredential();
  return {
    ...credential,
    issuer: { ...credential.issuer, id: did },
    credentialSubject: { ...credential.credentialSubject, name },
  };
}

function resolverFor(did: string, publicKeyMultibase: string): ResolveAssertionKey {
  return async (vm) =>
    vm === `${did}#${publicKeyMultibase}` ? { id: vm, controller: did, publicKeyMultibase } : undefined;
}

/** JSON-LD expansion in safe mode with a handler that fails on any event (a dropped term, a relative IRI). */
async function expandStrict(document: object): Promise<string[]> {
  const events: string[] = [];
  await jsonld.expand(document, {
    documentLoader: createDocumentLoader(),
    safe: true,
    eventHandler: ({ event }) => {
      events.push(`${event.code} ${JSON.stringify(event.details ?? {})}`);
    },
  });
  return events;
}

describe("sign: eddsa-rdfc-2022 issuer signature", function () {
  this.timeout(60_000);
  const key = generateSigningKey();
  const didDocument = didDocumentFor(DID, key.publicKeyMultibase);

  it("a credential credanchor signs verifies with @digitalbazaar/vc + eddsa-rdfc-2022 and with credanchor", async () => {
    const signed = await signCredential({ credential: credentialFor(), signer: key, created: "2026-03-01T09:30:00Z" });
    const proof = signed.proof[0] as Record<string, unknown>;
    expect(proof).to.deep.include({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      created: "2026-03-01T09:30:00Z",
      verificationMethod: `${DID}#${key.publicKeyMultibase}`,
      proofPurpose: "assertionMethod",
    });
    const standard = await standardVerify(signed, [didDocument]);
    expect(standard.verified, JSON.stringify(standard.error)).to.equal(true);
    const ours = await verifyCredentialSignature({
      credential: signed,
      resolveKey: resolverFor(DID, key.publicKeyMultibase),
    });
    expect(ours).to.deep.equal({
      status: "passed",
      code: "SIGNATURE_VALID",
      message: `signed by the issuer's key ${DID}#${key.publicKeyMultibase}`,
      verificationMethod: `${DID}#${key.publicKeyMultibase}`,
    });
  });

  it("a credential signed by @digitalbazaar/vc verifies with credanchor", async () => {
    const keyPair = await standardKeyPair(DID);
    const theirs = await standardIssue(credentialFor(), keyPair);
    const ours = await verifyCredentialSignature({
      credential: theirs,
      resolveKey: resolverFor(DID, keyPair.publicKeyMultibase),
    });
    expect(ours.status).to.equal("passed");
    expect(ours.verificationMethod).to.equal(keyPair.id);
  });

  it("a tampered field fails both verifiers", async () => {
    const signed = await signCredential({ credential: credentialFor(), signer: key });
    const tampered = { ...signed, credentialSubject: { ...signed.credentialSubject, name: "Mallory" } };
    expect((await standardVerify(tampered, [didDocument])).verified).to.equal(false);
    const ours = await verifyCredentialSignature({
      credential: tampered,
      resolveKey: resolverFor(DID, key.publicKeyMultibase),
    });
    expect(ours.status).to.equal("failed");
    expect(ours.code).to.equal("SIGNATURE_INVALID");
    // The W3C library's own signature, tampered, fails credanchor too.
    const keyPair = await standardKeyPair(DID);
    const theirs = await standardIssue(credentialFor(), keyPair);
    const theirsTampered = { ...theirs, validFrom: "2020-01-01T00:00:00Z" };
    const result = await verifyCredentialSignature({
      credential: theirsTampered,
      resolveKey: resolverFor(DID, keyPair.publicKeyMultibase),
    });
    expect(result.code).to.equal("SIGNATURE_INVALID");
  });

  it("a wrong issuer id fails both verifiers", async () => {
    const signed = await signCredential({ credential: credentialFor(), signer: key });
    const other = "did:web:other.example";
    const moved = { ...signed, issuer: { ...signed.issuer, id: other } };
    const otherDocument = didDocumentFor(other, key.publicKeyMultibase);
    expect((await standardVerify(moved, [didDocument, otherDocument])).verified).to.equal(false);
    const ours = await verifyCredentialSignature({
      credential: moved,
      resolveKey: resolverFor(other, key.publicKeyMultibase),
    });
    expect(ours).to.deep.equal({
      status: "failed",
      code: "SIGNATURE_WRONG_ISSUER",
      message: `the signature was made by ${DID}, not by the issuer ${other}`,
      verificationMethod: `${DID}#${key.publicKeyMultibase}`,
    });
    // A key the issuer's DID document does not list for assertionMethod.
    const stranger = generateSigningKey();
    const byStranger = await signCredential({ credential: credentialFor(), signer: stranger });
    const notListed = await verifyCredentialSignature({
      credential: byStranger,
      resolveKey: resolverFor(DID, key.publicKeyMultibase),
    });
    expect(notListed.code).to.equal("SIGNATURE_KEY_NOT_LISTED");
    expect((await standardVerify(byStranger, [didDocument])).verified).to.equal(false);
  });

  it("the did.json that identityRecords prints (the `identity --json` document) is all a standard verifier needs", async () => {
    const verificationMethod = `${DID}#${key.publicKeyMultibase}`;
    const { didWeb } = identityRecords({
      domain: "nursing.example.edu",
      chain: "eip155:11155111",
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      signingKey: { verificationMethod, publicKeyMultibase: key.publicKeyMultibase },
    });
    expect(didWeb.document.assertionMethod).to.deep.equal([verificationMethod]);
    const signed = await signCredential({ credential: credentialFor(), signer: key });
    const standard = await standardVerify(signed, [didWeb.document]);
    expect(standard.verified, JSON.stringify(standard.error)).to.equal(true);
    expect(assertionKeyFromDidDocument(didWeb.document, verificationMethod)).to.deep.equal({
      id: verificationMethod,
      controller: DID,
      publicKeyMultibase: key.publicKeyMultibase,
    });
    expect(assertionKeyFromDidDocument({ ...didWeb.document, assertionMethod: [] }, verificationMethod)).to.equal(
      undefined,
    );
  });

  it("refuses to sign for an issuer that is not the key's controller", async () => {
    try {
      await signCredential({
        credential: credentialFor(),
        signer: key,
        verificationMethod: `did:web:other.example#${key.publicKeyMultibase}`,
      });
      expect.fail("signed");
    } catch (error) {
      expect(error).to.be.instanceOf(SignCredentialError);
      expect((error as SignCredentialError).shortMessage).to.equal(
        `the signing key belongs to did:web:other.example, but the credential's issuer is ${DID}`,
      );
    }
  });

  it("no signature is reported as absent", async () => {
    const result = await verifyCredentialSignature({
      credential: credentialFor(),
      resolveKey: resolverFor(DID, key.publicKeyMultibase),
    });
    expect(result).to.deep.equal({
      status: "absent",
      code: "SIGNATURE_ABSENT",
      message: "the credential carries no issuer signature (eddsa-rdfc-2022)",
    });
  });

  it("signed credentials of every fixture template expand in safe mode with zero dropped terms", async () => {
    for (const name of TEMPLATE_FILES) {
      const template = loadTemplate(name);
      const credential = createCredential(
        { ...template, issuer: { ...template.issuer, id: DID } },
        { name: "Ada", email: "ada@example.org", score: "80", status: "Completed" },
        { now: "2026-03-01T00:00:00Z", randomBytes: countingBytes(1) },
      );
      const signed = await signCredential({ credential, signer: key });
      expect(await expandStrict(signed), name).to.deep.equal([]);
      expect((await standardVerify(signed, [didDocument])).verified, name).to.equal(true);
    }
  });
});

describe("sign: canonizer shape cache", function () {
  this.timeout(60_000);

  it("gives exactly the N-Quads of the plain route (and of the W3C library's canonize) for varied credentials", async () => {
    const cached = createCanonizer();
    const plain = createCanonizer({ cache: false });
    const rows = [
      { name: "Ada", email: "ada@example.org", score: "80", status: "Completed" },
      { name: 'Quote " and \\ back\nslash', email: "b@example.org", score: "81", status: "Completed" },
      { name: "Relative id", id: "did:example:123", email: "c@example.org", score: "82", status: "Completed" },
      { name: "URL id", id: "https://example.org/people/ümlaut", score: "83", status: "Completed" },
      { name: "Evidence", email: "d@example.org", score: "84", evidence: "https://example.org/evidence/1" },
    ];
    let compared = 0;
    for (const name of TEMPLATE_FILES) {
      for (const [i, row] of rows.entries()) {
        const credential = createCredential(loadTemplate(name), row, {
          now: "2026-03-01T00:00:00Z",
          randomBytes: countingBytes(i),
        });
        const fast = await cached.canonize(credential);
        expect(fast, `${name} row ${i}`).to.equal(await plain.canonize(credential));
        expect(fast, `${name} row ${i}`).to.equal(await standardCanonize(credential));
        compared++;
      }
    }
    expect(compared).to.equal(15);
    expect(cached.stats.cached).to.equal(15);
    expect(plain.stats.plain).to.equal(15);
  });

  it("pins a value that JSON-LD would read as a term or a compact IRI, instead of substituting it", async () => {
    const canonizer = createCanonizer();
    const plain = createCanonizer({ cache: false });
    const base = sampleCredential();
    const variants = ["Certificate", "Badge", "ext:Custom", "https://example.org/types/X"].map((achievementType) => ({
      ...base,
      credentialSubject: {
        ...base.credentialSubject,
        achievement: { ...base.credentialSubject.achievement, achievementType },
      },
    }));
    for (const variant of variants) expect(await canonizer.canonize(variant)).to.equal(await plain.canonize(variant));
  });

  it("an unknown context is a clear error and is never fetched", async () => {
    const credential = {
      ...sampleCredential(),
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/context.json"],
    };
    try {
      await createCanonizer().canonize(credential);
      expect.fail("canonized");
    } catch (error) {
      expect(error).to.be.instanceOf(ContextNotBundledError);
      expect((error as ContextNotBundledError).url).to.equal("https://evil.example/context.json");
    }
  });

  it("an undefined term is an error (safe mode), not a dropped value", async () => {
    const credential = {
      ...sampleCredential(),
      notATerm: "x",
      "@context": [{ "@protected": true }, "https://www.w3.org/ns/credentials/v2"],
    };
    const strict = { ...credential, "@context": ["https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"] };
    try {
      await createCanonizer().canonize(strict);
      expect.fail("canonized");
    } catch (error) {
      expect(error).to.be.instanceOf(JsonLdError);
      expect((error as JsonLdError).details).to.match(/invalid property|relative/);
    }
  });
});

describe("sign: keys", () => {
  it("Multikey encodings round-trip (z6Mk public, z3u2 secret)", () => {
    const key = generateSigningKey();
    expect(key.publicKeyMultibase).to.match(/^z6Mk/);
    expect(encodePublicKeyMultibase(decodePublicKeyMultibase(key.publicKeyMultibase))).to.equal(key.publicKeyMultibase);
    const secret = exportSecretKeyMultibase(key);
    expect(secret).to.match(/^z3u2/);
    expect(decodeSecretKeyMultibase(secret)).to.have.length(32);
    expect(signingKeyFromMultibase(secret).publicKeyMultibase).to.equal(key.publicKeyMultibase);
    expect(JSON.stringify(key)).to.equal(JSON.stringify({ publicKeyMultibase: key.publicKeyMultibase }));
  });

  it("the encrypted key file decrypts with the password only, and never holds the secret in clear", () => {
    const key = generateSigningKey();
    const file = encryptSigningKey(key, "correct horse battery");
    const text = JSON.stringify(file);
    const seedHex = Buffer.from(decodeSecretKeyMultibase(exportSecretKeyMultibase(key))).toString("hex");
    expect(text).not.to.include(seedHex);
    expect(text).not.to.include(exportSecretKeyMultibase(key));
    expect(decryptSigningKey(file, "correct horse battery").publicKeyMultibase).to.equal(key.publicKeyMultibase);
    try {
      decryptSigningKey(file, "wrong password!");
      expect.fail("decrypted");
    } catch (error) {
      expect(error).to.be.instanceOf(SigningKeyError);
      expect((error as SigningKeyError).problem).to.equal("password");
    }
    const swapped = { ...file, publicKeyMultibase: generateSigningKey().publicKeyMultibase };
    expect(() => decryptSigningKey(swapped, "correct horse battery")).to.throw(SigningKeyError);
  });

  it("a public key that is not an Ed25519 Multikey is refused", () => {
    expect(() => decodePublicKeyMultibase("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")).to.throw(
      SigningKeyError,
      /not an Ed25519 Multikey/,
    );
    expect(() => decodePublicKeyMultibase("u6Mk")).to.throw(SigningKeyError, /must start with "z"/);
  });
});
