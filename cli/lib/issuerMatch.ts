/**
 * A check before anchoring: does the registry's on-chain profile name the issuer of the batch? If not,
 * every credential would verify with `issuer failed`, and the anchoring fee would be wasted. The
 * comparison is the verifier's own (`normalizeIdentifier`, as the `issuer` check uses it).
 */
import { getProfile } from "../../sdk/src/chain/actions/getProfile";
import type { RegistryClient } from "../../sdk/src/chain/createRegistryClient";
import type { Address, BatchManifest } from "../../sdk/src/types";
import { normalizeIdentifier } from "../../sdk/src/verify/runChainChecks";

/**
 * The warning to print when the registry's profile URL is neither the batch's `issuer.url` nor its
 * `issuer.id`; undefined when it matches.
 *
 * @example
 * const warning = await issuerMismatch(client, registry, manifest, "batch-1");
 * if (warning) io.stderr.write(`${warning}\n`);
 */
export async function issuerMismatch(
  client: RegistryClient,
  registry: Address,
  manifest: Pick<BatchManifest, "issuer">,
  batchDir: string,
): Promise<string | undefined> {
  const profile = await getProfile(client, { registry });
  const claims = [...new Set([manifest.issuer.url, manifest.issuer.id])].filter(
    (value): value is string => typeof value === "string",
  );
  const target = normalizeIdentifier(profile.url);
  if (claims.some((claim) => normalizeIdentifier(claim) === target)) return undefined;
  return (
    `warning: the registry's profile names ${profile.url || "(nothing)"}, but the credentials of ${batchDir} name their issuer ${claims.join(" / ")}; ` +
    `verifiers will report \`issuer failed\`.\n  fix: deploy a registry for that issuer (\`credanchor deploy --url ${claims[0] ?? "URL"} --force\`), or issue from a template whose issuer is ${profile.url || "the registry's"}`
  );
}
