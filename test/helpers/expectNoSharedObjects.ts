/**
 * Asserts that results own their objects: a caller may change one result (a check, its details, a list
 * in them) without changing another (files.differential*.test.ts).
 *
 * @example
 * expectNoSharedObjects(await verifyCredentialFiles(files, { workers: 2 }));
 */
import { expect } from "chai";
import type { VerificationResult } from "../../sdk/src/verify/types";

/** No object (a check, its details, a list in them) belongs to two results: a caller may change one. */
export function expectNoSharedObjects(results: readonly VerificationResult[]): void {
  const owner = new Map<object, number>();
  const visit = (value: unknown, at: number, where: string) => {
    if (typeof value !== "object" || value === null) return;
    const seen = owner.get(value);
    if (seen !== undefined && seen !== at) expect.fail(`${where} of result ${at} is also in result ${seen}`);
    owner.set(value, at);
    for (const [key, inner] of Object.entries(value)) visit(inner, at, `${where}/${key}`);
  };
  results.forEach((result, i) => visit(result, i, ""));
}
