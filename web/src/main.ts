/**
 * The verifier page: wires the inputs (drop, file picker, paste, link fragment) and the settings to
 * the SDK's verification pipeline, and renders the badge, the verdict and each check as it finishes.
 *
 * Length (over 400 lines): the page's entry point holds its event wiring and the one flow from an input
 * to a rendered result (`checkText`); the rendering, the settings and the link handling already live in
 * their own modules beside it. `paintProposal` (the link-proposal banner) is the next seam.
 */
import {
  formatCaip2ChainId,
  imageKind,
  initKeccak,
  MAX_BADGE_IMAGE_BYTES,
  NOT_A_CREDENTIAL_CODES,
} from "../../sdk/src/index";
import { encodeCredentialFragment, readCredentialFragment } from "./credentialLink";
import { describeRedactions, hiddenFieldsLine } from "./describeRedactions";
import { h } from "./dom";
import {
  defaultIdentitySettings,
  loadIdentitySettings,
  saveIdentitySettings,
  type IdentitySettings,
} from "./identitySettings";
import { describeProposal, effectiveSettings, hasProposal, readLinkProposal, withoutProposal } from "./linkProposal";
import { claimsCredanchorProof, fileContent, loadCredential } from "./loadCredential";
import { readBadge } from "./readBadge";
import { renderBadge, showAnchoredAt } from "./renderBadge";
import { renderChecks } from "./renderChecks";
import { renderComponents } from "./renderComponents";
import { renderProblem } from "./renderProblem";
import { renderSettings } from "./renderSettings";
import { badgeCaveat, CONTENT_CHECKS, contentDisproved, paintVerdict, presentVerdict } from "./renderVerdict";
import {
  chainLabel,
  defaultRpcTable,
  loadSavedRpcTable,
  parseChainId,
  saveRpcTable,
  type RpcTable,
} from "./rpcSettings";
import type { CheckResult } from "./types";
import { verifyInPage } from "./verifyInPage";
import { renderLinkedInButton } from "./linkedInButton";
import { renderPrintSheet } from "./renderPrintSheet";
import { fetchSharedCredential, sharedCredentialId, sharedCredentialUrl } from "./sharedCredential";

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
  linkProposal: byId("link-proposal"),
};

/** The SDK's codes of a format check that means "not a credential at all" (interface 3 of issue 12). */
const NOT_CREDENTIAL_CODES: ReadonlySet<string> = NOT_A_CREDENTIAL_CODES;

const storage = safeLocalStorage();
/** What the link's `?rpc=`/`?doh=` propose: unused unless the user accepts it for this visit. */
const proposal = readLinkProposal(location.search);
let proposalAccepted = false;
let savedRpc: RpcTable = loadSavedRpcTable(storage);
let identity: IdentitySettings = loadIdentitySettings(storage);
/** The credential's text, while it may be shared (never for a file whose content a check disproved). */
let currentText: string | undefined;
/** The last input, to check again when the user accepts or drops the link's proposal. */
let lastInput: { text: string; source: string; link?: string } | undefined;
/** Increases with every credential; a run that is no longer the latest stops painting. */
let runId = 0;
/** The short link the current credential was opened from (`#<id>` of a published credential). */
let sharedLink: string | undefined;

