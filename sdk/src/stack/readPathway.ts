/**
 * Node-only: reads and checks a pathway file.
 */
import fs from "node:fs";
import { parseCredentialJson } from "../credential/parseCredentialJson";
import { StackError } from "../errors/stack";
import { assertPathway, type Pathway } from "./pathway";

/**
 * Reads a pathway file (docs/SPEC.md section 11.1): UTF-8 JSON, checked member by member. Throws a
 * StackError when the file cannot be read, a CredentialParseError (file, line, column) for bad JSON and
 * a CredentialValidationError (code PATHWAY_INVALID, file and JSON pointer) for a broken rule.
 *
 * @example
 * const pathway = readPathway("pathways/telemedicine-nursing.json");
 */
export function readPathway(file: string): Pathway {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new StackError(`cannot read the pathway file ${file}: ${(error as Error).message}`, {
      fix: "Check the path given with --pathway.",
      cause: error,
    });
  }
  const value = parseCredentialJson(text, { file });
  assertPathway(value, { file });
  return value;
}
