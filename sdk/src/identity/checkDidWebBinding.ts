import type { MethodOutcome } from "./checkDnsBinding";
import { classifyMismatch, describeBinding, sameAccount, type ExpectedBinding } from "./describe";
import type { DidWeb } from "./didWebToUrl";
import { fetchDidDocument } from "./fetchDidDocument";
import { readDidDocumentBindings } from "./readDidDocumentBindings";
import type { FetchLike, IdentityCache } from "./types";

/**
 * The did:web method: fetches the DID document of `didWeb` and looks for a `CredAnchorRegistry`
 * service or an `alsoKnownAs` CAIP-10 entry naming the expected registry and chain. A DID with a
 * path (`did:web:example.edu:dept`) is only fetched when `pathBound` is true (the registry's profile
 * URL is that exact DID): anyone who can publish a file under a path of the domain could otherwise
 * speak for the whole domain.
 *
 * @example
 * const outcome = await checkDidWebBinding(parseDidWeb("did:web:example.edu").didWeb!, expected, true, { fetch, timeoutMs, cache });
 */
export async function checkDidWebBinding(
  didWeb: DidWeb,
  expected: ExpectedBinding,
  pathBound: boolean,
  context: { fetch: FetchLike; timeoutMs: number; cache: IdentityCache },
): Promise<MethodOutcome> {
  const outcome: MethodOutcome = {
    result: { method: "did:web", status: "failed", code: "IDENTITY_NOT_PUBLISHED", message: "" },
    bindings: [],
    malformed: [],
    lookups: [],
  };
  if (didWeb.path.length > 0 && !pathBound) {
    outcome.lookups.push({
      method: "did:web",
      target: didWeb.url,
      outcome: "skipped",
      detail: "path DID not named by the profile",
    });
    outcome.result = {
      method: "did:web",
      status: "failed",
      code: "IDENTITY_DID_PATH_NOT_BOUND",
      message: `${didWeb.did} has a path, and a did:web DID with a path binds a registry only when the registry's profile URL is that same DID`,
    };
    return outcome;
  }

  const answer = await fetchDidDocument(didWeb.url, context);
  const status = answer.httpStatus === undefined ? "" : `HTTP ${answer.httpStatus}`;
  if (answer.outcome === "not-found") {
    outcome.lookups.push({ method: "did:web", target: didWeb.url, outcome: "not-found", detail: status });
    outcome.result.message = `${didWeb.url} does not exist (${status})`;
    return outcome;
  }
  if (answer.outcome === "error") {
    outcome.lookups.push({ method: "did:web", target: didWeb.url, outcome: "error", detail: answer.reason ?? status });
    outcome.result = {
      method: "did:web",
      status: "error",
      code: "IDENTITY_LOOKUP_ERROR",
      message: `fetching ${didWeb.url} failed (${answer.reason})`,
    };
    return outcome;
  }
  const read =
    answer.outcome === "document"
      ? readDidDocumentBindings(answer.document, didWeb.did, didWeb.url)
      : { problem: answer.reason, bindings: [], malformed: [] };
  if (read.problem !== undefined) {
    outcome.lookups.push({ method: "did:web", target: didWeb.url, outcome: "invalid", detail: read.problem });
    outcome.result = {
      method: "did:web",
      status: "failed",
      code: "IDENTITY_DID_DOCUMENT_INVALID",
      message: `${didWeb.url} is not a usable DID document: ${read.problem}`,
    };
    return outcome;
  }
  outcome.bindings = read.bindings;
  outcome.malformed = read.malformed;
  const entries = read.bindings.length + read.malformed.length;
  outcome.lookups.push({
    method: "did:web",
    target: didWeb.url,
    outcome: entries > 0 ? "found" : "nothing",
    detail: `${status}, ${entries} credanchor ${entries === 1 ? "entry" : "entries"}`,
  });
  const match = read.bindings.find((binding) => sameAccount(binding, expected));
  if (match) {
    outcome.result = {
      method: "did:web",
      status: "passed",
      code: "IDENTITY_VERIFIED",
      message: describeBinding(match),
    };
    return outcome;
  }
  const found = [
    ...read.bindings.map(describeBinding),
    ...read.malformed.map(
      (record) => `the DID document at ${record.source} has a malformed ${record.text} (${record.reason})`,
    ),
  ];
  outcome.result = {
    method: "did:web",
    status: "failed",
    code: classifyMismatch(read.bindings, read.malformed, expected),
    message:
      found.length > 0
        ? found.join("; ")
        : `the DID document at ${didWeb.url} has no CredAnchorRegistry service and no eip155 alsoKnownAs entry`,
  };
  return outcome;
}