ui.settingsBody.replaceChildren(
  renderSettings({
    table: { ...defaultRpcTable(), ...savedRpc },
    identity,
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
paintProposal();

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
  // The link carries the credential only, never network settings (a link never chooses them).
  const url = withoutProposal(location.href);
  // A published credential already has a short link; anything else travels in the fragment.
  if (sharedLink === undefined) url.hash = encodeCredentialFragment(currentText);
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
  const shareId = sharedCredentialId(location.hash);
  if (shareId !== undefined) {
    const base = document.querySelector<HTMLMetaElement>('meta[name="credanchor-credentials"]')?.content || undefined;
    const url = sharedCredentialUrl(shareId, location.href, base);
    const fetched = await fetchSharedCredential(url, location.origin);
    if (!fetched.ok) {
      sharedLink = undefined;
      showProblem("link", fetched.problem);
      return;
    }
    sharedLink = withoutProposal(location.href).href;
    await checkText(fetched.text, `link (${url})`, sharedLink);
    return;
  }
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
  // A baked badge image (PNG or SVG, told by its first bytes) may be larger than a credential's JSON.
  const image = imageKind(new Uint8Array(await file.slice(0, 4096).arrayBuffer())) !== undefined;
  const limit = image ? MAX_BADGE_IMAGE_BYTES : 5_000_000;
  if (file.size > limit) {
    showProblem(file.name, {
      title: "This file is not a credential",
      message: `It is ${(file.size / 1e6).toFixed(1)} MB; ${image ? "a badge image is at most 64 MiB" : "a credential file is a few kilobytes of JSON"}.`,
      fix: "Choose the credential's .json file, or the baked badge image the issuer sent.",
      code: "TOO_LARGE",
    });
    return;
  }
  const content = fileContent(new Uint8Array(await file.arrayBuffer()));
  if (!content.ok) {
    showProblem(file.name, content.problem);
    return;
  }
  await checkText(
    content.text,
    content.baked ? `${file.name} (baked ${content.baked.toUpperCase()} badge)` : file.name,
  );
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
  ui.shareButton.hidden = true;
  document.getElementById("linkedin-button")?.remove();
  document.getElementById("print-button")?.remove();
  document.getElementById("print-sheet")?.remove();
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

async function checkText(text: string, source: string, link?: string): Promise<void> {
  lastInput = { text, source, link };
  sharedLink = link;
  const loaded = loadCredential(text, source);
  // A JSON document that claims a credanchor proof but breaks the format is checked (and found
  // invalid); only what is no credential at all gets the "not a credential" panel.
  if (!loaded.ok && !claimsCredanchorProof(text)) {
    showProblem(source, loaded.problem);
    return;
  }
  const id = startResult(source);
  currentText = undefined;
  const checks = renderChecks();
  ui.checks.replaceChildren(checks.element);
  ui.checksSection.hidden = false;
  paintVerdict(ui.verdict, { kind: "checking" });
  showResultHeading();

  const chain = loaded.ok ? loaded.proof.anchor?.chain : undefined;
  const chainId = chain ? parseChainId(chain) : undefined;
  const settings = effectiveSettings(chainId, savedRpc, identity.doh, proposal, proposalAccepted);
  if (chainId !== undefined) {
    ui.resultSource.textContent =
      `From: ${source} · ${chainLabel(chainId)} via ${settings.rpcUrls.join(", ") || "no RPC endpoint (see Network settings)"}` +
      (settings.viaLink.length > 0 ? " (proposed by the link)" : "");
  }
  // The badge shows the file's content only once the content check passed: a changed file's names
  // (its issuer, its recipient) are never shown as the issuer's.
  let badgeShown = false;
  let withheld = false;
  /** The anchor check's result once it is known: the badge's anchoring date is the chain's, from it. */
  let anchorResult: CheckResult | undefined;
  const showBadge = () => {
    if (badgeShown || withheld || !loaded.ok) return;
    badgeShown = true;
    ui.badge.replaceChildren(
      renderBadge(readBadge(loaded.credential), describeRedactions(loaded.credential, loaded.proof)),
    );
    if (anchorResult) showAnchoredAt(ui.badge, anchorResult);
  };
  const withhold = () => {
    if (withheld) return;
    withheld = true;
    badgeShown = false;
    ui.badge.replaceChildren(
      h(
        "p",
        { class: "content-withheld", id: "content-withheld" },
        "The content of this file is not shown: it does not match what the issuer recorded, so the names " +
          "and details in it may be forged.",
      ),
    );
  };
  const seen: CheckResult[] = [];
  const onResult = (result: CheckResult) => {
    seen.push(result);
    if (result.check === "anchor") {
      anchorResult = result;
      if (badgeShown) showAnchoredAt(ui.badge, result);
    }
    if (contentDisproved([result])) withhold();
    else if (result.check === "integrity" && result.status === "passed") showBadge();
  };

  try {
    const outcome = await verifyInPage(text, {
      file: source,
      chain: chainId === undefined ? undefined : formatCaip2ChainId(chainId),
      rpcUrls: settings.rpcUrls,
      doh: settings.doh,
      onCheck(progress) {
        if (id !== runId) return;
        if (progress.phase === "started") checks.start(progress.check);
        else if (progress.result) {
          checks.finish(progress.result);
          onResult(progress.result);
        }
      },
    });
    if (id !== runId) return;
    for (const result of outcome.checks) {
      checks.finish(result);
      onResult(result);
    }
    checks.settle();
    const components = renderComponents(outcome);
    if (components) ui.checks.append(components);
    const view = presentVerdict(outcome, {
      viaLink: settings.viaLink,
      chainId,
      notCredentialCodes: NOT_CREDENTIAL_CODES,
    });
    paintVerdict(ui.verdict, { kind: "result", view });
    // A valid verdict says in one line what the holder hid (the same count as the badge and the CLI).
    const hiddenLine =
      (view.kind === "valid" || view.kind === "local") && loaded.ok
        ? hiddenFieldsLine(describeRedactions(loaded.credential, loaded.proof))
        : undefined;
    if (hiddenLine) {
      ui.verdict
        .querySelector(".verdict-reason")
        ?.after(h("p", { class: "verdict-hidden", id: "verdict-hidden" }, hiddenLine));
    }
    const disproved = contentDisproved(outcome.checks) || view.kind === "not-a-credential";
    if (disproved) withhold();
    else if (CONTENT_CHECKS.every((name) => outcome.checks.some((c) => c.check === name && c.status === "passed"))) {
      showBadge();
    }
    // The checks are over: a date the chain did not confirm is said to be unconfirmed, not left "checking".
    if (badgeShown) showAnchoredAt(ui.badge, anchorResult);
    if (!disproved && loaded.ok) {
      // Only a file whose content is the issuer's may be passed on with "Copy link".
      currentText = text;
      ui.shareButton.hidden = false;
    }
    if (view.kind === "valid" && loaded.ok) {
      const linkedIn = renderLinkedInButton(loaded.credential, sharedLink);
      if (linkedIn) ui.shareButton.after(linkedIn);
    }
    if (badgeShown && loaded.ok) {
      // The printed certificate states the verdict of this check, whatever it was, and only content the checks proved.
      const sheet = await renderPrintSheet({
        badge: readBadge(loaded.credential),
        verdictTitle: view.title,
        verdictKind: view.kind,
        verdictReason: view.reason,
        checkedAt: new Date(),
        link: sharedLink,
        credentialId: credentialIdOf(loaded.credential),
      });
      if (id !== runId) return;
      document.body.append(sheet);
      const print = h("button", { type: "button", class: "secondary", id: "print-button" }, "Print certificate");
      print.addEventListener("click", () => window.print());
      ui.shareButton.parentElement?.append(print);
      sheet.dataset.ready = "true";
    }
    const caveat =
      view.kind === "local"
        ? "Anyone can run a local development chain: the issuer named below is not confirmed."
        : view.kind === "unconfirmed"
          ? "The details below could not be confirmed with your own network settings."
          : disproved
            ? undefined
            : badgeCaveat(outcome);
    if (caveat && badgeShown) {
      ui.badge.prepend(h("p", { class: `badge-caveat badge-caveat-${view.tone}` }, caveat));
    }
    document.body.dataset.state = view.kind;
  } catch (error) {
    if (id !== runId) return;
    checks.settle();
    const message = error instanceof Error ? error.message : String(error);
    paintVerdict(ui.verdict, { kind: "crashed", message: `The verification stopped unexpectedly: ${message}` });
    if (badgeShown) {
      showAnchoredAt(ui.badge, anchorResult);
      ui.badge.prepend(
        h("p", { class: "badge-caveat badge-caveat-error" }, badgeCaveat({ status: "error", checks: seen }) ?? ""),
      );
    }
    document.body.dataset.state = "error";
  }
}

/**
 * The notice for a link that proposes network settings: what it proposes, that the page does not use
 * them, and a button to use them for this visit (results through them are never shown as valid).
 */
function paintProposal(): void {
  const rejected = proposal.rpc.rejected;
  if (!hasProposal(proposal) && rejected.length === 0) {
    ui.linkProposal.hidden = true;
    return;
  }
  ui.linkProposal.hidden = false;
  const ignored =
    rejected.length > 0
      ? h("p", { id: "link-proposal-rejected" }, `Ignored (not a URL): ${rejected.map((r) => `"${r}"`).join(", ")}.`)
      : false;
  if (!hasProposal(proposal)) {
    ui.linkProposal.replaceChildren(ignored || "");
    return;
  }
  const toggle = h(
    "button",
    { type: "button", class: "secondary", id: "link-proposal-toggle" },
    proposalAccepted ? "Stop using them" : "Use them for this visit",
  );
  toggle.addEventListener("click", () => {
    proposalAccepted = !proposalAccepted;
    paintProposal();
    if (lastInput) void checkText(lastInput.text, lastInput.source, lastInput.link);
  });
  ui.linkProposal.replaceChildren(
    h(
      "p",
      { id: "link-proposal-text" },
      h("strong", {}, "This link proposes its own network settings: "),
      `${describeProposal(proposal)}. `,
      proposalAccepted
        ? "They are in use for this visit. A result reached through them is never shown as valid."
        : "The page does not use them: whoever made the link controls what they answer. It uses your own " +
            "settings below. If you use the link's settings, a result reached through them is never shown as valid.",
    ),
    ...(ignored ? [ignored] : []),
    h("div", { class: "actions" }, toggle),
  );
  ui.linkProposal.dataset.accepted = String(proposalAccepted);
}

/** Moves keyboard focus to the result and scrolls it to the top (on a phone the inputs fill the screen). */
function showResultHeading(): void {
  ui.resultHeading.focus({ preventScroll: true });
  ui.resultHeading.scrollIntoView({ block: "start" });
}

function credentialIdOf(credential: unknown): string | undefined {
  const id = (credential as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
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
