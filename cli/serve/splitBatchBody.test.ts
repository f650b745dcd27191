import { expect } from "chai";
import fc from "fast-check";
import { MAX_NESTING_DEPTH, parseCredentialJson } from "../../sdk/src/node";
import { parseRequestJson } from "./request";
import { credentialText, splitBatchBody } from "./splitBatchBody";

const bytesOf = (text: string) => Buffer.from(text, "utf8");
const textsOf = (body: string) => {
  const split = splitBatchBody(bytesOf(body));
  return split && { texts: split.starts.map((_, k) => credentialText(split, k)), members: split.members };
};

/** The whole body's strict parse, as the route makes it when it does not split: the value or the error's message. */
function whole(bytes: Buffer): { value: unknown } | { error: string } {
  try {
    return { value: parseRequestJson(bytes.toString("utf8")) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * What the route makes of a body through the split: the members and each credential parsed from its
 * own bytes; when the split gives up, or a credential's strict parse fails, the whole body's parse
 * (verifyBatch.ts, verifier.ts).
 */
function throughSplit(bytes: Buffer): { value: unknown } | { error: string } {
  const split = splitBatchBody(bytes);
  if (split) {
    try {
      const credentials = split.starts.map((_, k) => parseCredentialJson(credentialText(split, k)));
      return { value: { ...split.members, verifiableCredentials: credentials } };
    } catch {
      // the whole body answers, below
    }
  }
  return whole(bytes);
}

/** A string of any UTF-16 code units: quotes, backslashes, brackets, control characters, lone surrogates. */
const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", '"', "\\", '\\"', "}", "]", "{[", "\u0000", "\u2028", "\ud800", "\udfff", "😀", "é", "\\u0041"),
);

const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    anyString,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(
    fc.oneof(anyString, fc.constantFrom("a", "id", "__proto__", "verifiableCredentials")),
    tie("value"),
    {
      maxKeys: 4,
    },
  ),
})).value;

/** A verify-batch body's text: credentials (mostly objects), other members, in any order, spaced any way. */
const bodyText = fc
  .record({
    credentials: fc.array(fc.oneof({ weight: 5, arbitrary: fc.dictionary(anyString, value, { maxKeys: 4 }) }, value), {
      maxLength: 5,
    }),
    options: fc.option(value, { nil: undefined }),
    other: fc.option(fc.tuple(anyString, value), { nil: undefined }),
    listFirst: fc.boolean(),
    space: fc.constantFrom("", " ", "\n\t ", "\r\n"),
  })
  .map(({ credentials, options, other, listFirst, space }) => {
    const members: string[] = [];
    const list = `${JSON.stringify("verifiableCredentials")}${space}:${space}[${space}${credentials
      .map((c) => JSON.stringify(c) ?? "null")
      .join(`${space},${space}`)}${space}]`;
    if (options !== undefined) members.push(`"options":${JSON.stringify(options)}`);
    if (other !== undefined) members.push(`${JSON.stringify(other[0])}:${space}${JSON.stringify(other[1])}`);
    if (listFirst) members.unshift(list);
    else members.push(list);
    return `${space}{${space}${members.join(`,${space}`)}${space}}${space}`;
  });

/**
 * Hostile changes to a body's bytes: a byte inserted (a quote, a backslash, a bracket, a byte that is
 * not UTF-8, half of a multi-byte character), a byte removed, the body cut short, a member named twice.
 */
