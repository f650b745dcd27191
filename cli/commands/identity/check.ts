/** `credanchor identity check --domain D`: what the domain publishes, by each method, and what is missing. */
import {
  checkIdentity,
  createDidWebKeyResolver,
  type FetchLike,
  type IdentityCheckReport,
  type IdentityStatus,
  LOCAL_DEVELOPMENT_CHAIN,
} from "../../../sdk/src/node";
import { NetworkError } from "../../errors";
import { identityLookupOptions, type IdentityLookupFlags } from "../../lib/identityLookup";
import type { Io } from "../../lib/io";
import { printable, type Styles, writeReport } from "../../lib/output";
import { trackTask } from "../../lib/progress";
import { describeError, printError } from "../../lib/report";
import {
  configuredSigningKey,
  profileFinding,
  registrySide,
  type IdentityCheckJson,
  type IdentityOptions,
  type IdentityProfileJson,
  type RegistrySide,
  type SigningKeyFindingJson,
} from "./shared";

/**
 * Looks the records up and checks the registry's profile URL. Resolves to the exit code: 0 bound,
 * 1 not bound, 2 could not be checked (an RPC endpoint that does not answer included).
 */
export async function checkBinding(options: IdentityOptions, io: Io): Promise<number> {
  try {
    return await identityCheck(options, io);
  } catch (error) {
    // An RPC endpoint that does not answer leaves the binding undecided: exit 2, like a DNS timeout.
    if (!unreachable(error)) throw error;
    printError(io, error, { debug: options.debug, json: options.json });
    return 2;
  }
}

