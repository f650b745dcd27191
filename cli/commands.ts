/**
 * The one table of commands: name → summary and module. Modules load on demand, so `--help` and
 * offline commands do not pay for the chain libraries.
 */
import type { Command } from "./lib/command";

export interface CommandEntry {
  /** One line for `credanchor --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: "write a commented credanchor.config.json",
    load: async () => (await import("./commands/init")).initCommand,
  },
  // identity: issuer identity binding (DNS TXT record, did:web) — issue 6.
};
