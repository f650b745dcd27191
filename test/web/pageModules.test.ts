/**
 * The verifier page's DOM-free modules (web/src), in Node: RPC and identity settings, the link
 * fragment, what is said about hidden fields, and how the badge is read from untrusted JSON.
 */
import { expect } from "chai";
import { encodeCredentialFragment, readCredentialFragment } from "../../web/src/credentialLink";
import { describeRedactions, resolvePointer } from "../../web/src/describeRedactions";
import { loadIdentitySettings, parseDohParam, saveIdentitySettings } from "../../web/src/identitySettings";
import { readBadge } from "../../web/src/readBadge";
import {
  defaultRpcTable,
  loadSavedRpcTable,
  parseRpcParams,
  rpcUrlsFor,
  saveRpcTable,
  STORAGE_KEY,
} from "../../web/src/rpcSettings";
import { badgeCaveat, verdictReason } from "../../web/src/renderVerdict";
import type { CheckResult } from "../../web/src/types";

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

describe("verifier page modules", function () {
  describe("parseRpcParams", function () {
    it("reads chain=url pairs (decimal or CAIP-2), bare URLs, and repeats as a failover list", function () {
      const search =
        "?rpc=" +
        encodeURIComponent("31337=http://127.0.0.1:8545/") +
        "&rpc=" +
        encodeURIComponent("eip155:11155111=https://a.example/rpc") +
        "&rpc=" +
        encodeURIComponent("11155111=https://b.example") +
        "&rpc=" +
        encodeURIComponent("https://any.example");
      expect(parseRpcParams(search)).to.deep.equal({
        byChain: { 31337: ["http://127.0.0.1:8545"], 11155111: ["https://a.example/rpc", "https://b.example"] },
        anyChain: ["https://any.example"],
        rejected: [],
      });
    });

    it("rejects what is not an http(s)/ws(s) URL, naming it", function () {
      expect(parseRpcParams("?rpc=ftp://x&rpc=31337%3Dnope&rpc=javascript:alert(1)").rejected).to.deep.equal([
        "ftp://x",
        "31337=nope",
        "javascript:alert(1)",
      ]);
    });
  });

  describe("rpcUrlsFor", function () {
    it("prefers the link's URLs, then saved ones, then the defaults", function () {
      const none = { byChain: {}, anyChain: [], rejected: [] };
      expect(rpcUrlsFor(31337, {}, none)).to.deep.equal(["http://127.0.0.1:8545"]);
      expect(rpcUrlsFor(31337, { 31337: ["http://saved"] }, none)).to.deep.equal(["http://saved"]);
      expect(
        rpcUrlsFor(
          31337,
          { 31337: ["http://saved"] },
          { byChain: { 31337: ["http://a"] }, anyChain: ["http://b"], rejected: [] },
        ),
      ).to.deep.equal(["http://a", "http://b"]);
      expect(rpcUrlsFor(424242, {}, none)).to.deep.equal([]);
    });

    it("has a default for the local chain and every supported testnet and mainnet", function () {
      expect(
        Object.keys(defaultRpcTable())
          .map(Number)
          .sort((a, b) => a - b),
      ).to.deep.equal([1, 10, 137, 8453, 31337, 42161, 80002, 84532, 421614, 11155111, 11155420]);
    });
  });

  describe("saved RPC settings", function () {
    it("stores only the chains that differ from the defaults, and reads them back", function () {
      const storage = new MemoryStorage();
      saveRpcTable(storage, { ...defaultRpcTable(), 31337: ["http://127.0.0.1:9999"], 8453: ["https://base.example"] });
      expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).to.deep.equal({
        31337: ["http://127.0.0.1:9999"],
        8453: ["https://base.example"],
      });
      expect(loadSavedRpcTable(storage)).to.deep.equal({
        31337: ["http://127.0.0.1:9999"],
        8453: ["https://base.example"],
      });
      saveRpcTable(storage, defaultRpcTable());
      expect(storage.getItem(STORAGE_KEY)).to.equal(null);
    });

    it("ignores unreadable or hostile stored values", function () {
      const storage = new MemoryStorage();
      storage.setItem(STORAGE_KEY, "{not json");
      expect(loadSavedRpcTable(storage)).to.deep.equal({});
      storage.setItem(STORAGE_KEY, JSON.stringify({ x: ["http://a"], 1: "http://b", 5: ["javascript:1", "http://c"] }));
      expect(loadSavedRpcTable(storage)).to.deep.equal({ 5: ["http://c"] });
    });
  });

  describe("identity settings", function () {
    it("reads ?doh= as a URL (https, or http on loopback) or off", function () {
      expect(parseDohParam("?doh=off")).to.equal("off");
      expect(parseDohParam("?doh=" + encodeURIComponent("https://dns.example/dns-query"))).to.equal(
        "https://dns.example/dns-query",
      );
      expect(parseDohParam("?doh=" + encodeURIComponent("http://127.0.0.1:5353/dns-query"))).to.equal(
        "http://127.0.0.1:5353/dns-query",
      );
      expect(parseDohParam("?doh=" + encodeURIComponent("http://dns.example/dns-query"))).to.equal(undefined);
      expect(parseDohParam("")).to.equal(undefined);
    });

    it("defaults to Cloudflare's DNS-over-HTTPS and saves only a change", function () {
      const storage = new MemoryStorage();
      expect(loadIdentitySettings(storage)).to.deep.equal({ doh: "https://cloudflare-dns.com/dns-query" });
      saveIdentitySettings(storage, { doh: "off" });
      expect(loadIdentitySettings(storage)).to.deep.equal({ doh: "off" });
      saveIdentitySettings(storage, { doh: "https://cloudflare-dns.com/dns-query" });
      expect(storage.items.size).to.equal(0);
    });
  });

  describe("the link fragment", function () {
    it("round-trips any UTF-8 text through base64url", function () {
      const text = JSON.stringify({ name: "Zoë Ünïcode 名前 🎓", long: "x".repeat(100_000) });
      const fragment = encodeCredentialFragment(text);
      expect(fragment).to.match(/^credential=[A-Za-z0-9_-]+$/);
      expect(readCredentialFragment(`#${fragment}`)).to.deep.equal({ kind: "text", text });
      expect(Buffer.from(fragment.slice("credential=".length), "base64url").toString("utf8")).to.equal(text);
    });

    it("says when the fragment is absent or unreadable", function () {
      expect(readCredentialFragment("")).to.deep.equal({ kind: "none" });
      expect(readCredentialFragment("#other=1")).to.deep.equal({ kind: "none" });
      expect(readCredentialFragment("#credential=a*b").kind).to.equal("unreadable");
      // 0xff 0xfe is not UTF-8.
      expect(readCredentialFragment("#credential=__4").kind).to.equal("unreadable");
    });
  });

  describe("describeRedactions", function () {
    const subject = (extra: object) => ({ credentialSubject: { type: ["AchievementSubject"], ...extra } });
    const hashes = (n: number) => Array.from({ length: n }, (_, i) => `0x${String(i).padStart(64, "0")}`);

    it("says nothing when nothing is hidden", function () {
      expect(describeRedactions(subject({}), { redactedHashes: [], salts: {} })).to.deep.equal({
        count: 0,
        places: [],
      });
    });

    it("names the recipient's name and identifier when they are missing", function () {
      const summary = describeRedactions(subject({ achievement: {} }), { redactedHashes: hashes(5), salts: {} });
      expect(summary.count).to.equal(5);
      expect(summary.places.map((p) => p.pointer)).to.deep.equal([
        "/credentialSubject/name",
        "/credentialSubject/identifier",
      ]);
      const withName = describeRedactions(subject({ name: "Ada", id: "did:example:ada" }), {
        redactedHashes: hashes(1),
        salts: {},
      });
      expect(withName.places).to.deep.equal([]);
    });

    it("names a member missing from one array element that every other element has", function () {
      const credential = {
        ...subject({ name: "Ada", id: "did:x" }),
        evidence: [{ name: "a", narrative: "n" }, { name: "b" }, { name: "c", narrative: "n" }],
      };
      const summary = describeRedactions(credential, { redactedHashes: hashes(1), salts: {} });
      expect(summary.places).to.deep.equal([
        { section: "Evidence", pointer: "/evidence/1/narrative", label: "probably narrative of item 2" },
      ]);
    });

    it("resolves RFC 6901 pointers with escapes", function () {
      expect(resolvePointer({ "a/b": { "c~d": [1, 2] } }, "/a~1b/c~0d/1")).to.equal(2);
      expect(resolvePointer({ a: [1] }, "/a/01")).to.equal(undefined);
      expect(resolvePointer({ a: 1 }, "/constructor")).to.equal(undefined);
    });
  });

  describe("readBadge", function () {
    it("reads the fields the page shows, and ignores values of the wrong type", function () {
      const badge = readBadge({
        issuer: "https://issuer.example",
        validFrom: "2026-01-01T00:00:00Z",
        credentialSubject: {
          identifier: [
            { type: "IdentityObject", identityType: "emailAddress", hashed: true, identityHash: "sha256$00" },
          ],
          result: [{ value: "92", status: "Completed" }],
          achievement: { name: 42, description: "D", criteria: { narrative: "N" }, alignment: "nope", image: "data:x" },
        },
        evidence: [{ id: "https://e.example", name: "E" }, "junk"],
      });
      expect(badge.name).to.equal(undefined);
      expect(badge.description).to.equal("D");
      expect(badge.criteria).to.deep.equal({ narrative: "N", url: undefined });
      expect(badge.issuer).to.deep.equal({ id: "https://issuer.example" });
      expect(badge.recipient.identity).to.deep.equal({ identityType: "email address", hashed: true, value: undefined });
      expect(badge.result).to.equal("92 · Completed");
      expect(badge.alignment).to.deep.equal([]);
      expect(badge.evidence).to.deep.equal([
        { name: "E", url: "https://e.example", description: undefined, narrative: undefined, genre: undefined },
      ]);
      expect(readBadge(null).recipient).to.deep.equal({ name: undefined, id: undefined, identity: undefined });
    });
  });

  describe("verdict wording", function () {
    const check = (name: CheckResult["check"], status: CheckResult["status"], message = "m"): CheckResult => ({
      check: name,
      status,
      code: "X",
      message,
    });

    it("gives the first failed check as the reason, and a caveat fitting what failed", function () {
      const revoked = {
        status: "invalid" as const,
        checks: [check("integrity", "passed"), check("revocation", "failed", "Revoked.")],
      };
      expect(verdictReason(revoked)).to.equal("Not revoked: Revoked.");
      expect(badgeCaveat(revoked)).to.equal(
        "The details below were issued, but the issuer has revoked this credential.",
      );
      const tampered = {
        status: "invalid" as const,
        checks: [check("integrity", "failed"), check("revocation", "skipped")],
      };
      expect(badgeCaveat(tampered)).to.match(/^Do not rely on the details below/);
    });

    it("keeps the reason to one line when a check's message is long", function () {
      const outcome = { status: "error" as const, checks: [check("issuer", "error", "x".repeat(300))] };
      expect(verdictReason(outcome)).to.equal("Issuer identity: could not be checked. The checks below say why.");
      expect(badgeCaveat(outcome)).to.match(/could not be confirmed/);
      expect(badgeCaveat({ status: "valid", checks: [] })).to.equal(undefined);
    });
  });
});
