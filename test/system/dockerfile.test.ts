/**
 * The service image's build stage (Dockerfile) copies what `npm run build` reads: the scripts the
 * build runs and the sources they build. No Docker here, so the test reads the two files; a script
 * added to `build` without its COPY would fail only in `docker build`.
 */
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../helpers/repoRoot";

/** The sources the build stage copies, from its `COPY <src>... <dest>` lines before the first `RUN npm run build`. */
function copiedBeforeBuild(dockerfile: string): string[] {
  const copied: string[] = [];
  for (const line of dockerfile.split("\n")) {
    if (/^RUN npm run build\b/.test(line)) return copied;
    const copy = /^COPY (?!--from)(.+)$/.exec(line);
    if (copy) copied.push(...copy[1].trim().split(/\s+/).slice(0, -1));
  }
  throw new Error("Dockerfile: no `RUN npm run build` line");
}

describe("Dockerfile: the build stage copies what npm run build reads", function () {
  const dockerfile = fs.readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };

  it("copies every script file that the build, prebuild and postbuild scripts run", function () {
    const commands = ["prebuild", "build", "postbuild"].map((name) => pkg.scripts[name] ?? "").join("\n");
    const scripts = [...commands.matchAll(/\bscripts\/[\w.-]+\.ts\b/g)].map((match) => match[0]);
    expect(scripts, "the build runs scripts/*.ts").to.include("scripts/bundleCli.ts");
    const copied = copiedBeforeBuild(dockerfile);
    for (const script of new Set(scripts)) expect(copied, `COPY of ${script}`).to.include(script);
  });

  it("copies the sources the build compiles and bundles (sdk, cli) and its TypeScript configurations", function () {
    const copied = copiedBeforeBuild(dockerfile);
    for (const source of ["sdk", "cli", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"]) {
      expect(copied, `COPY of ${source}`).to.include(source);
    }
  });
});