/** The published did.json lists the configured signing key for assertionMethod (issuer signatures verify). */
async function signingKeyFinding(
  side: RegistrySide,
  io: Io,
  options: IdentityOptions,
): Promise<SigningKeyFindingJson | undefined> {
  const configured = configuredSigningKey(io, options);
  if (!configured) return undefined;
  const fetch = globalThis.fetch as unknown as FetchLike;
  try {
    const key = await createDidWebKeyResolver({ fetch, timeoutMs: options.timeoutMs ?? 5000 })(
      configured.verificationMethod,
    );
    if (key && key.publicKeyMultibase === configured.publicKeyMultibase) {
      return {
        status: "passed",
        verificationMethod: configured.verificationMethod,
        message: `${side.records.didWeb.url} lists the signing key ${configured.verificationMethod} for assertionMethod.`,
      };
    }
    return {
      status: "failed",
      verificationMethod: configured.verificationMethod,
      message: `${side.records.didWeb.url} does not list the configured signing key ${configured.verificationMethod} for assertionMethod: signed credentials will not verify.`,
    };
  } catch (error) {
    return {
      status: "error",
      verificationMethod: configured.verificationMethod,
      message: `${side.records.didWeb.url} could not be read to check the signing key: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function identityCheck(options: IdentityOptions, io: Io): Promise<number> {
  const side = await registrySide(options, io);
  const flags: IdentityLookupFlags = {
    dnsServers: options.dnsServers,
    methods: options.methods,
    timeoutMs: options.timeoutMs,
  };
  const profileUrl = "problem" in side.profile ? undefined : side.profile.url;
  const report = await trackTask(
    io,
    `looking up ${side.records.domain}`,
    checkIdentity(
      {
        domain: side.records.domain,
        chain: side.records.chain,
        registry: side.records.registry,
        profileUrl,
        did: options.did,
      },
      identityLookupOptions(flags),
    ),
    { enabled: !options.json },
  );
  const profile = await profileFinding(side);
  const signingKey = await signingKeyFinding(side, io, options);
  let exitCode = checkExitCode(report, profile);
  if (signingKey?.status === "failed") exitCode = 1;
  else if (signingKey?.status === "error" && exitCode === 0) exitCode = 2;
  const result: IdentityCheckJson = {
    ...side.base,
    profile,
    bound: exitCode === 0,
    status: report.status,
    code: report.code,
    message: report.message,
    methods: report.methods,
    found: report.found,
    ...(signingKey ? { signingKey } : {}),
    exitCode,
  };
  return writeReport(
    io,
    options.json,
    result,
    (style) => [
      ...formatCheck(result, side.networkFlag, style),
      ...(signingKey ? [`signing key: ${signingKey.status}: ${signingKey.message}`] : []),
    ],
    exitCode,
  );
}

/**
 * 0 bound both ways; 1 something is proven wrong (the profile, a record naming another registry or
 * chain, a malformed record, or nothing published by any method); 2 undecided (a lookup or the
 * profile read failed and nothing else is wrong).
 */
function checkExitCode(report: IdentityCheckReport, profile: IdentityProfileJson): 0 | 1 | 2 {
  if (profile.status === "failed") return 1;
  if (report.status === "failed") return 1;
  // A record that names something else is a finding even when the other method could not be asked;
  // "nothing published" is one only when every method could look (report.status is then failed).
  const mismatch = report.methods.some(
    (method) => method.status === "failed" && method.code !== "IDENTITY_NOT_PUBLISHED",
  );
  if (report.status !== "passed" && mismatch) return 1;
  if (report.status === "passed" && profile.status === "passed") return 0;
  return 2;
}

/** An endpoint that could not be reached (as opposed to a wrong flag or a missing registry). */
function unreachable(error: unknown): boolean {
  if (error instanceof NetworkError) return error.cause !== undefined;
  const code = describeError(error).code;
  return code === "RPC_UNREACHABLE" || code === "RPC_REQUEST_FAILED";
}

const MARK: Record<IdentityStatus, (style: Styles) => string> = {
  passed: (s) => s.green("✔"),
  failed: (s) => s.red("✘"),
  error: (s) => s.yellow("?"),
  skipped: (s) => s.dim("-"),
};

function formatCheck(result: IdentityCheckJson, networkFlag: string, style: Styles): string[] {
  const { records } = result;
  const lines = [
    `Identity of registry ${records.registry} on ${result.network} (${records.chain}) at ${style.bold(records.domain)}:`,
  ];
  for (const method of result.methods) {
    lines.push(`  ${MARK[method.status](style)} ${method.method.padEnd(8)} ${printable(method.message)}`);
  }
  const profileMark = { passed: "passed", failed: "failed", unknown: "error" } as const;
  lines.push(
    `  ${MARK[profileMark[result.profile.status]](style)} ${"profile".padEnd(8)} ${printable(result.profile.message)}`,
  );
  if (result.found.lookups.length > 0) {
    lines.push("  looked up:");
    for (const lookup of result.found.lookups) {
      lines.push(`    ${lookup.target}  ${lookup.outcome}${lookup.detail ? `: ${printable(lookup.detail)}` : ""}`);
    }
  }
  lines.push("");
  const check = `credanchor identity check --domain ${records.domain} ${networkFlag}`;
  if (result.exitCode === 0) {
    const by = result.methods
      .filter((method) => method.status === "passed")
      .map((method) => (method.method === "dns" ? "its DNS TXT record" : "its did:web document"))
      .join(" and ");
    lines.push(
      `${style.green("✔ bound:")} ${records.domain} names registry ${records.registry} on ${records.chain} in ${by}, and the registry's profile URL names ${records.domain}.`,
    );
    if (result.localChain) {
      lines.push(
        style.dim(
          `  (${LOCAL_DEVELOPMENT_CHAIN} is the local chain: \`credanchor verify\` checks this binding there only with --identity.)`,
        ),
      );
    }
  } else if (result.exitCode === 1) {
    const wrong = [
      ...result.methods
        .filter((method) => method.status === "failed" && method.code !== "IDENTITY_NOT_PUBLISHED")
        .map((method) => `${method.method}: ${method.message}`),
      ...(result.profile.status === "failed" ? [`profile: ${result.profile.message}`] : []),
    ];
    const reason = wrong.length > 0 ? wrong.join("; ") : result.message;
    lines.push(`${style.red("✘ not bound:")} ${printable(reason)}`);
    if (result.profile.status !== "failed" || wrong.length > 1) {
      lines.push(
        `  ${style.dim("fix:")} publish the TXT record or the did.json entry that \`credanchor identity --domain ${records.domain} ${networkFlag}\` prints (records for other registries or chains may stay), then run \`${check}\` again`,
      );
    }
  } else {
    lines.push(`${style.yellow("? could not be checked:")} ${printable(result.message)}`);
    lines.push(
      `  ${style.dim("fix:")} a lookup failed or timed out; it is safe to run \`${check}\` again (or try --dns-server)`,
    );
  }
  return lines;
}
