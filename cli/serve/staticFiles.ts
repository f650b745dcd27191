/**
 * The verifier page (the built web/dist folder), served from memory: the folder is read once at
 * start, so a request can only ever name one of the files found then. A URL path is looked up in
 * that table and nothing else: no path is joined onto the file system per request, so `..`,
 * encoded separators, symbolic links added later or NUL bytes cannot reach another file.
 */
import fs from "node:fs";
import path from "node:path";

export interface StaticFile {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Most bytes read from the folder (a guard against pointing the service at the wrong folder). */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/**
 * Reads every regular file under `dir` whose extension has a known type (symbolic links and hidden
 * files are skipped) into a table keyed by URL path (`/index.html`, `/assets/index-abc.js`); `/`
 * is `index.html`. Throws when `dir` is not a folder.
 *
 * @example
 * const files = loadStaticFiles("web/dist");
 * files.get("/") // { body, type: "text/html; charset=utf-8" }
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let total = 0;
  const walk = (folder: string, prefix: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const type = TYPES[path.extname(entry.name).toLowerCase()];
        if (!type) continue;
        const body = fs.readFileSync(full);
        total += body.length;
        if (total > MAX_TOTAL_BYTES) throw new Error(`${dir} holds more than 64 MiB of page files`);
        files.set(`${prefix}${entry.name}`, { body, type });
      }
    }
  };
  walk(dir, "/");
  const index = files.get("/index.html");
  if (index) files.set("/", index);
  return files;
}
