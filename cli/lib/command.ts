/** The shape of a command module, and the glue that turns parsed flags into a call. */
import type { CommandSpec, ParsedArgs } from "./args";
import type { Io } from "./io";

/** A command as its module declares it: flags, how flags become options, and the function itself. */
export interface CommandDefinition<Options> {
  spec: CommandSpec;
  /** Turns parsed flags into the options the command function takes (throws UsageError). */
  options(args: ParsedArgs, io: Io): Options;
  /** The command function (also exported by name for tests and the demo). Resolves to the exit code. */
  run(options: Options, io: Io): Promise<number>;
  /** Exit code for an expected failure (a BaseError); default 1. `verify` uses 2: "could not check". */
  failureExitCode?: number;
}

/** A command with its options type erased, as the table holds it. */
export interface Command {
  spec: CommandSpec;
  failureExitCode: number;
  /** Parses nothing: runs with flags already parsed by `main`. */
  execute(args: ParsedArgs, io: Io): Promise<number>;
}

/**
 * Wraps a command definition for the table.
 *
 * @example
 * export const initCommand = defineCommand({ spec, options: toOptions, run: init });
 */
export function defineCommand<Options>(definition: CommandDefinition<Options>): Command {
  return {
    spec: definition.spec,
    failureExitCode: definition.failureExitCode ?? 1,
    execute: (args, io) => definition.run(definition.options(args, io), io),
  };
}
