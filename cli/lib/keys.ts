/**
 * The signing key of commands that send transactions: CREDANCHOR_PRIVATE_KEY, or an encrypted JSON
 * keystore (`--keystore FILE`, password from CREDANCHOR_KEYSTORE_PASSWORD or a hidden prompt). The
 * key is handed to the SDK and never printed, logged or written; errors never quote it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Address, Hex } from "../../sdk/src/types";
import { KeyError } from "../errors";
import type { Io } from "./io";

export const PRIVATE_KEY_ENV = "CREDANCHOR_PRIVATE_KEY";
export const KEYSTORE_PASSWORD_ENV = "CREDANCHOR_KEYSTORE_PASSWORD";

export interface Signer {
  /** Never print this. */
  privateKey: Hex;
  address: Address;
  /** For messages: `CREDANCHOR_PRIVATE_KEY` or `keystore wallet.json`. */
  source: string;
}

/**
 * Loads the key: `--keystore FILE` when given, else CREDANCHOR_PRIVATE_KEY.
 *
 * @example
 * const signer = await loadSigner(io, { keystore: stringFlag(args, "keystore") });
 * io.stdout.write(`sending from ${signer.address}\n`);
 */
export async function loadSigner(io: Io, options: { keystore?: string }): Promise<Signer> {
  if (options.keystore !== undefined) return loadKeystore(io, options.keystore);
  const value = io.env[PRIVATE_KEY_ENV];
  if (value === undefined || value.trim() === "") {
    throw new KeyError("no key to sign with", {
      fix: `set ${PRIVATE_KEY_ENV}=0x… in the environment, or pass --keystore FILE (an encrypted JSON keystore)`,
    });
  }
  const privateKey = normalizeKey(value);
  if (!privateKey) {
    throw new KeyError(`${PRIVATE_KEY_ENV} is not a private key (expected 32 bytes as 64 hex digits)`, {
      fix: `check the value of ${PRIVATE_KEY_ENV}, or use --keystore FILE`,
    });
  }
  return { privateKey, address: await addressOf(privateKey), source: PRIVATE_KEY_ENV };
}

async function loadKeystore(io: Io, file: string): Promise<Signer> {
  const fullPath = path.resolve(io.cwd, file);
  let json: string;
  try {
    json = fs.readFileSync(fullPath, "utf8");
  } catch (error) {
    throw new KeyError(`cannot read keystore ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`, {
      fix: "check the path given to --keystore",
    });
  }
  const { isKeystoreJson, Wallet } = await import("ethers");
  if (!isKeystoreJson(json)) {
    throw new KeyError(`${file} is not an encrypted JSON keystore`, {
      fix: "give a Web3 Secret Storage (v3) keystore, as written by geth, Foundry's `cast wallet` or ethers",
    });
  }
  let password = io.env[KEYSTORE_PASSWORD_ENV];
  if (password === undefined) {
    if (!io.prompt) {
      throw new KeyError(`no password for keystore ${file}`, {
        fix: `set ${KEYSTORE_PASSWORD_ENV}, or run the command in a terminal to be asked`,
      });
    }
    password = await io.prompt(`Password for ${file}: `, { hidden: true });
  }
  let wallet: { privateKey: string; address: string };
  try {
    wallet = await Wallet.fromEncryptedJson(json, password);
  } catch {
    throw new KeyError(`cannot decrypt keystore ${file}: wrong password`, {
      fix: `check ${KEYSTORE_PASSWORD_ENV} or the password you typed`,
    });
  }
  return { privateKey: wallet.privateKey as Hex, address: wallet.address as Address, source: `keystore ${file}` };
}

function normalizeKey(value: string): Hex | undefined {
  const trimmed = value.trim();
  const hex = trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.slice(2) : trimmed;
  return /^[0-9a-fA-F]{64}$/.test(hex) && !/^0+$/.test(hex) ? (`0x${hex.toLowerCase()}` as Hex) : undefined;
}

async function addressOf(privateKey: Hex): Promise<Address> {
  const { privateKeyToAddress } = await import("viem/accounts");
  return privateKeyToAddress(privateKey);
}
