/** `credanchor disclose`: selective disclosure — hide fields of a credential; the proof still verifies. */
import path from "node:path";
import {
  describeRedactions,
  discloseCredential,
  findProofEntry,
  hiddenFieldsLine,
  isEddsaRdfc2022Proof,
  type JsonValue,
  parsePointer,
  redactablePointers,
} from "../../sdk/src/node";
import { UsageError } from "../errors";
import { booleanFlag, stringFlag, stringsFlag } from "../lib/args";
import { defineCommand } from "../lib/command";
import { readCredentialFile, withFile, writeFileAtomic } from "../lib/files";
import type { Io } from "../lib/io";
import { plural, printable, writeReport } from "../lib/output";
import { discloseSpec as spec } from "../specs/disclose";

export interface DiscloseOptions {
  file: string;
  /** JSON pointers of the fields to hide. */
  hide: string[];
  /** Where to write the shared copy. */
  out?: string;
  /** List the fields that can be hidden instead of writing anything. */
  list?: boolean;
  /** Replace `out` if it exists. */
  force?: boolean;
  json?: boolean;
}

/** `--json` shape of `disclose` (docs/CLI.md). */
export interface DiscloseJson {
  file: string;
  out: string;
  hidden: string[];
  /**
   * Fields hidden in the copy: its `redactedHashes` (one per hidden value, so a pointer to an object
   * counts each value inside it). The number `verify` and the page report for the copy.
   */
  hiddenFields: number;
  /** The issuer's signature was in the original and is not in the copy (it cannot survive a hidden field). */
  signatureRemoved: boolean;
}

/** `--json` shape of `disclose --list`. */
export interface DiscloseListJson {
  file: string;
  fields: Array<{ pointer: string; value: JsonValue }>;
}

/**
 * Writes the disclosed copy (or lists what can be hidden).
 *
 * @example
 * await disclose({ file: "badge.json", hide: ["/credentialSubject/result"], out: "shared.json" }, io);
 */
export async function disclose(options: DiscloseOptions, io: Io): Promise<number> {
  const credential = readCredentialFile(io, options.file);
  if (options.list) {
    const fields = withFile(options.file, () => redactablePointers(credential as object)).map((pointer) => ({
      pointer,
      value: valueAt(credential, pointer),
    }));
    const width = Math.min(48, Math.max(...fields.map((f) => f.pointer.length))) + 2;
    return writeReport(io, options.json, { file: options.file, fields } satisfies DiscloseListJson, () => [
      `Fields of ${options.file} that can be hidden (with --hide POINTER):`,
      ...fields.map((f) => `  ${printable(f.pointer).padEnd(width)}${printable(preview(f.value))}`),
    ]);
  }
  if (options.hide.length === 0) {
    throw new UsageError("nothing to hide", {
      fix: `give --hide POINTER (see \`credanchor disclose ${options.file} --list\`)`,
    });
  }
  if (!options.out) throw new UsageError("missing --out FILE", { fix: "name the file to write the shared copy to" });
  if (path.resolve(io.cwd, options.out) === path.resolve(io.cwd, options.file)) {
    throw new UsageError("--out is the input file", {
      fix: "write the shared copy to another file; keep the original",
    });
  }
  const shared = withFile(options.file, () => discloseCredential(credential as object, options.hide));
  const proofs = (value: unknown) => {
    const proof = (value as { proof?: unknown }).proof;
    return proof === undefined ? [] : Array.isArray(proof) ? proof : [proof];
  };
  const signatureRemoved = proofs(credential).some(isEddsaRdfc2022Proof) && !proofs(shared).some(isEddsaRdfc2022Proof);
  const redactions = describeRedactions(shared, findProofEntry(shared));
  const before = describeRedactions(credential, findProofEntry(credential)).count;
  writeFileAtomic(io, options.out, `${JSON.stringify(shared, null, 2)}\n`, { overwrite: options.force });

  return writeReport(
    io,
    options.json,
    {
      file: options.file,
      out: options.out,
      hidden: options.hide,
      hiddenFields: redactions.count,
      signatureRemoved,
    } satisfies DiscloseJson,
    (style) => [
      `${style.green("✔")} wrote ${options.out}: ${plural(redactions.count, "field")} hidden${before > 0 ? ` (${before} already before)` : ""}, at ${plural(options.hide.length, "pointer")}:`,
      ...options.hide.map((pointer) => `  - ${pointer}`),
      `  ${hiddenFieldsLine(redactions) ?? ""}`,
      ...(signatureRemoved
        ? [
            "  The issuer's signature was removed: it cannot survive a hidden field. The anchor proof still proves every visible value.",
          ]
        : []),
      `  The proof still holds: \`credanchor verify ${options.out}\`.`,
    ],
  );
}

function valueAt(document: JsonValue, pointer: string): JsonValue {
  let node: JsonValue = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (node && typeof node === "object") node = node[token];
  }
  return node;
}

function preview(value: JsonValue): string {
  if (Array.isArray(value)) return `[${plural(value.length, "item")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).join(", ")}}`.slice(0, 60);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export const discloseCommand = defineCommand<DiscloseOptions>({
  spec,
  options: (args) => ({
    file: args.positionals[0],
    hide: stringsFlag(args, "hide"),
    out: stringFlag(args, "out"),
    list: booleanFlag(args, "list"),
    force: booleanFlag(args, "force"),
    json: booleanFlag(args, "json"),
  }),
  run: disclose,
});
