import { expect } from "chai";
import fc from "fast-check";
import { EDDSA_RDFC_2022 } from "../../sdk/src/node";
import { OWN_WORDS, ownCredentials } from "./ownCredentials";
import { splitBatchBody } from "./splitBatchBody";

/** The plain reading: credential k is the request thread's when its own bytes hold any of the words. */
const reference = (bytes: Buffer, starts: number[], ends: number[]) =>
  Uint8Array.from(starts, (start, k) =>
    OWN_WORDS.some(({ word }) => bytes.subarray(start, ends[k]).includes(word)) ? 1 : 0,
  );

describe("ownCredentials", function () {
  it("marks the credentials whose bytes hold the cryptosuite, ClrCredential or a \\u escape, and only those", function () {
    const body = Buffer.from(
      JSON.stringify({
        options: { note: `${EDDSA_RDFC_2022} ClrCredential \\u0041` },
        verifiableCredentials: [
          { proof: { cryptosuite: EDDSA_RDFC_2022 } },
          { proof: { cryptosuite: "x-rdfc-2022", other: "eddsa-rdfc-202" } }, // the probe without the word
          { type: ["VerifiableCredential", "ClrCredential"] },
          { type: "Clr", name: "ClrCredentia" },
          { name: "caf\u00e9 \\u00e9" },
          { name: "eddsa-rdfc-2022" },
        ],
        after: `${EDDSA_RDFC_2022} ClrCredential`,
      }),
    );
    const split = splitBatchBody(body)!;
    expect([...ownCredentials(split)]).to.deep.equal([1, 0, 1, 0, 1, 1]);
    // A body cut right after a probe: no word there, and no read past the end.
    const cut = Buffer.from('{"verifiableCredentials":[{"a":"eddsa-rdfc-"},{"b":"Clr"}]}');
    expect([...ownCredentials(splitBatchBody(cut)!)]).to.deep.equal([0, 0]);
    expect([...ownCredentials({ bytes: Buffer.from("eddsa-rdfc-"), starts: [0], ends: [11] })]).to.deep.equal([0]);
  });

  it("marks the same credentials as searching each credential's own bytes for each word", function () {
    const piece = fc.constantFrom(
      EDDSA_RDFC_2022,
      "-rdfc-",
      "eddsa-rdfc-",
      "rdfc-2022",
      "ClrCredential",
      "Clr",
      "ClrCred",
      "\\u",
      "\\",
      "u",
      "a",
      " ",
      "é",
    );
    const text = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), text, text, (texts, before, after) => {
        const body = Buffer.from(JSON.stringify({ before, verifiableCredentials: texts.map((t) => ({ t })), after }));
        const split = splitBatchBody(body)!;
        expect([...ownCredentials(split)]).to.deep.equal([...reference(body, split.starts, split.ends)]);
      }),
      { numRuns: 500 },
    );
  });
});
