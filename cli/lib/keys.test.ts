import { expect } from "chai";
import path from "node:path";
import { KeyError } from "../errors";
import { loadSigner } from "./keys";
import { testIo } from "./testIo";

const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const FIXTURES = path.join(__dirname, "..", "..", "test", "fixtures", "cli");

async function rejection(promise: Promise<unknown>): Promise<KeyError> {
  try {
    await promise;
  } catch (error) {
    return error as KeyError;
  }
  throw new Error("expected a rejection");
}

describe("cli: keys", function () {
  it("reads CREDANCHOR_PRIVATE_KEY, with or without 0x", async function () {
    const signer = await loadSigner(testIo({ env: { CREDANCHOR_PRIVATE_KEY: KEY.slice(2) } }), {});
    expect(signer).to.deep.equal({ privateKey: KEY, address: ADDRESS, source: "CREDANCHOR_PRIVATE_KEY" });
  });

  it("no key: one line that says both ways to give one", async function () {
    const error = await rejection(loadSigner(testIo(), {}));
    expect(error).to.be.instanceOf(KeyError);
    expect(error.shortMessage).to.equal("no key to sign with");
    expect(error.fix).to.include("CREDANCHOR_PRIVATE_KEY").and.to.include("--keystore FILE");
  });

  it("a malformed key is refused without quoting it", async function () {
    const secret = `${KEY.slice(0, 60)}zz`;
    const error = await rejection(loadSigner(testIo({ env: { CREDANCHOR_PRIVATE_KEY: secret } }), {}));
    expect(error.message).to.not.include(secret.slice(2, 20));
    expect(error.shortMessage).to.equal(
      "CREDANCHOR_PRIVATE_KEY is not a private key (expected 32 bytes as 64 hex digits)",
    );
  });

  it("decrypts a keystore with the password from the environment", async function () {
    const io = testIo({ cwd: FIXTURES, env: { CREDANCHOR_KEYSTORE_PASSWORD: "correct horse" } });
    const signer = await loadSigner(io, { keystore: "keystore-hardhat0.json" });
    expect(signer).to.deep.equal({ privateKey: KEY, address: ADDRESS, source: "keystore keystore-hardhat0.json" });
  });

  it("asks for the keystore password with a hidden prompt when the environment has none", async function () {
    const asked: Array<{ question: string; hidden?: boolean }> = [];
    const io = testIo({
      cwd: FIXTURES,
      prompt: async (question, options) => {
        asked.push({ question, hidden: options?.hidden });
        return "correct horse";
      },
    });
    const signer = await loadSigner(io, { keystore: "keystore-hardhat0.json" });
    expect(signer.address).to.equal(ADDRESS);
    expect(asked).to.deep.equal([{ question: "Password for keystore-hardhat0.json: ", hidden: true }]);
  });

  it("a wrong password, a missing file, a non-keystore and no way to ask are each one clear error", async function () {
    const wrong = await rejection(
      loadSigner(testIo({ cwd: FIXTURES, env: { CREDANCHOR_KEYSTORE_PASSWORD: "battery staple" } }), {
        keystore: "keystore-hardhat0.json",
      }),
    );
    expect(wrong.shortMessage).to.equal("cannot decrypt keystore keystore-hardhat0.json: wrong password");
    const missing = await rejection(loadSigner(testIo({ cwd: FIXTURES }), { keystore: "nope.json" }));
    expect(missing.shortMessage).to.equal("cannot read keystore nope.json: ENOENT");
    const notKeystore = await rejection(loadSigner(testIo({ cwd: FIXTURES }), { keystore: "not-a-keystore.json" }));
    expect(notKeystore.shortMessage).to.equal("not-a-keystore.json is not an encrypted JSON keystore");
    const noPrompt = await rejection(loadSigner(testIo({ cwd: FIXTURES }), { keystore: "keystore-hardhat0.json" }));
    expect(noPrompt.shortMessage).to.equal("no password for keystore keystore-hardhat0.json");
    expect(noPrompt.fix).to.include("CREDANCHOR_KEYSTORE_PASSWORD");
  });
});
