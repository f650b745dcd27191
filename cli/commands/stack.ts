/**
 * `credanchor stack check` and `credanchor stack issue`: stackable credentials (docs/SPEC.md
 * section 11). `check` verifies one learner's components against a pathway and says what is met and
 * what is missing; `issue` does that for every learner of a holders folder and writes a batch of
 * stacked credentials (CLR 2.0 ClrCredentials) for those who qualify, ready for `credanchor anchor`.
 */
import fs from "node:fs";
import path from "node:path";
import {
  checkStack,
  createDidWebKeyResolver,
  issueStack,
  type Pathway,
  readPathway,
  type StackCheckResult,
  type StackLearnerReport,
} from "../../sdk/src/node";
import { ConfigError, UsageError } from "../errors";
import { booleanFlag, stringFlag, stringsFlag, requiredFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { loadConfig } from "../lib/config";
import { readTextFile, resolvePath } from "../lib/files";
import type { Io } from "../lib/io";
import { printable, stylesFor, writeJson, type Styles, writeReport } from "../lib/output";
import { loadSigningKey } from "../lib/signingKey";
import { chainsNamedIn, verifyRpc } from "../lib/verifyRpc";
import { verifyIdentityResolver } from "../lib/identityLookup";
import { stackSpec as spec } from "../specs/stack";

export type StackAction = "check" | "issue";

export interface StackOptions {
  action: StackAction;
  /** The pathway file (`--pathway`). */
  pathway: string;
  /** `check`: the component credential files. */
  files: string[];
  /** `check`: the learner's e-mail address, checked against each component's hashed identity. */
  email?: string;
  /** `check`: the learner's DID or URL. */
  id?: string;
  /** `issue`: the holders folder. */
  holders?: string;
  /** `issue`: the batch directory to write. */
  out?: string;
  /** `issue`: do not sign even when a signing key is configured. */
  noSign?: boolean;
  network?: string;
  rpc?: string[];
  config?: string;
  json?: boolean;
}

/** `--json` of `stack check` (docs/CLI.md). */
export interface StackCheckJson {
  pathway: string;
  qualifies: boolean;
  summary: string;
  missing: string[];
  credits?: { earned: number; required: number };
  learner: StackCheckResult["learner"];
  components: Array<{
    file: string;
    status: string;
    achievement?: string;
    issuer?: string;
    registry?: string;
    meets?: string;
    learner: string;
    reason?: string;
  }>;
}

/** `--json` of `stack issue` (docs/CLI.md). */
export interface StackIssueJson {
  pathway: string;
  outDir: string | null;
  root: string | null;
  issued: number;
  refused: number;
  learners: Array<{ learner: string; qualifies: boolean; summary: string; leafIndex?: number; missing: string[] }>;
}

const ACTIONS: readonly string[] = ["check", "issue"];

const required = (value: string | undefined, flag: string, what: string) =>
  requiredFlag(value, flag, what, `give --${flag}; see credanchor stack --help`);

const MARK: Record<string, (s: Styles) => string> = {
  valid: (s) => s.green("✔"),
  invalid: (s) => s.red("✘"),
  error: (s) => s.yellow("?"),
};

function checkLines(result: StackCheckResult, pathway: Pathway, style: Styles): string[] {
  const lines = [style.bold(printable(pathway.name ?? pathway.achievement.name))];
  for (const c of result.components) {
    const mark = c.learner === "mismatch" ? style.red("✘") : (MARK[c.result.status] ?? MARK.error)(style);
    const what = printable(c.facts.achievementName ?? c.facts.achievementId ?? "(no achievement)");
    const tail =
      c.learner === "mismatch"
        ? style.red("names another learner")
        : c.meets !== undefined
          ? `meets "${printable(c.meets)}"`
          : c.result.status !== "valid"
            ? printable(c.result.summary)
            : style.dim("not part of the pathway");
    lines.push(`  ${mark} ${printable(c.file)}  ${what} · ${tail}`);
  }
  for (const problem of result.learner.problems) lines.push(`  ${style.yellow("!")} ${printable(problem)}`);
  lines.push(
    result.qualifies
      ? style.green(`✔ qualifies: ${printable(result.evaluation.summary)}`)
      : style.red(`✘ does not qualify: ${printable(result.summary)}`),
  );
  return lines;
}

/**
 * Runs `stack check` or `stack issue`.
 *
 * @example
 * const exitCode = await stack({ action: "check", pathway: "p.json", files: ["m1.json"], email: "a@example.org" }, io);
 */
export async function stack(options: StackOptions, io: Io): Promise<number> {
  const pathwayFile = resolvePath(io, options.pathway);
  const access = verifyRpc(io, { network: options.network, rpc: options.rpc, config: options.config });
  const identityResolver = verifyIdentityResolver({});
  const keys = io.didDocuments ? { signatureKeyResolver: createDidWebKeyResolver({ documents: io.didDocuments }) } : {};
  const style = stylesFor(io.stdout, io.env);

  if (options.action === "check") {
    const pathway = readPathway(pathwayFile);
    const texts = options.files.map((file) => readTextFile(io, file, "component credential"));
    const result = await checkStack({
      pathway,
      components: texts,
      files: options.files,
      learner: { ...(options.email ? { email: options.email } : {}), ...(options.id ? { id: options.id } : {}) },
      rpc: access.rpcFor(chainsNamedIn(texts)),
      identityResolver,
      ...keys,
    });
    if (options.json) {
      writeJson(io, {
        pathway: options.pathway,
        qualifies: result.qualifies,
        summary: result.summary,
        missing: result.evaluation.missing,
        ...(result.evaluation.credits ? { credits: result.evaluation.credits } : {}),
        learner: result.learner,
        components: result.components.map((c) => ({
          file: c.file,
          status: c.result.status,
          ...(c.facts.achievementName !== undefined ? { achievement: c.facts.achievementName } : {}),
          ...(c.facts.issuerId !== undefined ? { issuer: c.facts.issuerId } : {}),
          ...(c.facts.registry !== undefined ? { registry: c.facts.registry } : {}),
          ...(c.meets !== undefined ? { meets: c.meets } : {}),
          learner: c.learner,
          ...(c.result.status !== "valid" ? { reason: c.result.summary } : {}),
        })),
      } satisfies StackCheckJson);
    } else {
      io.stdout.write(`${checkLines(result, pathway, style).join("\n")}\n`);
      for (const [chain, fix] of access.missing())
        io.stdout.write(style.yellow(`! no RPC endpoint for ${chain}: ${fix}\n`));
    }
    return result.qualifies ? 0 : 1;
  }

  const holders = resolvePath(io, required(options.holders, "holders", "DIR (one subfolder per learner)"));
  const out = resolvePath(io, required(options.out, "out", "BATCH (the directory to write)"));
  const pathway = readPathway(pathwayFile);
  let signing: Awaited<ReturnType<typeof loadSigningKey>>;
  if (!options.noSign) {
    const loaded = loadConfig(io, options.config);
    signing = await loadSigningKey(io, loaded);
    if (signing && pathway.issuer.id !== loaded.config.issuer.id) {
      throw new ConfigError(
        `the pathway's issuer.id is ${JSON.stringify(pathway.issuer.id)}, but the configured issuer (and signing key) is ${loaded.config.issuer.id}`,
        {
          location: { file: options.pathway, pointer: "/issuer/id" },
          fix: `set issuer.id to "${loaded.config.issuer.id}" in the pathway, or pass --no-sign`,
        },
      );
    }
  }
  const chains = chainsNamedIn(collectTexts(holders));
  const result = await issueStack({
    pathway: pathwayFile,
    holders,
    outDir: out,
    rpc: access.rpcFor(chains),
    identityResolver,
    ...keys,
    ...(signing ? { signingKey: signing.key, verificationMethod: signing.verificationMethod } : {}),
  });
  const issued = result.learners.filter((l) => l.qualifies).length;
  return writeReport(
    io,
    options.json,
    {
      pathway: options.pathway,
      outDir: result.outDir ? options.out! : null,
      root: result.manifest?.root ?? null,
      issued,
      refused: result.learners.length - issued,
      learners: result.learners.map((l: StackLearnerReport) => ({
        learner: l.learner,
        qualifies: l.qualifies,
        summary: l.summary,
        ...(l.leafIndex !== undefined ? { leafIndex: l.leafIndex } : {}),
        missing: l.check.evaluation.missing,
      })),
    } satisfies StackIssueJson,
    () => {
      const lines: string[] = [];
      for (const l of result.learners) {
        lines.push(
          l.qualifies
            ? `${style.green("✔ issued ")} ${printable(l.learner)}  ${printable(l.summary)}`
            : `${style.red("✘ refused")} ${printable(l.learner)}  ${printable(l.summary)}`,
        );
      }
      if (result.manifest) {
        lines.push(
          "",
          `wrote ${options.out}: ${issued} stacked credential${issued === 1 ? "" : "s"} (ClrCredential), root ${result.manifest.root}`,
          `  signed       ${signing ? `by ${signing.verificationMethod} (eddsa-rdfc-2022)` : "no"}`,
          `  report       ${path.join(options.out!, "stack-report.json")}`,
          `  next         credanchor anchor ${options.out}`,
        );
      } else {
        lines.push("", style.red("nobody qualifies: nothing was written"));
      }
      return lines;
    },
    issued > 0 ? 0 : 1,
  );
}

/** Every *.json text under the holders folder (one level of subfolders), to find the chains they name. */
function collectTexts(dir: string): string[] {
  const texts: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return; // issueStack reports an unreadable folder with its own message
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && depth < 2) walk(full, depth + 1);
      else if (e.isFile() && e.name.endsWith(".json")) {
        try {
          texts.push(fs.readFileSync(full, "utf8"));
        } catch {
          // reported by issueStack
        }
      }
    }
  };
  walk(dir, 0);
  return texts;
}

