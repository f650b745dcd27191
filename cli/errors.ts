/**
 * The command line's own expected failures: a wrong flag, a missing config, no key, an unknown
 * network. Everything the SDK throws on purpose is a `BaseError` too; anything else is a bug.
 */
// The one module of the SDK that the CLI imports past its entry point (eslint.config.mjs says why): it
// has no imports, so the CLI's errors, and with them `--help` and usage errors, load no chain stack.
import { BaseError, type BaseErrorParameters } from "../sdk/src/errors/base";

/** Bad flags or arguments. Exit code 2. */
export class UsageError extends BaseError {
  override name = "UsageError";
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super(message, { code: "CLI_USAGE", ...parameters });
  }
}

/** credanchor.config.json is missing, not JSON, or holds a value of the wrong kind. */
export class ConfigError extends BaseError {
  override name = "ConfigError";
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super(message, { code: "CLI_CONFIG", ...parameters });
  }
}

/** No signing key, a malformed key, or a keystore that does not open. The key itself is never shown. */
export class KeyError extends BaseError {
  override name = "KeyError";
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super(message, { code: "CLI_KEY", ...parameters });
  }
}

/** An unknown network, no RPC URL, no registry address, or an endpoint on another chain. */
export class NetworkError extends BaseError {
  override name = "NetworkError";
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super(message, { code: "CLI_NETWORK", ...parameters });
  }
}

/** A file or directory given on the command line that cannot be read as what the command needs. */
export class InputError extends BaseError {
  override name = "InputError";
  constructor(message: string, parameters: BaseErrorParameters = {}) {
    super(message, { code: "CLI_INPUT", ...parameters });
  }
}
