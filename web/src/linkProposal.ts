/**
 * Network settings a link proposes (`?rpc=`, `?doh=`). They are never trusted: the page uses the
 * user's saved settings or the defaults, and a link's endpoints only when the user accepts them for
 * the visit, and even then a result reached through them is never shown as valid (whoever made the
 * link controls what its endpoints answer: an RPC endpoint can say a revoked credential is live, a
 * DNS service can vouch for any registry).
 */
import { parseDohParam } from "./identitySettings";
import { chainLabel, parseRpcParams, rpcUrlsFor, type RpcOverrides, type RpcTable } from "./rpcSettings";

/** What the link's query string proposes. */
export interface LinkProposal {
  rpc: RpcOverrides;
  /** A DNS-over-HTTPS URL, `off`, or undefined when the link proposes none. */
  doh?: string;
}

/** The settings one check uses, and which of them came from the link. */
export interface EffectiveSettings {
  rpcUrls: string[];
  doh: string;
  /** In words, what the link supplied ("the link's RPC endpoint http://…"); empty when nothing. */
  viaLink: string[];
}

/**
 * Reads the proposal from a query string.
 *
 * @example
 * readLinkProposal("?rpc=https://rpc.example&doh=off") // { rpc: { anyChain: ["https://rpc.example"], ... }, doh: "off" }
 */
export function readLinkProposal(search: string): LinkProposal {
  return { rpc: parseRpcParams(search), doh: parseDohParam(search) };
}

/** True when the link proposes anything usable. */
export function hasProposal(proposal: LinkProposal): boolean {
  return proposal.doh !== undefined || proposal.rpc.anyChain.length > 0 || Object.keys(proposal.rpc.byChain).length > 0;
}

/**
 * The endpoints and DNS service for a check on `chainId`: the user's saved ones (else the defaults),
 * or, only when `accepted`, what the link proposes, named in `viaLink`.
 *
 * @example
 * effectiveSettings(11155111, saved, "https://dns.example/dns-query", proposal, false).viaLink // []
 */
export function effectiveSettings(
  chainId: number | undefined,
  saved: RpcTable,
  doh: string,
  proposal: LinkProposal,
  accepted: boolean,
): EffectiveSettings {
  const own = chainId === undefined ? [] : rpcUrlsFor(chainId, saved);
  if (!accepted) return { rpcUrls: [...own], doh, viaLink: [] };
  const viaLink: string[] = [];
  const proposed = chainId === undefined ? [] : [...(proposal.rpc.byChain[chainId] ?? []), ...proposal.rpc.anyChain];
  if (proposed.length > 0)
    viaLink.push(`the link's RPC endpoint${proposed.length > 1 ? "s" : ""} ${proposed.join(", ")}`);
  if (proposal.doh !== undefined) {
    viaLink.push(
      proposal.doh === "off" ? "the link's choice to skip the DNS lookup" : `the link's DNS service ${proposal.doh}`,
    );
  }
  return { rpcUrls: proposed.length > 0 ? proposed : [...own], doh: proposal.doh ?? doh, viaLink };
}

/** The proposal in words, for the notice: "RPC for Sepolia (eip155:11155111): https://…; DNS: off". */
export function describeProposal(proposal: LinkProposal): string {
  const parts = Object.entries(proposal.rpc.byChain).map(
    ([chainId, urls]) => `RPC for ${chainLabel(Number(chainId))}: ${urls.join(", ")}`,
  );
  if (proposal.rpc.anyChain.length > 0)
    parts.push(`RPC for the credential's chain: ${proposal.rpc.anyChain.join(", ")}`);
  if (proposal.doh !== undefined)
    parts.push(proposal.doh === "off" ? "no DNS lookup" : `DNS over HTTPS: ${proposal.doh}`);
  return parts.join("; ");
}

/** The page's own URL without the link's proposals, for "Copy link" (a shared link carries the credential only). */
export function withoutProposal(href: string): URL {
  const url = new URL(href);
  url.searchParams.delete("rpc");
  url.searchParams.delete("doh");
  return url;
}
