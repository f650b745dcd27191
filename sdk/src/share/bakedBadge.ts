/**
 * Node-only: the baked badge image attached to a delivery e-mail, made with the baking functions of
 * sdk/src/bake (Open Badges 3.0 baking: the credential inside a PNG). Returns undefined when this
 * build has no baking (the e-mail then carries the JSON only).
 */
import path from "node:path";
import type { CredentialFacts } from "./credentialFacts";

interface BakeModule {
  bakePng(png: Uint8Array, credentialJson: string): Uint8Array;
  drawBadgeSvg(badge: BadgeInfo): string;
  badgeInfoOf?(credential: unknown): BadgeInfo;
}
interface BadgeInfo {
  achievementName: string;
  issuerName: string;
  kind?: string;
  date?: string;
}
interface RenderModule {
  renderSvgToPng(svg: string, width?: number): Uint8Array;
}

function load(): { bake: BakeModule; render: RenderModule } | undefined {
  try {
    // Loaded by path at run time: this file builds before sdk/src/bake exists, and a bundler (the
    // crash tests bundle their child scripts) does not pull in resvg's native module through it.
    const dir = path.join(__dirname, "..", "bake");
    const bake = require(dir) as Partial<BakeModule & RenderModule>;
    if (typeof bake.bakePng !== "function" || typeof bake.drawBadgeSvg !== "function") return undefined;
    const render =
      typeof bake.renderSvgToPng === "function"
        ? bake
        : (require(path.join(dir, "renderSvgToPng")) as Partial<RenderModule>);
    if (typeof render.renderSvgToPng !== "function") return undefined;
    return { bake: bake as BakeModule, render: render as RenderModule };
  } catch {
    return undefined;
  }
}

/**
 * The default badge drawn for the credential, rendered to PNG, with the credential baked in.
 *
 * @example
 * const png = bakedBadgePng(text, credentialFacts(JSON.parse(text)));
 */
export function bakedBadgePng(
  credentialText: string,
  facts: CredentialFacts,
  credential?: unknown,
): Uint8Array | undefined {
  const modules = load();
  if (!modules) return undefined;
  const info =
    credential !== undefined && modules.bake.badgeInfoOf
      ? modules.bake.badgeInfoOf(credential)
      : {
          achievementName: facts.achievementName ?? "Credential",
          issuerName: facts.issuerName ?? facts.issuerId ?? "",
          date: facts.validFrom,
        };
  const svg = modules.bake.drawBadgeSvg(info);
  return modules.bake.bakePng(modules.render.renderSvgToPng(svg, 600), credentialText);
}
