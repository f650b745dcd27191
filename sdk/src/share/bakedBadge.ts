/**
 * Node-only: the baked badge image attached to a delivery e-mail, made with the baking functions of
 * sdk/src/bake (Open Badges 3.0 baking: the credential inside a PNG).
 */
import { badgeInfoOf, bakePng, drawBadgeSvg } from "../bake";
import { renderSvgToPng } from "../bake/renderSvgToPng";
import type { CredentialFacts } from "./credentialFacts";

/**
 * The default badge drawn for the credential, rendered to PNG, with the credential baked in; with
 * `badgeImage` (PNG bytes, e.g. the template's badgeImage), the credential is baked into that image instead.
 *
 * @example
 * const png = bakedBadgePng(text, credentialFacts(JSON.parse(text)));
 */
export function bakedBadgePng(
  credentialText: string,
  facts: CredentialFacts,
  credential?: unknown,
  badgeImage?: Uint8Array,
): Uint8Array {
  if (badgeImage !== undefined) return bakePng(badgeImage, credentialText);
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
