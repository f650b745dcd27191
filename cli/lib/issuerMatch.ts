/**
 * A check before anchoring: does the registry's on-chain profile name the issuer of the batch? If not,
 * every credential would verify with `issuer failed`, and the anchoring fee would be wasted: `anchor`
 * refuses (unless `--force`). The
 * comparison is the verifier's own (`normalizeIdentifier`, as the `issuer` check uses it).
 */
import {
  type Address,
  type BatchManifest,
  getProfile,
  normalizeIdentifier,
  type RegistryClient,
} from "../../sdk/src/node";

/** The registry's profile does not name the batch's issuer. */
export interface IssuerMismatch {
  /** The profile's URL ("" when none). */
  profileUrl: string;
  /** What the batch's credentials name as their issuer (`issuer.url`, `issuer.id`). */
  claims: string[];
  /** One sentence: what does not match, for which batch. */
  message: string;
}

/**
 * How the registry's profile URL differs from the batch's `issuer.url` and `issuer.id`; undefined when
 * it names one of them.
 *
 * @example
 * const mismatch = await issuerMismatch(client, registry, manifest, "batch-1");
 * if (mismatch) io.stderr.write(`${mismatch.message}\n`);
 */
export async function issuerMismatch(
  client: RegistryClient,
  registry: Address,
  manifest: Pick<BatchManifest, "issuer">,
  batchDir: string,
): Promise<IssuerMismatch | undefined> {
  const profile = await getProfile(client, { registry });
  const claims = [...new Set([manifest.issuer.url, manifest.issuer.id])].filter(
    (value): value is string => typeof value === "string",
  );
  const target = normalizeIdentifier(profile.url);
  if (claims.some((claim) => normalizeIdentifier(claim) === target)) return undefined;
  return {
    profileUrl: profile.url,
    claims,
    message: `the registry's profile names ${profile.url || "(nothing)"}, but the credentials of ${batchDir} name their issuer ${claims.join(" / ")}; verifiers will report \`issuer failed\``,
  };
}

/**
 * What to do about a mismatch: set the profile (the admin), or anchor into the issuer's own registry.
 *
 * @example
 * mismatchFix(mismatch, "Example University") // "set the profile: `credanchor set-profile --name … --url …` …"
 */
export function mismatchFix(mismatch: IssuerMismatch, issuerName: string | undefined): string {
  const url = mismatch.claims[0] ?? "URL";
  return `if this registry belongs to that issuer, its admin sets the profile: \`credanchor set-profile --name '${issuerName ?? "NAME"}' --url ${url}\`; otherwise deploy a registry for it (\`credanchor deploy --url ${url} --force\`) or issue from a template whose issuer is ${mismatch.profileUrl || "the registry's"}`;
}
