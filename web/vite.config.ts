import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * The verifier page: `npm run web` serves it on http://127.0.0.1:5175 for development,
 * `npm run build:web` writes static files to web/dist with relative URLs (base "./"), so the folder
 * works from any path of any static file server.
 */
export default defineConfig({
  root: webRoot,
  base: "./",
  // The SDK is imported from ../sdk/src; the dev server may read it.
  server: {
    host: "127.0.0.1",
    port: 5175,
    strictPort: false,
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
  },
  preview: { host: "127.0.0.1", port: 5176 },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    reportCompressedSize: false,
  },
});
