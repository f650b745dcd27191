import { expect } from "chai";
import { keccak_256 } from "@noble/hashes/sha3";
import fc from "fast-check";
import { utf8Scratch } from "./utf8";
import { DigestError } from "../errors/credential";
import type { Hex } from "../types";
import { digestFromFieldHashes } from "./digestFromFieldHashes";
import { encodeField, hashField } from "./fieldHash";

const SALT = "0x000102030405060708090a0b0c0d0e0f" as Hex;

function keccakHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(keccak_256(bytes)).toString("hex");
}

describe("field hash and digest", function () {
  it("encodes [path, value, salt] as JCS text", function () {
    expect(encodeField(["credentialSubject", "result", 0, "value"], "92", SALT)).to.equal(
      '[["credentialSubject","result",0,"value"],"92","0x000102030405060708090a0b0c0d0e0f"]',
    );
    expect(encodeField(["a"], {}, SALT)).to.equal('[["a"],{},"' + SALT + '"]');
    expect(encodeField(["a"], [], SALT)).to.equal('[["a"],[],"' + SALT + '"]');
    expect(encodeField(["a"], null, SALT)).to.equal('[["a"],null,"' + SALT + '"]');
    expect(encodeField(["a"], 1e21, SALT)).to.equal('[["a"],1e+21,"' + SALT + '"]');
    expect(encodeField(["a"], -0, SALT)).to.equal('[["a"],0,"' + SALT + '"]');
    expect(encodeField(["a/b", "~"], "line\nbreak", SALT)).to.equal('[["a/b","~"],"line\\nbreak","' + SALT + '"]');
  });

  it("hashes the UTF-8 bytes of the encoding with keccak256", function () {
    const text = encodeField(["name"], "Zoë 😀", SALT);
    expect(hashField(["name"], "Zoë 😀", SALT)).to.equal(keccakHex(Buffer.from(text, "utf8")));
  });

  it("tells an array index from a numeric member name", function () {
    expect(hashField(["a", 0], "x", SALT)).to.not.equal(hashField(["a", "0"], "x", SALT));
  });

  it("tells values of different JSON types apart", function () {
    const hashes = new Set(
      [1, "1", true, "true", null, "null", {}, [], "{}", "[]"].map((v) => hashField(["a"], v as never, SALT)),
    );
    expect(hashes.size).to.equal(10);
  });

  it("refuses a malformed salt, a non-empty container and a bad index", function () {
    expect(() => encodeField(["a"], 1, "0x00" as Hex)).to.throw(DigestError, /16 bytes/);
    expect(() => encodeField(["a"], 1, SALT.toUpperCase().replace("0X", "0x") as Hex)).to.throw(DigestError);
    expect(() => encodeField(["a"], { b: 1 } as never, SALT)).to.throw(DigestError, /primitive, \{\} or \[\]/);
    expect(() => encodeField(["a", -1], 1, SALT)).to.throw(DigestError, /bad array index/);
  });

  it("digest = keccak256 of the protected hash then the field hashes sorted in byte order, whatever the input order", function () {
    const p = ("0x" + "ee".repeat(32)) as Hex;
    const a = ("0x" + "ff".repeat(32)) as Hex;
    const b = ("0x" + "00".repeat(31) + "01") as Hex;
    const c = ("0x" + "7f" + "00".repeat(31)) as Hex;
    const expected = keccakHex(Buffer.from(p.slice(2) + b.slice(2) + c.slice(2) + a.slice(2), "hex"));
    expect(digestFromFieldHashes(p, [a, b, c])).to.equal(expected);
    expect(digestFromFieldHashes(p, [c, a, b])).to.equal(expected);
    // the protected hash is always first, never sorted in with the field hashes
    expect(digestFromFieldHashes(b, [p])).to.equal(keccakHex(Buffer.from(b.slice(2) + p.slice(2), "hex")));
    expect(digestFromFieldHashes(b, [p])).to.not.equal(digestFromFieldHashes(p, [b]));
    expect(digestFromFieldHashes(p, [])).to.equal(keccakHex(Buffer.from(p.slice(2), "hex")));
    // a repeated hash counts twice
    expect(digestFromFieldHashes(p, [a, a])).to.not.equal(digestFromFieldHashes(p, [a]));
    expect(() => digestFromFieldHashes(p, ["0x12" as Hex])).to.throw(DigestError, /field hash "0x12" is not 32 bytes/);
    expect(() => digestFromFieldHashes("0x12" as Hex, [a])).to.throw(
      DigestError,
      /protected hash "0x12" is not 32 bytes/,
    );
    expect(() => digestFromFieldHashes(p.toUpperCase().replace("0X", "0x") as Hex, [a])).to.throw(DigestError);
  });
});

describe("utf8Scratch", function () {
  it("encodes like TextEncoder, including surrogate pairs and unpaired surrogates", function () {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        expect(Buffer.from(utf8Scratch(text))).to.deep.equal(Buffer.from(encoder.encode(text)));
      }),
      { numRuns: 2000 },
    );
    const long = "é😀x".repeat(5000);
    expect(Buffer.from(utf8Scratch(long))).to.deep.equal(Buffer.from(encoder.encode(long)));
    expect(Array.from(utf8Scratch("\ud800"))).to.deep.equal([0xef, 0xbf, 0xbd]);
  });
});
