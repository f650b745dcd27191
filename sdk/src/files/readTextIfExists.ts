/** Node only: reads a UTF-8 file that may not exist yet (a batch's journals and records). */
import fs from "node:fs/promises";

/**
 * The text of `file`, or `undefined` when there is no such file; any other read error (permissions,
 * a folder in its place) is thrown as it is.
 *
 * @example
 * const text = await readTextIfExists("out/batch-1/publish.json");
 * if (text === undefined) console.log("never published");
 */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
