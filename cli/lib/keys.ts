/**
 * The signing key of commands that send transactions: CREDANCHOR_PRIVATE_KEY, or an encrypted JSON
 * keystore (`--keystore FILE`, password from CREDANCHOR_KEYSTORE_PASSWORD or a hidden prompt), or an
 * external JSON-RPC signer (`--signer-rpc URL`: no key at all; neither the variable nor a keystore is
 * read). The key is handed to the SDK and never printed, logged or written; errors never quote it.
 */
import fs from "node:fs";
import path from "node:path";
import { type Address, connectJsonRpcSigner, type Hex, redactUrl, type SignerMethod } from "../../sdk/src/node";
import { KeyError, UsageError } from "../errors";
import { stringFlag, type ParsedArgs } from "./args";
import type { Io } from "./io";

export const PRIVATE_KEY_ENV = "CREDANCHOR_PRIVATE_KEY";
export const KEYSTORE_PASSWORD_ENV = "CREDANCHOR_KEYSTORE_PASSWORD";

export interface Signer {
  /** Never print this. Undefined with an external signer. */
  privateKey?: Hex;
  /** `--signer-rpc`: the signer that holds the key. */
  external?: { url: string; method: SignerMethod | "auto" };
  address: Address;
  /** For messages: `CREDANCHOR_PRIVATE_KEY`, `keystore wallet.json` or `signer http://…`. */
  source: string;
}

/** Where the signing key comes from (the KEY_FLAGS of a command). */
export interface KeyOptions {
  keystore?: string;
  /** An external JSON-RPC signer's URL (`--signer-rpc`). */
  signerRpc?: string;
  /** The signer's account to use (`--from`); default its first. */
  from?: string;
  /** `sign`, `send` or `auto` (`--signer-method`). */
  signerMethod?: string;
}

/** The KEY_FLAGS' values. */
export function keyOptions(args: ParsedArgs): KeyOptions {
  return {
    keystore: stringFlag(args, "keystore"),
    signerRpc: stringFlag(args, "signer-rpc"),
    from: stringFlag(args, "from"),
    signerMethod: stringFlag(args, "signer-method"),
  };
}

/**
 * Loads the key: `--keystore FILE` when given, else CREDANCHOR_PRIVATE_KEY.
 *
 * @example
 * const signer = await loadSigner(io, { keystore: stringFlag(args, "keystore") });
 * io.stdout.write(`sending from ${signer.address}\n`);
 */
export async function loadSigner(io: Io, options: KeyOptions): Promise<Signer> {
  if (options.signerRpc !== undefined) return externalSigner(options);
  if (options.from !== undefined || options.signerMethod !== undefined) {
    throw new UsageError(`--${options.from !== undefined ? "from" : "signer-method"} needs --signer-rpc URL`, {
      fix: "--from and --signer-method choose the account and the method of an external signer",
    });
  }
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

/** `--signer-rpc URL [--from ADDR] [--signer-method sign|send|auto]`: asks the signer for its account. */
async function externalSigner(options: KeyOptions): Promise<Signer> {
  const url = options.signerRpc!;
  if (options.keystore !== undefined) {
    throw new UsageError("--signer-rpc and --keystore do not go together", {
      fix: "sign with the external signer (--signer-rpc) or with a keystore, not both",
    });
  }
  if (!/^https?:\/\/./i.test(url)) {
    throw new UsageError(`--signer-rpc '${redactUrl(url)}' is not an http(s) URL`, {
      fix: "give the signer's JSON-RPC URL, e.g. --signer-rpc http://127.0.0.1:9000",
    });
  }
  const method = (options.signerMethod ?? "auto") as SignerMethod | "auto";
  if (!["sign", "send", "auto"].includes(method)) {
    throw new UsageError(`--signer-method must be sign, send or auto, not '${options.signerMethod}'`, {
      fix: "sign: eth_signTransaction, broadcast by credanchor; send: eth_sendTransaction; auto: sign when the signer can",
    });
  }
  let from: Address | undefined;
  if (options.from !== undefined) {
    const { isAddress, getAddress } = await import("viem");
    if (!isAddress(options.from, { strict: false })) {
      throw new UsageError(`--from '${options.from}' is not an address`, {
        fix: "give one of the signer's 0x… accounts",
      });
    }
    from = getAddress(options.from);
  }
  const signer = await connectJsonRpcSigner({ url, from, method: "send" });
  return { external: { url, method }, address: signer.address, source: `signer ${signer.endpoint}` };
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
