/**
 * Flags and help text. Every command declares its flags once (a `CommandSpec`); parsing uses
 * node:util's parseArgs in strict mode, and `--help` is generated from the same declaration.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../errors";

export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** May be given more than once (`--rpc A --rpc B`). */
  multiple?: boolean;
  /** Shown in help: `--out DIR`. */
  valueName?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** `credanchor issue --template T.json --recipients R.csv --out DIR` */
  usage: string;
  /** A paragraph under the usage line. */
  description?: string;
  /** How many positional arguments: at least `min`, at most `max` (Infinity for many). */
  positionals: { min: number; max: number; name: string };
  flags: Record<string, FlagSpec>;
  /** Commands lines that work as written, with a comment each. */
  examples: Array<{ command: string; comment: string }>;
  /** Extra lines at the end of help: exit codes, JSON shape. */
  notes?: string[];
}

/** What parseArgs returns, narrowed to what commands read. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Flags every command takes. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  help: { type: "boolean", short: "h", description: "show this help" },
  debug: { type: "boolean", description: "print stack traces and error details" },
};

/** `--json`, for commands that report. */
export const JSON_FLAG: Record<string, FlagSpec> = {
  json: { type: "boolean", description: "print one JSON document on stdout (shapes: docs/CLI.md); no progress bar" },
};

/** `--config`, for commands that read credanchor.config.json. */
export const CONFIG_FLAG: Record<string, FlagSpec> = {
  config: { type: "string", valueName: "FILE", description: "config file (default ./credanchor.config.json)" },
};

/** `--linkedin-org`, for the commands that build an "Add to LinkedIn" link. */
export const LINKEDIN_ORG_FLAG: Record<string, FlagSpec> = {
  "linkedin-org": {
    type: "string",
    valueName: "ID",
    description: "the issuer's LinkedIn organization id (default: config issuer.linkedInOrganizationId)",
  },
};

/** The flags of every command that can export for a Safe. */
export const SAFE_FLAGS: Record<string, FlagSpec> = {
  safe: {
    type: "string",
    valueName: "ADDRESS",
    description:
      "do not send: write the transaction(s) for this Safe multisig to execute (it needs the role), with --export",
  },
  export: {
    type: "string",
    valueName: "FILE",
    description: "with --safe: the Safe Transaction Builder batch file (JSON) to write",
  },
};

/** Flags of every command that talks to a chain. */
export const CHAIN_FLAGS: Record<string, FlagSpec> = {
  network: {
    type: "string",
    valueName: "NAME",
    description:
      "localhost; a testnet (sepolia, baseSepolia, opSepolia, arbitrumSepolia, polygonAmoy); a mainnet (ethereum, base, optimism, arbitrum, polygon); or one from the config",
  },
  rpc: { type: "string", multiple: true, valueName: "URL", description: "JSON-RPC endpoint; repeat for failover" },
  ...CONFIG_FLAG,
};

/** `--confirmations K`, for every command that sends a transaction and waits for it. */
export const CONFIRMATIONS_FLAG: Record<string, FlagSpec> = {
  confirmations: { type: "string", valueName: "K", description: "blocks to wait for (default: per network)" },
};

/** `--registry`, for commands that may not learn the registry from a file. */
export const REGISTRY_FLAG: Record<string, FlagSpec> = {
  registry: {
    type: "string",
    valueName: "ADDR",
    description: "registry address (default: from deployments/<network>.json)",
  },
};

/** Flags of every command that signs. */
export const KEY_FLAGS: Record<string, FlagSpec> = {
  "signer-rpc": {
    type: "string",
    valueName: "URL",
    description:
      "sign with an external JSON-RPC signer (Web3Signer, Frame, a wallet): credanchor holds no key and reads none",
  },
  from: {
    type: "string",
    valueName: "ADDR",
    description: "with --signer-rpc: the signer's account (default its first)",
  },
  "signer-method": {
    type: "string",
    valueName: "M",
    description:
      "with --signer-rpc: sign (eth_signTransaction, broadcast here), send (eth_sendTransaction) or auto (default)",
  },
  keystore: {
    type: "string",
    valueName: "FILE",
    description:
      "encrypted JSON keystore (password: CREDANCHOR_KEYSTORE_PASSWORD or a prompt); default: CREDANCHOR_PRIVATE_KEY",
  },
};

