/** Baked badge images (Open Badges 3.0 baking, docs/SPEC.md section 9). Browser-safe; renderSvgToPng is in node.ts. */
export { bakePng } from "./bakePng";
export { bakeSvg } from "./bakeSvg";
export { unbakePng } from "./unbakePng";
export { unbakeSvg } from "./unbakeSvg";
export { unbakeImage, imageKind, MAX_BADGE_IMAGE_BYTES, type UnbakedImage } from "./unbakeImage";
export { drawBadgeSvg, type BadgeInfo } from "./drawBadgeSvg";
export { badgeInfoOf } from "./badgeInfoOf";
