import path from "node:path";

/**
 * The repository's root folder. Test files reach the repository through it (or `repoPath`) instead of
 * walking up from their own `__dirname`, so a test file can move to any depth under test/.
 */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A path inside the repository: `repoPath("test", "fixtures", "batch")`. */
export function repoPath(...segments: string[]): string {
  return path.join(REPO_ROOT, ...segments);
}
