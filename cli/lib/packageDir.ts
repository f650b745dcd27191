/**
 * The credanchor package this CLI runs from, found by walking up from this module's folder to the
 * first package.json named "credanchor": from the sources (cli/lib/), the bundled executable
 * (dist/cli/index.js, scripts/bundleCli.ts) and an installed package alike, where no fixed number of
 * levels fits all three. Its version is `--version`'s; its web/dist is the page `publish` and `serve`
 * use.
 */
import fs from "node:fs";
import path from "node:path";

export interface PackageDir {
  /** The folder holding the package's package.json. */
  dir: string;
  /** package.json's `version`. */
  version: string;
}

let found: PackageDir | null | undefined;

/**
 * The package's folder and version, or undefined when no credanchor package.json is found above.
 *
 * @example
 * const page = path.join(packageDir()?.dir ?? ".", "web", "dist");
 */
export function packageDir(): PackageDir | undefined {
  if (found === undefined) found = lookUp(__dirname) ?? null;
  return found ?? undefined;
}

function lookUp(start: string): PackageDir | undefined {
  for (let dir = start, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    try {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "credanchor") return { dir, version: typeof pkg.version === "string" ? pkg.version : "" };
    } catch {
      // not ours (or unreadable); keep looking
    }
  }
  return undefined;
}
