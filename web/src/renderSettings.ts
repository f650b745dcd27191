import { append, h } from "./dom";
import { normaliseDohUrl, type IdentitySettings } from "./identitySettings";
import { chainLabel, defaultRpcTable, KNOWN_CHAINS, normaliseRpcUrl, parseChainId, type RpcTable } from "./rpcSettings";

export interface SettingsPanelOptions {
  /** The endpoints in effect (saved or default), per chain. */
  table: RpcTable;
  /** How the issuer's domain is checked (saved or default). */
  identity: IdentitySettings;
  /** Called with the new settings when the user saves; returns a message to show. */
  onSave(table: RpcTable, identity: IdentitySettings): string;
  /** Called when the user restores the defaults; returns them. */
  onReset(): { table: RpcTable; identity: IdentitySettings };
}

/**
 * The settings form: one text box per chain (one URL per line, tried in order), a row for another
 * chain, the issuer identity lookup (DNS over HTTPS on or off, and its URL), Save and Restore
 * defaults. Every control has a visible label.
 *
 * @example
 * body.replaceChildren(renderSettings({ table, identity, onSave, onReset }));
 */
export function renderSettings(options: SettingsPanelOptions): HTMLElement {
  const form = h("form", { class: "stack", id: "settings-form", novalidate: true });
  const status = h("p", { class: "muted", id: "settings-status", role: "status" });
  const fields = h("div", { class: "stack" });

  const fill = (table: RpcTable) => {
    const chainIds = new Set<number>([
      ...KNOWN_CHAINS.map((chain) => chain.chainId),
      ...Object.keys(table).map(Number),
    ]);
    fields.replaceChildren(
      ...[...chainIds].map((chainId) => chainField(chainId, table[chainId] ?? defaultRpcTable()[chainId] ?? [])),
    );
  };
  fill(options.table);

  const otherChain = h("input", {
    id: "rpc-other-chain",
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    placeholder: "e.g. 8453",
    "aria-describedby": "rpc-other-hint",
  });
  const otherUrls = h("textarea", { id: "rpc-other-urls", rows: 2, spellcheck: "false", autocomplete: "off" });

  const dohEnabled = h("input", { id: "doh-enabled", type: "checkbox", "aria-describedby": "doh-hint" });
  const dohUrl = h("input", { id: "doh-url", type: "text", autocomplete: "off", spellcheck: "false" });
  const fillIdentity = (identity: IdentitySettings) => {
    dohEnabled.checked = identity.doh !== "off";
    if (identity.doh !== "off") dohUrl.value = identity.doh;
    dohUrl.disabled = !dohEnabled.checked;
  };
  fillIdentity(options.identity);
  dohEnabled.addEventListener("change", () => (dohUrl.disabled = !dohEnabled.checked));

  append(
    form,
    h(
      "p",
      { class: "muted" },
      "The page reads the registry through these JSON-RPC endpoints. Put one URL per line; the next one is tried " +
        "when one fails. Saved in this browser only.",
    ),
    fields,
    h(
      "fieldset",
      { class: "stack" },
      h("legend", {}, "Another chain"),
      h("label", { for: "rpc-other-chain" }, "Chain id"),
      otherChain,
      h("p", { class: "muted", id: "rpc-other-hint" }, "The number in eip155:<number>."),
      h("label", { for: "rpc-other-urls" }, "RPC URLs for that chain"),
      otherUrls,
    ),
    h(
      "fieldset",
      { class: "stack" },
      h("legend", {}, "Issuer identity"),
      h(
        "p",
        { class: "muted", id: "doh-hint" },
        "The issuer check confirms that the issuer's domain names the registry: in its did:web document " +
          "(fetched from the issuer's site) and in a DNS TXT record. A browser cannot read DNS itself, so the " +
          "record is read through the DNS-over-HTTPS service below, which learns the domain being checked.",
      ),
      h("div", { class: "checkbox-row" }, dohEnabled, h("label", { for: "doh-enabled" }, "Look up the DNS record")),
      h("label", { for: "doh-url" }, "DNS-over-HTTPS URL (JSON API)"),
      dohUrl,
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Save settings"),
      h("button", { type: "button", class: "secondary", id: "settings-reset" }, "Restore defaults"),
    ),
    status,
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const table: RpcTable = {};
    const problems: string[] = [];
    for (const textarea of fields.querySelectorAll<HTMLTextAreaElement>("textarea[data-chain]")) {
      const chainId = Number(textarea.dataset.chain);
      table[chainId] = readUrls(textarea.value, chainLabel(chainId), problems);
    }
    if (otherChain.value.trim() !== "" || otherUrls.value.trim() !== "") {
      const chainId = parseChainId(otherChain.value);
      if (chainId === undefined) problems.push(`"${otherChain.value}" is not a chain id (a positive number).`);
      else table[chainId] = readUrls(otherUrls.value, chainLabel(chainId), problems);
    }
    let identity: IdentitySettings = { doh: "off" };
    if (dohEnabled.checked) {
      const url = normaliseDohUrl(dohUrl.value);
      if (url) identity = { doh: url };
      else problems.push(`"${dohUrl.value}" is not an https URL for DNS over HTTPS.`);
    }
    if (problems.length > 0) {
      status.textContent = `Not saved. ${problems.join(" ")}`;
      return;
    }
    status.textContent = options.onSave(table, identity);
    otherChain.value = "";
    otherUrls.value = "";
    fill(table);
  });
  form.querySelector("#settings-reset")?.addEventListener("click", () => {
    const defaults = options.onReset();
    fill(defaults.table);
    fillIdentity(defaults.identity);
    status.textContent = "Restored the default settings.";
  });
  return form;
}

function chainField(chainId: number, urls: readonly string[]): HTMLElement {
  const id = `rpc-${chainId}`;
  return h(
    "div",
    { class: "stack field" },
    h("label", { for: id }, chainLabel(chainId)),
    h(
      "textarea",
      { id, rows: Math.max(2, urls.length), spellcheck: "false", autocomplete: "off", "data-chain": chainId },
      urls.join("\n"),
    ),
  );
}

function readUrls(text: string, chain: string, problems: string[]): string[] {
  const urls: string[] = [];
  for (const line of text.split(/\s+/).filter(Boolean)) {
    const url = normaliseRpcUrl(line);
    if (url) urls.push(url);
    else problems.push(`${chain}: "${line}" is not an http(s) or ws(s) URL.`);
  }
  return urls;
}
