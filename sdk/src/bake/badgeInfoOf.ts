/** What the default badge of a credential shows, read from the credential. */
import type { BadgeInfo } from "./drawBadgeSvg";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** "MicroCredential" → "Micro Credential"; an extension type (`ext:…`) loses its prefix. */
function spaced(type: string): string {
  return type.replace(/^ext:/, "").replace(/([a-z])([A-Z])/g, "$1 $2");
}

/**
 * The default badge's texts for a credential (an Open Badges 3.0 credential, parsed): the
 * achievement's name (else the credential's), the issuer's name (else its id), the achievement's
 * `achievementType` as words ("MicroCredential" → "Micro Credential", default "Achievement") and the
 * date of `validFrom`.
 *
 * @example
 * drawBadgeSvg(badgeInfoOf(JSON.parse(fs.readFileSync("alice.json", "utf8"))))
 */
export function badgeInfoOf(credential: unknown): BadgeInfo {
  const c = (credential ?? {}) as Record<string, unknown>;
  const subject = (Array.isArray(c.credentialSubject) ? c.credentialSubject[0] : c.credentialSubject) as
    Record<string, unknown> | undefined;
  const achievement = (subject?.achievement ?? {}) as Record<string, unknown>;
  const issuer = c.issuer;
  const issuerName =
    typeof issuer === "string"
      ? issuer
      : (text((issuer as Record<string, unknown>)?.name) ?? text((issuer as Record<string, unknown>)?.id));
  const kind = text(achievement.achievementType);
  const validFrom = text(c.validFrom);
  return {
    achievementName: text(achievement.name) ?? text(c.name) ?? "Achievement",
    issuerName: issuerName ?? "",
    ...(kind ? { kind: spaced(kind) } : {}),
    ...(validFrom ? { date: /^\d{4}-\d{2}-\d{2}/.test(validFrom) ? validFrom.slice(0, 10) : validFrom } : {}),
  };
}
