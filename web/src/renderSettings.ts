import { append, h } from "./dom";
import {
  chainLabel,
  defaultRpcTable,
  KNOWN_CHAINS,
  normaliseRpcUrl,
  parseChainId,
  type RpcOverrides,
  type RpcTable,
} from "./rpcSettings";

export interface SettingsPanelOptions {
  /** The endpoints in effect (saved or default), per chain. */
  table: RpcTable;
  /** Endpoints set by the page URL for this visit. */
  overrides: RpcOverrides;
  /** Called with the new table when the user saves; return a message to show. */
  onSave(table: RpcTable): string;
  /** Called when the user restores the defaults; returns the restored table. */
  onReset(): RpcTable;
}

/**
 * The settings form: one text box per chain (one URL per line, tried in order), a row for another
 * chain, Save and Restore defaults. Every control has a visible label.
 *
 * @example
 * body.replaceChildren(renderSettings({ table, overrides, onSave, onReset }));
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

  const overrideNote = describeOverrides(options.overrides);

  append(
    form,
    h(
      "p",
      { class: "muted" },
      "The page reads the registry through these JSON-RPC endpoints. Put one URL per line; the next one is tried " +
        "when one fails. Saved in this browser only.",
    ),
    overrideNote ? h("p", { class: "note", id: "rpc-override-note" }, overrideNote) : false,
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
    if (problems.length > 0) {
      status.textContent = `Not saved. ${problems.join(" ")}`;
      return;
    }
    status.textContent = options.onSave(table);
    otherChain.value = "";
    otherUrls.value = "";
    fill(table);
  });
  form.querySelector("#settings-reset")?.addEventListener("click", () => {
    fill(options.onReset());
    status.textContent = "Restored the default endpoints.";
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

function describeOverrides(overrides: RpcOverrides): string | undefined {
  const parts = Object.entries(overrides.byChain).map(
    ([chainId, urls]) => `${chainLabel(Number(chainId))}: ${urls.join(", ")}`,
  );
  if (overrides.anyChain.length > 0) parts.push(`the credential's chain: ${overrides.anyChain.join(", ")}`);
  const rejected =
    overrides.rejected.length > 0 ? ` Ignored (not a URL): ${overrides.rejected.map((r) => `"${r}"`).join(", ")}.` : "";
  if (parts.length === 0) return rejected ? rejected.trim() : undefined;
  return `This link sets endpoints for this visit (not saved): ${parts.join("; ")}.${rejected}`;
}
