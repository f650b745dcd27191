/**
 * The verifier page: wires the inputs (drop, file picker, paste, link fragment) and the settings to
 * the SDK's verification pipeline, and renders the badge, the verdict and each check as it finishes.
 */
import { initKeccak, type Caip2ChainId } from "../../sdk/src/index";
import { encodeCredentialFragment, readCredentialFragment } from "./credentialLink";
import { describeRedactions } from "./describeRedactions";
import { h } from "./dom";
import {
  defaultIdentitySettings,
  loadIdentitySettings,
  parseDohParam,
  saveIdentitySettings,
  type IdentitySettings,
} from "./identitySettings";
import { loadCredential } from "./loadCredential";
import { readBadge } from "./readBadge";
import { renderBadge } from "./renderBadge";
import { renderChecks } from "./renderChecks";
import { renderProblem } from "./renderProblem";
import { renderSettings } from "./renderSettings";
import { badgeCaveat, paintVerdict } from "./renderVerdict";
import {
  chainLabel,
  defaultRpcTable,
  loadSavedRpcTable,
  parseChainId,
  parseRpcParams,
  rpcUrlsFor,
  saveRpcTable,
  type RpcTable,
} from "./rpcSettings";
import { verifyInPage } from "./verifyInPage";

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
};

const ui = {
  dropZone: byId("drop-zone"),
  fileInput: byId<HTMLInputElement>("file-input"),
  pasteForm: byId<HTMLFormElement>("paste-form"),
  pasteInput: byId<HTMLTextAreaElement>("paste-input"),
  settingsBody: byId("settings-body"),
  resultHeading: byId("result-heading"),
  resultSource: byId("result-source"),
  verdict: byId("verdict"),
  problem: byId("problem"),
  badge: byId("badge"),
  checksSection: byId("checks-section"),
  checks: byId("checks"),
  shareButton: byId<HTMLButtonElement>("share-button"),
  shareStatus: byId("share-status"),
};

const storage = safeLocalStorage();
const overrides = parseRpcParams(location.search);
let savedRpc: RpcTable = loadSavedRpcTable(storage);
const dohOverride = parseDohParam(location.search);
let identity: IdentitySettings = loadIdentitySettings(storage);
let currentText: string | undefined;
/** Increases with every credential; a run that is no longer the latest stops painting. */
let runId = 0;

ui.settingsBody.replaceChildren(
  renderSettings({
    table: { ...defaultRpcTable(), ...savedRpc },
    overrides,
    identity,
    dohOverride,
    onSave(table, newIdentity) {
      saveRpcTable(storage, table);
      savedRpc = loadSavedRpcTable(storage);
      saveIdentitySettings(storage, newIdentity);
      identity = newIdentity;
      if (!storage) return "Settings apply to this visit only (this browser does not allow saving).";
      return "Saved. They apply to the next check.";
    },
    onReset() {
      saveRpcTable(storage, {});
      savedRpc = {};
      identity = defaultIdentitySettings();
      saveIdentitySettings(storage, identity);
      return { table: defaultRpcTable(), identity };
    },
  }),
);
// A link with an unusable ?rpc= value opens the settings, where the note says what was ignored.
if (overrides.rejected.length > 0) byId<HTMLDetailsElement>("settings-panel").open = true;

// Keccak in WebAssembly is faster; the pipeline works without it while it loads.
void initKeccak();

ui.fileInput.addEventListener("change", () => {
  const file = ui.fileInput.files?.[0];
  if (file) void checkFile(file);
  ui.fileInput.value = "";
});

for (const type of ["dragenter", "dragover"] as const) {
  document.addEventListener(type, (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    ui.dropZone.classList.add("dragging");
  });
}
document.addEventListener("dragleave", (event) => {
  if (event.relatedTarget === null) ui.dropZone.classList.remove("dragging");
});
// A file dropped anywhere on the page is checked (and the browser does not navigate away to it).
document.addEventListener("drop", (event) => {
  ui.dropZone.classList.remove("dragging");
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  event.preventDefault();
  void checkFile(file);
});

ui.pasteForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void checkText(ui.pasteInput.value, "pasted text");
});

ui.shareButton.addEventListener("click", () => {
  if (currentText === undefined) return;
  const url = new URL(location.href);
  url.hash = encodeCredentialFragment(currentText);
  const done = (message: string) => (ui.shareStatus.textContent = message);
  if (navigator.clipboard) {
    navigator.clipboard.writeText(url.href).then(
      () => done("Link copied. Anyone with it can see the credential's visible fields."),
      () => done(`Copy this link: ${url.href}`),
    );
  } else done(`Copy this link: ${url.href}`);
});

