/**
 * Node-only: the baked badge image attached to a delivery e-mail, made with the baking functions of
 * sdk/src/bake (Open Badges 3.0 baking: the credential inside a PNG). Returns undefined when this
 * build has no baking (the e-mail then carries the JSON only).
 */
import type { CredentialFacts } from "./credentialFacts";

interface BakeModule {
  bakePng(png: Uint8Array, credentialJson: string): Uint8Array;
  drawBadgeSvg(badge: { achievementName: string; issuerName: string; kind?: string; date?: string }): string;
}
interface RenderModule {
  renderSvgToPng(svg: string, width?: number): Uint8Array;
}

function load(): { bake: BakeModule; render: RenderModule } | undefined {
  try {
    // Loaded by name so that this file builds before sdk/src/bake exists (issue 13, sections 4 and 1).
    const bakePath = "../bake";
    const bake = require(bakePath) as Partial<BakeModule & RenderModule>;
    if (typeof bake.bakePng !== "function" || typeof bake.drawBadgeSvg !== "function") return undefined;
    const render =
      typeof bake.renderSvgToPng === "function" ? bake : (require("../bake/renderSvgToPng") as Partial<RenderModule>);
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
export function bakedBadgePng(credentialText: string, facts: CredentialFacts): Uint8Array | undefined {
  const modules = load();
  if (!modules) return undefined;
  const svg = modules.bake.drawBadgeSvg({
    achievementName: facts.achievementName ?? "Credential",
    issuerName: facts.issuerName ?? facts.issuerId ?? "",
    date: facts.validFrom?.slice(0, 10),
  });
  return modules.bake.bakePng(modules.render.renderSvgToPng(svg, 600), credentialText);
}
