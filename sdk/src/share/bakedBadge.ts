/**
 * Node-only: the baked badge image attached to a delivery e-mail, made with the baking functions of
 * sdk/src/bake (Open Badges 3.0 baking: the credential inside a PNG).
 */
import { badgeInfoOf, bakePng, drawBadgeSvg, imageKind } from "../bake";
import { renderSvgToPng } from "../bake/renderSvgToPng";
import { ShareError } from "../errors/share";
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

/**
 * An issuer's badge image as PNG for bakedBadgePng (an SVG rendered 600 px wide); undefined stays
 * undefined (draw the default badge). Throws ShareError for bytes that are neither PNG nor SVG.
 *
 * @example
 * const png = badgeImagePng(fs.readFileSync("batch-1/badge.svg"));
 */
export function badgeImagePng(image: Uint8Array | undefined): Uint8Array | undefined {
  if (image === undefined) return undefined;
  const kind = imageKind(image);
  if (kind === "png") return image;
  if (kind === "svg") return renderSvgToPng(new TextDecoder().decode(image), 600);
  throw new ShareError("the badge image is neither a PNG nor an SVG image", {
    fix: "Give a .png or .svg badge image (the template's badgeImage).",
  });
}
