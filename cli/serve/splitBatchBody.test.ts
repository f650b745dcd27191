import { expect } from "chai";
import { splitBatchBody } from "./splitBatchBody";

describe("splitBatchBody", function () {
  it("gives each credential's text and the other members, parsed", function () {
    const body =
      ' {\n "options" : {"maxStatusAge": 5},\t"verifiableCredentials":[ {"id":"a","b":["}",{"c":"\\\\"}]} ,{"id":"x\\"]"} ] } ';
    expect(splitBatchBody(body)).to.deep.equal({
      credentials: ['{"id":"a","b":["}",{"c":"\\\\"}]}', '{"id":"x\\"]"}'],
      members: { options: { maxStatusAge: 5 } },
    });
  });

  it("gives texts whose strict parse equals the whole body's entries", function () {
    const entries = [{ a: 1, b: 'q"]},[' }, { nested: [[{ x: null }], true, -1.5e3] }, {}];
    const split = splitBatchBody(JSON.stringify({ verifiableCredentials: entries }))!;
    expect(split.credentials.map((text) => JSON.parse(text))).to.deep.equal(entries);
    expect(splitBatchBody('{"verifiableCredentials":[]}')).to.deep.equal({ credentials: [], members: {} });
  });

  for (const [why, body] of [
    ["no object", '[{"verifiableCredentials":[]}]'],
    ["no list", '{"options":{}}'],
    ["an empty object", "{}"],
    ["a list entry that is no object", '{"verifiableCredentials":[{"a":1},"text"]}'],
    ["the list named twice", '{"verifiableCredentials":[],"verifiableCredentials":[{}]}'],
    ["a member named __proto__", '{"__proto__":{"options":{}},"verifiableCredentials":[{}]}'],
    ["a member the strict parser refuses", '{"options":{"a":1,"a":2},"verifiableCredentials":[{}]}'],
    ["text after the body", '{"verifiableCredentials":[{}]} x'],
    ["an unterminated entry", '{"verifiableCredentials":[{"a":"}]}'],
    ["a missing comma", '{"verifiableCredentials":[{} {}]}'],
    ["a nested entry deeper than 64 levels", `{"verifiableCredentials":[${"[".repeat(64)}${"]".repeat(64)}]}`],
    ["an entry nested 65 levels", `{"verifiableCredentials":[{"a":${"[".repeat(64)}${"]".repeat(64)}}]}`],
    ["a BOM", '\ufeff{"verifiableCredentials":[{}]}'],
  ] as const) {
    it(`leaves the body to the strict parser: ${why}`, function () {
      expect(splitBatchBody(body)).to.equal(undefined);
    });
  }
});