/**
 * Parses `argv` against `spec` (strict: unknown flags and missing values are usage errors). An
 * argument that reads as an option but is the name of an existing file or folder (relative to `cwd`)
 * is refused: a file named `--rpc=http:HOST#.json` in a folder would otherwise turn
 * `credanchor verify *.json` into a run against that endpoint. After `--` every argument is a
 * positional.
 *
 * @example
 * const { values, positionals } = parseCommandArgs(spec, ["DIR", "--network", "localhost"]);
 */
export function parseCommandArgs(spec: CommandSpec, argv: string[], cwd: string = process.cwd()): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...spec.flags, ...COMMON_FLAGS }).map(([name, flag]) => [
      name,
      { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ParsedArgs & { tokens?: Array<{ kind: string; index: number }> };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(cleanParseError(error), { fix: `run \`credanchor ${spec.name} --help\`` });
  }
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const arg = argv[token.index];
    if (namesExistingPath(cwd, arg)) {
      throw new UsageError(`'${arg}' is the name of a file, not an option`, {
        fix: `put -- before file names (credanchor ${spec.name} -- *.json), or write them as ./*.json`,
      });
    }
  }
  delete parsed.tokens;
  if (parsed.values.help === true) return parsed;
  const count = parsed.positionals.length;
  if (count < spec.positionals.min) {
    throw new UsageError(`missing ${spec.positionals.name}`, {
      fix: `usage: ${spec.usage} (see \`credanchor ${spec.name} --help\`)`,
    });
  }
  if (count > spec.positionals.max) {
    const extra = parsed.positionals[spec.positionals.max];
    throw new UsageError(
      spec.positionals.max === 0 ? `unexpected argument '${extra}'` : `too many arguments: '${extra}' and after`,
      { fix: `usage: ${spec.usage}` },
    );
  }
  return parsed;
}

function namesExistingPath(cwd: string, arg: string): boolean {
  try {
    return fs.existsSync(path.resolve(cwd, arg));
  } catch {
    return false;
  }
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // "Unknown option '--nope'. To specify a positional argument starting with a '-', place it at the end..."
  const first = message.split(". ")[0].replace(/\.$/, "");
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/**
 * `value`, the value of a required flag `--name`; absent or empty: a UsageError "missing --name WHAT"
 * with `fix` (given a command's spec: "usage: " and its usage line).
 *
 * @example
 * requiredFlag(stringFlag(args, "out"), "out", "DIR", "usage: credanchor issue ... --out DIR")
 * requiredFlag(stringFlag(args, "out"), "out", "SITE", spec) // fix: `usage: ${spec.usage}`
 */
export function requiredFlag(value: string | undefined, name: string, what: string, fix: string | CommandSpec): string {
  if (value === undefined || value === "") {
    throw new UsageError(`missing --${name} ${what}`, { fix: typeof fix === "string" ? fix : `usage: ${fix.usage}` });
  }
  return value;
}

/** The value of a string flag, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** The values of a repeatable string flag (empty when absent). */
export function stringsFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** A boolean flag. */
export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A non-negative integer flag such as `--confirmations 3`. */
export function integerFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, not '${value}'`);
  return Number(value);
}

/** The help text of one command; `summary` is the command's line in the table of commands. */
export function formatCommandHelp(spec: CommandSpec, summary: string): string {
  const flags = { ...spec.flags, ...COMMON_FLAGS };
  const rows = Object.entries(flags).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : "    ";
    const value = flag.type === "string" ? ` ${flag.valueName ?? "VALUE"}` : "";
    const repeat = flag.multiple ? " ..." : "";
    return [`  ${short}--${name}${value}${repeat}`, flag.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = [`credanchor ${spec.name} — ${summary}`, "", `Usage: ${spec.usage}`];
  if (spec.description) lines.push("", ...wrap(spec.description, 96));
  lines.push("", "Options:", ...rows.map(([left, right]) => `${left.padEnd(width)}${right}`));
  lines.push("", "Examples:");
  for (const example of spec.examples) lines.push(`  # ${example.comment}`, `  ${example.command}`);
  if (spec.notes && spec.notes.length > 0) lines.push("", ...spec.notes);
  return `${lines.join("\n")}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