window.addEventListener("hashchange", () => void checkFragment());
void checkFragment();

async function checkFragment(): Promise<void> {
  const fragment = readCredentialFragment(location.hash);
  if (fragment.kind === "text") await checkText(fragment.text, "link");
  else if (fragment.kind === "unreadable") {
    showProblem("link", {
      title: "This link does not carry a readable credential",
      message: fragment.message,
      code: "BAD_LINK",
    });
  }
}

async function checkFile(file: File): Promise<void> {
  if (file.size > 5_000_000) {
    showProblem(file.name, {
      title: "This file is not a credential",
      message: `It is ${(file.size / 1e6).toFixed(1)} MB; a credential file is a few kilobytes of JSON.`,
      fix: "Choose the credential's .json file.",
      code: "TOO_LARGE",
    });
    return;
  }
  await checkText(await file.text(), file.name);
}

function startResult(source: string): number {
  runId += 1;
  ui.resultHeading.hidden = false;
  ui.resultSource.hidden = false;
  ui.resultSource.textContent = `From: ${source}`;
  ui.problem.replaceChildren();
  ui.badge.replaceChildren();
  ui.checks.replaceChildren();
  ui.checksSection.hidden = true;
  ui.shareStatus.textContent = "";
  document.body.dataset.state = "checking";
  return runId;
}

function showProblem(source: string, problem: Parameters<typeof renderProblem>[0]): void {
  startResult(source);
  currentText = undefined;
  ui.verdict.replaceChildren();
  ui.verdict.className = "";
  delete ui.verdict.dataset.verdict;
  ui.problem.replaceChildren(renderProblem(problem, source));
  document.body.dataset.state = "problem";
  showResultHeading();
}

async function checkText(text: string, source: string): Promise<void> {
  const loaded = loadCredential(text, source);
  if (!loaded.ok) {
    showProblem(source, loaded.problem);
    return;
  }
  const id = startResult(source);
  currentText = text;
  const { credential, proof } = loaded;

  ui.badge.replaceChildren(renderBadge(readBadge(credential), describeRedactions(credential, proof)));
  const checks = renderChecks();
  ui.checks.replaceChildren(checks.element);
  ui.checksSection.hidden = false;
  paintVerdict(ui.verdict, { kind: "checking" });
  showResultHeading();

  const chain = proof.anchor?.chain;
  const chainId = chain ? parseChainId(chain) : undefined;
  const rpcUrls = chainId === undefined ? [] : rpcUrlsFor(chainId, savedRpc, overrides);
  if (chainId !== undefined) {
    ui.resultSource.textContent = `From: ${source} · ${chainLabel(chainId)} via ${rpcUrls.join(", ") || "no RPC endpoint (see Network settings)"}`;
  }

  try {
    const outcome = await verifyInPage(credential, {
      chain: chainId === undefined ? undefined : (`eip155:${chainId}` as Caip2ChainId),
      rpcUrls,
      doh: dohOverride ?? identity.doh,
      onCheck(progress) {
        if (id !== runId) return;
        if (progress.phase === "started") checks.start(progress.check);
        else if (progress.result) checks.finish(progress.result);
      },
    });
    if (id !== runId) return;
    for (const result of outcome.checks) checks.finish(result);
    checks.settle();
    paintVerdict(ui.verdict, { kind: "result", outcome });
    const caveat = badgeCaveat(outcome);
    if (caveat) ui.badge.prepend(h("p", { class: `badge-caveat badge-caveat-${outcome.status}` }, caveat));
    document.body.dataset.state = outcome.status;
  } catch (error) {
    if (id !== runId) return;
    checks.settle();
    const message = error instanceof Error ? error.message : String(error);
    paintVerdict(ui.verdict, { kind: "crashed", message: `The verification stopped unexpectedly: ${message}` });
    ui.badge.prepend(
      h("p", { class: "badge-caveat badge-caveat-error" }, badgeCaveat({ status: "error", checks: [] }) ?? ""),
    );
    document.body.dataset.state = "error";
  }
}

/** Moves keyboard focus to the result and scrolls it to the top (on a phone the inputs fill the screen). */
function showResultHeading(): void {
  ui.resultHeading.focus({ preventScroll: true });
  ui.resultHeading.scrollIntoView({ block: "start" });
}

function safeLocalStorage(): Storage | undefined {
  try {
    const probe = "credanchor.probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return undefined;
  }
}
