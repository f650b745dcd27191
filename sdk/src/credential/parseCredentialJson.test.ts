import { expect } from "chai";
import fc from "fast-check";
import { CredentialParseError } from "../errors/credential";
import { parseCredentialJson, parseWithoutScan, scanCredentialJson } from "./parseCredentialJson";

function parseError(text: string, file = "alice.json"): CredentialParseError {
  try {
    parseCredentialJson(text, { file });
  } catch (error) {
    expect(error).to.be.instanceOf(CredentialParseError);
    return error as CredentialParseError;
  }
  return expect.fail(`parsed: ${text}`);
}

describe("parseCredentialJson", function () {
  it("parses what JSON.parse parses, including unicode keys, numbers, empty containers and nulls", function () {
    const text = '{"é":{"":[],"x":{}},"n":null,"big":1e21,"tiny":5e-324,"neg":-0.5,"s":"\\u00e9\\n😀"}';
    expect(parseCredentialJson(text)).to.deep.equal(JSON.parse(text));
  });

  it("agrees with JSON.parse on any JSON without duplicate keys", function () {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseCredentialJson(text)).to.deep.equal(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses the first unpaired surrogate, raw or escaped, in a member name or a string, wherever it is", function () {
    const lone = (text: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
    /** The pointer and message of the first unpaired surrogate in document order (a member name before its value). */
    const firstLone = (value: unknown, path: string[] = []): { pointer: string; message: string } | undefined => {
      const pointer = (at: string[]) => at.map((t) => "/" + t.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
      const what = (match: RegExpExecArray) => `\\u${match[0].charCodeAt(0).toString(16)}`;
      if (typeof value === "string") {
        const match = lone(value);
        return match
          ? { pointer: pointer(path), message: `unpaired UTF-16 surrogate ${what(match)} in a string` }
          : undefined;
      }
      if (value === null || typeof value !== "object") return undefined;
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [key, item] of entries) {
        const match = Array.isArray(value) ? null : lone(key);
        if (match)
          return {
            pointer: pointer([...path, key]),
            message: `unpaired UTF-16 surrogate ${what(match)} in a member name`,
          };
        const inside = firstLone(item, [...path, key]);
        if (inside) return inside;
      }
      return undefined;
    };
    /** JSON text with surrogates written as they are (raw), not as \u escapes. */
    const raw = (value: unknown): string => {
      const text = (s: string) => `"${s.replace(/["\\\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1))}"`;
      if (typeof value === "string") return text(value);
      if (value === null || typeof value !== "object") return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map(raw).join(",")}]`;
      return `{${Object.entries(value)
        .map(([k, v]) => `${text(k)}: ${raw(v)}`)
        .join(", ")}}`;
    };
    const odd = fc.oneof(
      fc.string({ unit: "binary", maxLength: 5 }),
      fc.constantFrom("\ud800", "a\udc00", "😀", "\ud83d\ude00\ud83d", "é", "x"),
    );
    const valueArb = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        odd,
        fc.integer(),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(odd, tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    let refused = 0;
    fc.assert(
      fc.property(valueArb, fc.boolean(), (value, asRaw) => {
        const text = asRaw ? raw(value) : JSON.stringify(value, null, 1);
        const expected = firstLone(value);
        if (!expected) {
          expect(parseCredentialJson(text)).to.deep.equal(JSON.parse(text));
          return;
        }
        refused++;
        const error = parseError(text);
        expect(error.shortMessage).to.equal(`${expected.message} (I-JSON, RFC 7493)`);
        expect(error.location?.pointer).to.equal(expected.pointer);
      }),
      { numRuns: 1_000 },
    );
    expect(refused).to.be.greaterThan(100);
  });

  it("names file, line and column of a syntax error", function () {
    const error = parseError('{\n  "name": "Ada",\n  "score": 91,\n}\n');
    expect(error.location).to.deep.include({ file: "alice.json", line: 4, column: 1 });
    expect(error.shortMessage).to.match(/expected a member name in double quotes, found "}"/);
    expect(error.message).to.match(/^alice\.json:4:1/);
  });

  it("reports the position of common mistakes", function () {
    const cases: [string, number, number, RegExp][] = [
      ['{"a": 1 "b": 2}', 1, 9, /expected "," or "}" in an object, found/],
      ['{"a": [1 2]}', 1, 10, /expected "," or "]" in an array, found/],
      ['{"a": [1, 2}', 1, 12, /expected "," or "]" in an array, found "}"/],
      ["{'a': 1}", 1, 2, /member name in double quotes/],
      ['{"a": [1, 2,]}', 1, 13, /expected a value/],
      ['{"a": tru}', 1, 7, /unexpected/],
      ['{"a": 01}', 1, 8, /expected "," or "}"/],
      ['{"a": 1.}', 1, 9, /digit after "."/],
      ['{"a": "x\ny"}', 1, 9, /control character/],
      ['{"a": "\\x"}', 1, 8, /bad escape/],
      ['{"a": "\\u12G4"}', 1, 8, /four hex digits/],
      ['{"a": "open', 1, 7, /unterminated string/],
      ['{"a": 1}}', 1, 9, /after the end of the JSON value/],
      ["", 1, 1, /unexpected end of input/],
      ['{"a": 1e400}', 1, 7, /too large/],
      ['\n\n  {"a":\n  [1,\n   x]}', 5, 4, /expected a value/],
    ];
    for (const [text, line, column, message] of cases) {
      const error = parseError(text);
      expect(error.shortMessage, text).to.match(message);
      expect(error.location, text).to.deep.include({ line, column });
    }
  });

  it("refuses a duplicate member name, with its pointer, even when spelled with escapes", function () {
    const error = parseError('{"credentialSubject": {"name": "Ada", "n\\u0061me": "Eve"}}');
    expect(error.shortMessage).to.equal('duplicate member name "name"');
    expect(error.location).to.deep.include({ pointer: "/credentialSubject/name", line: 1, column: 39 });
    expect(parseError('[{"a":1},{"b":2,"b":3}]').location?.pointer).to.equal("/1/b");
    // the same name in two different objects is fine
    expect(parseCredentialJson('{"a":{"x":1},"b":{"x":2}}')).to.deep.equal({ a: { x: 1 }, b: { x: 2 } });
  });

  it("finds a duplicate member name in objects of any size, whichever earlier member it repeats", function () {
    for (const size of [2, 15, 16, 17, 40]) {
      const names = Array.from({ length: size }, (_, i) => `m${i}`);
      const object = (extra: string[]) => `{${[...names, ...extra].map((name, i) => `"${name}":${i}`).join(",")}}`;
      expect(parseCredentialJson(object(["other"])), `${size}`).to.deep.equal(JSON.parse(object(["other"])));
      for (const repeated of [0, size - 1, Math.floor(size / 2)]) {
        const error = parseError(object([names[repeated]]));
        expect(error.shortMessage, `${size} ${repeated}`).to.equal(`duplicate member name "m${repeated}"`);
        expect(error.location?.pointer).to.equal(`/m${repeated}`);
      }
    }
  });

  it("refuses nesting deeper than 64 levels and accepts 64", function () {
    expect(() => parseCredentialJson("[".repeat(64) + "]".repeat(64))).to.not.throw();
    const error = parseError("[".repeat(65) + "]".repeat(65));
    expect(error.shortMessage).to.equal("nesting deeper than 64 levels");
    expect(error.location).to.deep.include({ line: 1, column: 65 });
    // hostile input: a million brackets fails fast instead of overflowing the stack
    expect(parseError("[".repeat(1_000_000)).shortMessage).to.equal("nesting deeper than 64 levels");
    expect(parseError('{"a":'.repeat(100) + "1" + "}".repeat(100)).location?.pointer).to.equal("/a".repeat(64));
  });

  it("keeps a __proto__ member as data and ignores a byte order mark", function () {
    const value = parseCredentialJson('\ufeff{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).to.equal(true);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("reads an object with 100,000 members", function () {
    const members = Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(",");
    const value = parseCredentialJson(`{${members}}`) as Record<string, number>;
    expect(Object.keys(value)).to.have.length(100_000);
    expect(value.k99999).to.equal(99999);
  });

  describe("the shortcut without the scan (parseWithoutScan)", function () {
    /** The scan's value, or its error code. */
    const scanned = (text: string, maxDepth: number) => {
      try {
        return { value: scanCredentialJson(text, { maxDepth }) };
      } catch (error) {
        expect(error).to.be.instanceOf(CredentialParseError);
        return { code: (error as CredentialParseError).code };
      }
    };
    /** `text` with one of its member names written again over another of the same object. */
    const withDuplicate = (value: unknown, pick: number): string | undefined => {
      const objects: Record<string, unknown>[] = [];
      const visit = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (typeof v === "object" && v !== null) {
          if (Object.keys(v).length >= 2) objects.push(v as Record<string, unknown>);
          Object.values(v).forEach(visit);
        }
      };
      visit(value);
      if (objects.length === 0) return undefined;
      const target = objects[pick % objects.length];
      const [first, second] = Object.keys(target);
      const text = JSON.stringify(value, (_key, v: unknown) =>
        v === target ? Object.fromEntries(Object.entries(target).map(([k, x]) => [k === second ? `@@${k}` : k, x])) : v,
      );
      // A function as the replacement: a name holding "$&" or "$'" is inserted as it is.
      return text.replace(JSON.stringify(`@@${second}`), () => JSON.stringify(first));
    };

    it("returns a value only where the scan accepts the text, and the same value", function () {
      fc.assert(
        fc.property(
          fc.jsonValue({ maxDepth: 7 }),
          fc.nat(),
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom<"plain" | "duplicate" | "cut">("plain", "duplicate", "cut"),
          (value, pick, maxDepth, variant) => {
            const written = JSON.stringify(value, null, pick % 3);
            const text =
              variant === "duplicate"
                ? withDuplicate(value, pick)
                : variant === "cut"
                  ? written.slice(0, pick % (written.length + 1))
                  : written;
            if (text === undefined) return;
            const quick = parseWithoutScan(text, maxDepth);
            const reference = scanned(text, maxDepth);
            if (quick !== undefined) expect(reference).to.deep.equal({ value: quick });
            if (variant === "duplicate") expect(reference.code).to.equal("CREDENTIAL_JSON_RULE");
          },
        ),
        { numRuns: 2000 },
      );
    });

    it("takes a credential file, and leaves duplicates, escapes, numbers and deep nesting to the scan", function () {
      const credential =
        '{"@context":["https://www.w3.org/ns/credentials/v2"],"name":"A \'B\'","subject":{"id":"did:example:1"}}';
      expect(parseWithoutScan(credential)).to.deep.equal(JSON.parse(credential));
      expect(parseWithoutScan('{"a":"x","b":{"c":"y"},"a":"z"}')).to.equal(undefined);
      expect(parseWithoutScan('{"a":{"b":"x"},"a":{"b":"x"}}')).to.equal(undefined);
      expect(parseWithoutScan('{"a":"\\u0041"}')).to.equal(undefined);
      expect(parseWithoutScan('{"a":9007199254740993}')).to.equal(undefined);
      expect(parseWithoutScan('[[["x"]]]', 3)).to.deep.equal([[["x"]]]);
      expect(parseWithoutScan('[[["x"]]]', 2)).to.equal(undefined);
      expect(parseWithoutScan('{"a":"x"')).to.equal(undefined);
      expect(parseWithoutScan('{"__proto__":"x","b":"y"}')).to.deep.equal(JSON.parse('{"__proto__":"x","b":"y"}'));
    });
  });
});
