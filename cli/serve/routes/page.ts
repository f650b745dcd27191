/** GET /*: the verifier page, served from memory (staticFiles.ts); a 404 that says why when it is missing. */
import type { FastifyInstance } from "fastify";
import { loadStaticFiles, type StaticFile } from "../staticFiles";

/**
 * Loads the page's files from `webDir` once (when given) and serves them.
 *
 * @example
 * pageRoute(app, "web/dist");
 */
export function pageRoute(app: FastifyInstance, webDir: string | undefined): void {
  let page: Map<string, StaticFile> | undefined;
  let pageProblem = "no page folder is configured (--web-dir)";
  if (webDir !== undefined) {
    try {
      page = loadStaticFiles(webDir);
      if (!page.has("/")) pageProblem = `${webDir} has no index.html (run \`npm run build:web\`)`;
    } catch (error) {
      page = undefined;
      pageProblem = `${webDir} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run \`npm run build:web\``;
    }
  }
  app.get("/*", async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url, "http://service.invalid").pathname);
    } catch {
      pathname = "";
    }
    const file = page?.get(pathname);
    if (!file) {
      const hint = !page?.has("/") ? ` The verifier page is not available: ${pageProblem}.` : "";
      return reply
        .code(404)
        .send({ code: "NOT_FOUND", message: `Nothing at GET ${pathname || "?"}.${hint}`, status: 404 });
    }
    return reply
      .header("x-content-type-options", "nosniff")
      .header("cache-control", pathname === "/" || pathname.endsWith(".html") ? "no-cache" : "public, max-age=3600")
      .type(file.type)
      .send(file.body);
  });
}
