/**
 * CORS is the operator's choice: without --cors-origin the service sends no CORS headers (only its
 * own page, same origin, may call it from a browser); with it, only the listed origins.
 */
import { expect } from "chai";
import { serveConfig } from "../../../cli/serve/config";
import { buildVerificationServer } from "../../../cli/serve/createServer";

describe("serve: CORS", function () {
  const preflight = {
    method: "OPTIONS" as const,
    url: "/credentials/verify",
    headers: {
      origin: "https://hr.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  };

  it("sends no CORS headers by default", async function () {
    const { app } = buildVerificationServer(serveConfig({ chains: [] }));
    try {
      const answer = await app.inject(preflight);
      expect(answer.headers).to.not.have.property("access-control-allow-origin");
      const health = await app.inject({ method: "GET", url: "/health", headers: { origin: "https://hr.example" } });
      expect(health.headers).to.not.have.property("access-control-allow-origin");
    } finally {
      await app.close();
    }
  });

  it("allows exactly the configured origins", async function () {
    const { app } = buildVerificationServer(serveConfig({ chains: [], corsOrigins: ["https://hr.example"] }));
    try {
      const allowed = await app.inject(preflight);
      expect(allowed.statusCode).to.equal(204);
      expect(allowed.headers["access-control-allow-origin"]).to.equal("https://hr.example");
      expect(String(allowed.headers["access-control-allow-methods"])).to.include("POST");
      const other = await app.inject({
        ...preflight,
        headers: { ...preflight.headers, origin: "https://evil.example" },
      });
      expect(other.headers["access-control-allow-origin"]).to.not.equal("https://evil.example");
    } finally {
      await app.close();
    }
  });
});
