/**
 * Names a user types or reads in help text: the config file and the environment variables that hold
 * secrets. Kept apart from the modules that use them so that `--help` loads no SDK (cli/specs/).
 */

/** The config file `credanchor init` writes and every command reads (`--config` names another). */
export const CONFIG_FILE = "credanchor.config.json";

/** The issuer's signing key (multibase secret), from a secret store. */
export const SIGNING_KEY_ENV = "CREDANCHOR_SIGNING_KEY";
/** The password of the encrypted signing-key file. */
export const SIGNING_KEY_PASSWORD_ENV = "CREDANCHOR_SIGNING_KEY_PASSWORD";

/** The environment variables that hold the SMTP login (`credanchor deliver`). */
export const SMTP_USER_ENV = "CREDANCHOR_SMTP_USER";
export const SMTP_PASSWORD_ENV = "CREDANCHOR_SMTP_PASSWORD";
