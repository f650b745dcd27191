/**
 * Node-only: turns credential file paths into (root, index).
 */
import fs from "node:fs/promises";
import type { Address, Caip2ChainId } from "../types";
import { InvalidTargetError } from "../errors/registry";
import { locateCredAnchorProof, parseJson } from "../anchor/batchFiles";
import type { CredentialRef } from "./buildWordMasks";

/** A credential given by its file path, or by (root, index). */
export type CredentialTarget = string | CredentialRef;

/**
 * Reads the root and leaf index from each credential file's proof entry; `{ root, index }` targets
 * pass through. A credential whose anchor record names another registry or chain is refused.
 *
 * @example
 * await resolveTargets(["out/batch/credentials/grace-hopper-5d41e0.json", { root, index: 7 }], { registry, chain: "eip155:31337" })
 */
export async function resolveTargets(
  targets: readonly CredentialTarget[],
  expected: { registry: Address; chain: Caip2ChainId },
): Promise<CredentialRef[]> {
  return Promise.all(
    targets.map(async (target) => {
      if (typeof target !== "string") return target;
      let text: string;
      try {
        text = await fs.readFile(target, "utf8");
      } catch (error) {
        throw new InvalidTargetError(`Cannot read the credential file ${target}.`, {
          location: { file: target },
          fix: "Check the path.",
          cause: error,
        });
      }
      const found = locateCredAnchorProof(parseJson(text, target));
      if (!found) {
        throw new InvalidTargetError("The file has no credanchor proof entry, so its batch and index are unknown.", {
          location: { file: target, pointer: "/proof" },
          fix: "Pass a credential issued by credanchor, or { root, index }.",
        });
      }
      const { proof, pointer } = found;
      const anchor = proof.anchor;
      if (
        anchor &&
        (anchor.chain !== expected.chain || anchor.registry.toLowerCase() !== expected.registry.toLowerCase())
      ) {
        throw new InvalidTargetError(
          `This credential is anchored in registry ${anchor.registry} on ${anchor.chain}, not ${expected.registry} on ${expected.chain}.`,
          {
            location: { file: target, pointer: `${pointer}/anchor` },
            fix: "Use the registry and network that anchored it.",
          },
        );
      }
      return { root: proof.root, index: proof.leafIndex };
    }),
  );
}
