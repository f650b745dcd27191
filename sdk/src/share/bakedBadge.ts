/**
 * Node-only: the baked badge image attached to a delivery e-mail, made with the baking functions of
 * sdk/src/bake (Open Badges 3.0 baking: the credential inside a PNG).
 */
import { badgeInfoOf, bakePng, drawBadgeSvg } from "../bake";
import { renderSvgToPng } from "../bake/renderSvgToPng";
import type { CredentialFacts } from "./credentialFacts";

/**
 * The default badge drawn for the credential, rendered to PNG, with the credential baked in.
 *
 * @example
 * const png = bakedBadgePng(text, credentialFacts(JSON.parse(text)));
 */
export function bakedBadgePng(credentialText: string, facts: CredentialFacts, credential?: unknown): Uint8Array {
  const info =
    credential !== undefined
      ? badgeInfoOf(credential)
      : {
          achievementName: facts.achievementName ?? "Credential",
          issuerName: facts.issuerName ?? facts.issuerId ?? "",
          date: facts.validFrom,
        };
  return bakePng(renderSvgToPng(drawBadgeSvg(info), 600), credentialText);
}