const hostileBody = fc
  .tuple(
    bodyText,
    fc.array(
      fc.tuple(
        fc.constantFrom("insert", "remove", "cut", "duplicate"),
        fc.nat(),
        fc.constantFrom(0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x75, 0xff, 0xc3, 0xe2, 0x80, 0x00),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([text, changes]) => {
    let bytes = bytesOf(text);
    for (const [change, at, byte] of changes) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (change === "insert") bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
      else if (change === "remove") bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
      else if (change === "cut") bytes = bytes.subarray(0, i);
      else {
        const open = bytes.indexOf(0x7b);
        if (open >= 0)
          bytes = Buffer.concat([
            bytes.subarray(0, open + 1),
            bytesOf('"verifiableCredentials":[],'),
            bytes.subarray(open + 1),
          ]);
      }
    }
    return bytes;
  });

describe("splitBatchBody", function () {
  it("gives each credential's range and the other members, parsed", function () {
    const body =
      ' {\n "options" : {"maxStatusAge": 5},\t"verifiableCredentials":[ {"id":"a","b":["}",{"c":"\\\\"}]} ,{"id":"x\\"]"} ] } ';
    expect(textsOf(body)).to.deep.equal({
      texts: ['{"id":"a","b":["}",{"c":"\\\\"}]}', '{"id":"x\\"]"}'],
      members: { options: { maxStatusAge: 5 } },
    });
    const split = splitBatchBody(bytesOf('{"verifiableCredentials":[{"id":"a"},{"id":"b"}]}'))!;
    expect([split.starts, split.ends]).to.deep.equal([
      [26, 37],
      [36, 47],
    ]);
  });

  it("cuts ranges in bytes around characters of several bytes, and decodes them as the whole body decodes", function () {
    const entries = [{ name: "Zoë 😀 名前" }, { a: "é\u2028" }];
    const split = splitBatchBody(bytesOf(JSON.stringify({ verifiableCredentials: entries })))!;
    expect(split.starts.map((_, k) => JSON.parse(credentialText(split, k)))).to.deep.equal(entries);
    // Bytes that are not UTF-8 inside a credential: the same replacement characters as the whole body's text.
    const odd = Buffer.concat([
      bytesOf('{"verifiableCredentials":[{"a":"'),
      Buffer.from([0xc3, 0xff, 0xe2, 0x82]),
      bytesOf('"}]}'),
    ]);
    const oddSplit = splitBatchBody(odd)!;
    expect(credentialText(oddSplit, 0)).to.equal(odd.toString("utf8").slice(26, -2));
  });

  it("takes only the ASCII quote and brackets for structure, never a byte above 0x7f that shares their low bits", function () {
    // 0xa2, 0xdb, 0xdd, 0xfb, 0xfd: '"', '[', ']', '{', '}' plus 0x80, outside strings (not JSON: the strict parse refuses them later).
    const odd = Buffer.concat([
      bytesOf('{"verifiableCredentials":[{"a":[1'),
      Buffer.from([0xa2, 0xdb, 0xdd, 0xfb, 0xfd]),
      bytesOf('],"b":{}},{"c":2}]}'),
    ]);
    const split = splitBatchBody(odd)!;
    expect([split.starts, split.ends]).to.deep.equal([
      [26, 48],
      [47, 55],
    ]);
  });

  it("gives texts whose strict parse equals the whole body's entries", function () {
    const entries = [{ a: 1, b: 'q"]},[' }, { nested: [[{ x: null }], true, -1.5e3] }, {}];
    const split = textsOf(JSON.stringify({ verifiableCredentials: entries }))!;
    expect(split.texts.map((text) => JSON.parse(text))).to.deep.equal(entries);
    expect(textsOf('{"verifiableCredentials":[]}')).to.deep.equal({ texts: [], members: {} });
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
      expect(splitBatchBody(bytesOf(body))).to.equal(undefined);
    });
  }

  it("gives the whole body's value or error on random bodies (the route's split path against the strict parser)", function () {
    fc.assert(
      fc.property(bodyText, (text) => {
        const bytes = bytesOf(text);
        expect(throughSplit(bytes)).to.deep.equal(whole(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the whole body's value or error on hostile bodies: changed bytes, cut short, names twice, bytes not UTF-8", function () {
    fc.assert(
      fc.property(hostileBody, (bytes) => {
        expect(throughSplit(bytes)).to.deep.equal(whole(bytes));
      }),
      { numRuns: 600 },
    );
    // Nesting at the limits, in a credential and in a member.
    for (const depth of [MAX_NESTING_DEPTH - 2, MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1]) {
      for (const body of [
        `{"verifiableCredentials":[{"a":${"[".repeat(depth)}${"]".repeat(depth)}}]}`,
        `{"options":${"[".repeat(depth + 2)}${"]".repeat(depth + 2)},"verifiableCredentials":[{}]}`,
      ]) {
        expect(throughSplit(bytesOf(body)), body.slice(0, 40)).to.deep.equal(whole(bytesOf(body)));
      }
    }
  });
});
