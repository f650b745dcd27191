/**
 * The browser-safe DNS-over-HTTPS resolver against a real local HTTP server that speaks the DoH
 * JSON API the way Cloudflare (quoted strings) and Google (bare text) answer.
 */
import http from "node:http";
import { expect } from "chai";
import { DnsQueryError } from "../../../sdk/src/errors/identity";
import { createDohResolveTxt } from "../../../sdk/src/identity/createDohResolveTxt";
import { resolveIssuerIdentity } from "../../../sdk/src/identity/resolveIssuerIdentity";
import type { FetchLike } from "../../../sdk/src/identity/types";
import { listenOnFreePort } from "../../helpers/ports";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RECORD = `credanchor=v1; chain=eip155:11155111; registry=${REGISTRY}`;

describe("createDohResolveTxt", function () {
  let server: http.Server;
  let url: string;
  const asked: string[] = [];
  const answers = new Map<string, { status?: number; json?: unknown; hang?: boolean }>();

  before(async function () {
    server = http.createServer((request, response) => {
      const query = new URL(request.url ?? "/", "http://localhost").searchParams;
      asked.push(`${query.get("name")} ${query.get("type")} ${request.headers.accept}`);
      const answer = answers.get(query.get("name") ?? "") ?? { json: { Status: 3 } };
      if (answer.hang) return;
      response
        .writeHead(answer.status ?? 200, { "content-type": "application/dns-json" })
        .end(JSON.stringify(answer.json ?? {}));
    });
    url = `http://127.0.0.1:${await listenOnFreePort(server)}/dns-query`;
  });

  after(async function () {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(function () {
    asked.length = 0;
    answers.clear();
  });

  async function rejection(promise: Promise<unknown>): Promise<DnsQueryError> {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(DnsQueryError);
      return error as DnsQueryError;
    }
    throw new Error("expected a rejection");
  }

  it("reads quoted character-strings (Cloudflare) and bare text (Google)", async function () {
    answers.set("_credanchor.example.edu", {
      json: {
        Status: 0,
        Answer: [
          { name: "_credanchor.example.edu", type: 5, data: "alias.example.edu." },
          {
            name: "_credanchor.example.edu",
            type: 16,
            data: '"credanchor=v1; chain=eip155:11155111;" " registry=0x5FbDB2315678afecb367f032d93F642f64180aa3"',
          },
          { name: "_credanchor.example.edu", type: 16, data: '"say \\"hi\\" \\059"' },
        ],
      },
    });
    answers.set("example.edu", { json: { Status: 0, Answer: [{ name: "example.edu", type: 16, data: RECORD }] } });
    const resolveTxt = createDohResolveTxt({ url });
    expect(await resolveTxt("_credanchor.example.edu")).to.deep.equal([
      ["credanchor=v1; chain=eip155:11155111;", ` registry=${REGISTRY}`],
      ['say "hi" ;'],
    ]);
    expect(await resolveTxt("example.edu")).to.deep.equal([[RECORD]]);
    expect(asked[0]).to.equal("_credanchor.example.edu TXT application/dns-json");
  });

  it("rejects like node:dns: ENOTFOUND, ENODATA, ESERVFAIL, ETIMEOUT", async function () {
    // Answered queries get 10 s (a stalled worker runs a due timer before it reads the answer that came
    // meanwhile: with 300 ms, a 400 ms delay on the answers failed them); only the hanging one 300 ms.
    const resolveTxt = createDohResolveTxt({ url, timeoutMs: 10_000 });
    answers.set("nodata.example.edu", { json: { Status: 0 } });
    answers.set("servfail.example.edu", { json: { Status: 2 } });
    answers.set("http500.example.edu", { status: 500, json: {} });
    answers.set("hang.example.edu", { hang: true });
    expect((await rejection(resolveTxt("missing.example.edu"))).code).to.equal("ENOTFOUND");
    expect((await rejection(resolveTxt("nodata.example.edu"))).code).to.equal("ENODATA");
    expect((await rejection(resolveTxt("servfail.example.edu"))).code).to.equal("ESERVFAIL");
    const http500 = await rejection(resolveTxt("http500.example.edu"));
    expect(http500.code).to.equal("ESERVFAIL");
    expect(http500.hostname).to.equal("http500.example.edu");
    expect(http500.shortMessage).to.equal(`DNS TXT query for http500.example.edu failed: ${url} answered HTTP 500`);
    const hung = await rejection(createDohResolveTxt({ url, timeoutMs: 300 })("hang.example.edu"));
    expect(hung.code).to.equal("ETIMEOUT");
    expect(hung.shortMessage).to.equal(
      `DNS TXT query for hang.example.edu failed: ${url} did not answer within 300 ms`,
    );
  });

  it("lets the identity check read DNS in a browser", async function () {
    answers.set("_credanchor.example.edu", { json: { Status: 0, Answer: [{ type: 16, data: `"${RECORD}"` }] } });
    const noDidWeb: FetchLike = async () => ({ status: 404, text: async () => "" });
    const result = await resolveIssuerIdentity(
      {
        chain: "eip155:11155111",
        registry: REGISTRY,
        profileUrl: "https://example.edu",
        issuer: { url: "https://example.edu" },
      },
      { resolveTxt: createDohResolveTxt({ url }), fetch: noDidWeb, timeoutMs: 10_000 },
    );
    expect(result.status).to.equal("passed");
    expect(result.method).to.equal("dns");
    const failed = await resolveIssuerIdentity(
      { chain: "eip155:84532", registry: REGISTRY, profileUrl: "https://example.edu" },
      { resolveTxt: createDohResolveTxt({ url }), fetch: noDidWeb, timeoutMs: 10_000 },
    );
    expect(failed.code).to.equal("IDENTITY_CHAIN_MISMATCH");
  });
});
