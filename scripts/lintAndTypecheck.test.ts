import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { PARTS, createProjectProgram, parseParts, typeErrors } from "./lintAndTypecheck";

const repoEslintConfig = path.join(__dirname, "..", "eslint.config.mjs");

describe("lintAndTypecheck: the type check of npm test's shared programs", function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lint-typecheck-"));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, types: [], lib: ["ES2022"] },
        include: ["*.ts"],
      }),
    );
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports what tsc --noEmit reports: a type error with its file and code", function () {
    fs.writeFileSync(path.join(dir, "bad.ts"), 'export const n: number = "one";\n');
    const errors = typeErrors(createProjectProgram(path.join(dir, "tsconfig.json")));
    fs.rmSync(path.join(dir, "bad.ts"));
    expect(errors.map((e) => [path.basename(e.file?.fileName ?? ""), e.code])).to.deep.equal([["bad.ts", 2322]]);
  });

  it("reports syntax errors alone, before any semantic check", function () {
    fs.writeFileSync(path.join(dir, "broken.ts"), "export const n: number = ;\nexport const s: string = 1;\n");
    const errors = typeErrors(createProjectProgram(path.join(dir, "tsconfig.json")));
    fs.rmSync(path.join(dir, "broken.ts"));
    expect(errors.map((e) => e.code)).to.deep.equal([1109]);
  });

  it("finds no error in a correct project", function () {
    fs.writeFileSync(path.join(dir, "good.ts"), "export const n: number = 1;\n");
    const errors = typeErrors(createProjectProgram(path.join(dir, "tsconfig.json")));
    fs.rmSync(path.join(dir, "good.ts"));
    expect(errors).to.deep.equal([]);
  });

  it("a tsconfig that cannot be read is an error naming it", function () {
    const missing = path.join(dir, "missing.json");
    expect(() => createProjectProgram(missing)).to.throw(`lintAndTypecheck: cannot read ${missing}`);
  });

  it("the parts: all by default, the ones named, and an unknown name is an error listing the parts", function () {
    expect(parseParts([])).to.deep.equal(["root", "web"]);
    expect(parseParts(["web"])).to.deep.equal(["web"]);
    expect(() => parseParts(["wbe"])).to.throw('lintAndTypecheck: unknown part "wbe"; the parts: root, web');
  });

  it("the parts' programs are eslint.config.mjs's projects, in its order (the first program holding a file lints it)", function () {
    const config = fs.readFileSync(repoEslintConfig, "utf8");
    const projects = /project: \[([^\]]*)\]/.exec(config)?.[1];
    expect(projects, "eslint.config.mjs names its projects").to.be.a("string");
    expect(JSON.parse(`[${projects}]`)).to.deep.equal([`./${PARTS.root.tsconfig}`, `./${PARTS.web.tsconfig}`]);
    expect(PARTS.root.ignore, "the root part leaves the page's files to the page's program").to.deep.equal([
      `${PARTS.web.lint[0]}/**`,
    ]);
  });
});