export const stackCommand = defineCommand<StackOptions>({
  spec,
  options: (args) => {
    const [action, ...files] = args.positionals;
    if (!ACTIONS.includes(action)) {
      throw new UsageError(`unknown stack action '${action}'`, {
        fix: "use `credanchor stack check --pathway P.json FILE...` or `credanchor stack issue --pathway P.json --holders DIR --out BATCH`",
      });
    }
    if (action === "check" && files.length === 0) {
      throw new UsageError("stack check needs the component credential FILEs", {
        fix: "credanchor stack check --pathway P.json m1.json m2.json ...",
      });
    }
    if (action === "issue" && files.length > 0) {
      throw new UsageError("stack issue takes no FILE arguments", {
        fix: "give the learners' folder with --holders DIR",
      });
    }
    return {
      action: action as StackAction,
      pathway: required(stringFlag(args, "pathway"), "pathway", "P.json"),
      files,
      email: stringFlag(args, "email"),
      id: stringFlag(args, "id"),
      holders: stringFlag(args, "holders"),
      out: stringFlag(args, "out"),
      noSign: booleanFlag(args, "no-sign"),
      network: stringFlag(args, "network"),
      rpc: stringsFlag(args, "rpc"),
      config: stringFlag(args, "config"),
      json: booleanFlag(args, "json"),
    };
  },
  run: stack,
});
