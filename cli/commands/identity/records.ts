/** `credanchor identity --domain D`: what to publish so that verifiers bind the registry to the domain. */
import { LOCAL_DEVELOPMENT_CHAIN } from "../../../sdk/src/node";
import type { Io } from "../../lib/io";
import { printable, type Styles, writeReport } from "../../lib/output";
import {
  profileFinding,
  registrySide,
  type IdentityProfileJson,
  type IdentityJson,
  type IdentityOptions,
} from "./shared";

/** Prints the records to publish for the configured registry, and its profile finding. Resolves to 0. */
export async function printRecords(options: IdentityOptions, io: Io): Promise<number> {
  const side = await registrySide(options, io);
  const report: IdentityJson = { ...side.base, profile: await profileFinding(side) };
  return writeReport(io, options.json, report, (style) => formatRecords(report, side.networkFlag, style));
}

function indentJson(value: unknown, indent: string): string[] {
  return JSON.stringify(value, null, 2)
    .split("\n")
    .map((line) => `${indent}${line}`);
}

function formatRecords(report: IdentityJson, networkFlag: string, style: Styles): string[] {
  const { records } = report;
  const lines = [
    `Publish one of these for ${style.bold(records.domain)} to bind registry ${records.registry} on ${report.network} (${records.chain}):`,
    "",
    style.bold("1. A DNS TXT record"),
    `  name   ${records.txt.name}`,
    `  type   ${records.txt.type}`,
    `  value  ${records.txt.value}`,
    "  as a zone-file line:",
    `  ${records.txt.zoneFileLine}`,
    "",
    style.bold("2. Or an entry in your did:web document"),
    `  add to the "service" array of ${records.didWeb.url} (the document of ${records.didWeb.did}):`,
    ...indentJson(records.didWeb.service, "  "),
    "  no did.json yet? serve this whole document:",
    ...indentJson(records.didWeb.document, "  "),
    "  (serve it with Access-Control-Allow-Origin: * so that the web verifier can read it)",
    "",
    style.bold("The registry's profile URL"),
    `  must name ${records.domain}: ${records.profileUrl}`,
    ...profileLines(report.profile, style),
    `  and your credentials' issuer.id or issuer.url must name ${records.domain} too.`,
  ];
  if (report.localChain) {
    lines.push(
      "",
      style.yellow(
        `Note: ${LOCAL_DEVELOPMENT_CHAIN} is the local development chain; \`credanchor verify\` does not look these records up there unless --identity is given.`,
      ),
    );
  }
  lines.push(
    "",
    `Next: publish one of them, then \`credanchor identity check --domain ${records.domain} ${networkFlag}\``,
  );
  return lines;
}

/** The profile finding as text lines. */
function profileLines(profile: IdentityProfileJson, style: Styles): string[] {
  const lines: string[] = [];
  if (profile.status === "passed") lines.push(`  ${style.green("✔")} ${printable(profile.message)}`);
  else if (profile.status === "failed") lines.push(`  ${style.red("✘")} ${printable(profile.message)}`);
  else lines.push(`  ${style.yellow("?")} ${printable(profile.message)}`);
  if (profile.fix) lines.push(`    ${style.dim("fix:")} ${printable(profile.fix)}`);
  return lines;
}
