/**
 * Test helper, loaded into the BUILT CLI with `NODE_OPTIONS=--require <this file>`: answers the one
 * did:web URL named by CREDANCHOR_TEST_DID_URL with the file CREDANCHOR_TEST_DID_FILE (HTTP 200,
 * application/did+json), as the issuer's web server would; every other request goes to the real fetch.
 * Only the network is replaced: the CLI's own did:web resolution, cache and key check run unchanged.
 */
"use strict";
const fs = require("node:fs");

const url = process.env.CREDANCHOR_TEST_DID_URL;
const file = process.env.CREDANCHOR_TEST_DID_FILE;
const realFetch = globalThis.fetch;
if (url && file) {
  globalThis.fetch = async (input, init) => {
    const requested = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (requested !== url) return realFetch(input, init);
    return new Response(fs.readFileSync(file, "utf8"), {
      status: 200,
      headers: { "content-type": "application/did+json" },
    });
  };
}
