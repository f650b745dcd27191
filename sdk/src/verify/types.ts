/**
 * Types of the verification pipeline: the checks, their results, the options. docs/SPEC.md section 7
 * describes the checks, their order and their codes.
 */
import type { Eip1193Provider, QuorumOptions, ReadTransport, RpcEndpointInput } from "../chain/transport/types";
import type { Address, Caip2ChainId } from "../types";
import type { CheckCode } from "./codes";
import type { ResolveAssertionKey } from "../sign/verifyCredentialSignature";
import type { CheckName, CheckStatus } from "./checkNames";

export { CHECK_NAMES, type CheckName, type CheckStatus } from "./checkNames";

/**
 * The overall verdict: any check failed → `invalid`; else any check error, or any check skipped for
 * a reason a valid verdict does not accept (`ACCEPTED_SKIP_CODES`) → `error`; else `valid`.
 */
export type VerificationStatus = "valid" | "invalid" | "error";

/** The outcome of one check. */
export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  /** Stable, machine-readable: one of `CHECK_CODES`, e.g. `INTEGRITY_DIGEST_MISMATCH`. */
  code: CheckCode;
  /** One sentence a person understands. */
  message: string;
  /** Values behind the message (numbers, addresses, pointers), for tools and support. */
  details?: Record<string, unknown>;
}

/** The verdict on one credential. */
export interface VerificationResult {
  status: VerificationStatus;
  /** One entry per check, in `CHECK_NAMES` order. */
  checks: CheckResult[];
  /** The position of the credential in the input list. */
  index: number;
  /** The file name given in `options.files`, when any. */
  file?: string;
  /** The credential's `id`. */
  credentialId?: string;
  /** The subject's `name`, else its `id`, else its first identifier (e.g. a hashed e-mail address), as written. */
  holder?: string;
  /** The achievement's name. */
  achievement?: string;
  /**
   * The issuer as the credential names it (`id`, `name`, `url`: claims, not confirmed), and `domain`:
   * the domain the identity check confirmed, with the did:web path when there is one
   * (`example.edu`, `example.edu/~mallory`); present only when the issuer check passed.
   */
  issuer?: { id?: string; name?: string; url?: string; domain?: string };
  /**
   * `true` when the proof's anchor record names the local development chain eip155:31337, where no
   * domain can bind a registry: a `valid` verdict there says "valid on a local development chain,
   * issuer not checked", never the same as a public chain's.
   */
  localChain?: true;
  /** Where the proof says the batch is anchored. */
  anchor?: { chain: string; registry: string; root: string; leafIndex: number };
  /** One sentence: the verdict and its main reason. */
  summary: string;
  /**
   * A stacked credential (ClrCredential): the verdict on each embedded component, in embedded order
   * (each may have components of its own, to depth 3). docs/SPEC.md section 11.5.
   */
  components?: VerificationResult[];
  /**
   * A stacked credential: how many of the components it names (`isChildOf` associations) verify now,
   * and which are withheld by the holder. `summary`: "3 of 3 modules".
   */
  stack?: { achievement?: string; met: number; total: number; unit: string; withheld: string[]; summary: string };
}

/** RPC configuration of one chain. */
export interface ChainRpcConfig {
  /** Endpoints in order of preference: URLs and/or EIP-1193 providers. */
  endpoints: readonly RpcEndpointInput[];
  /** k of n endpoints must agree on every read. */
  quorum?: QuorumOptions;
  /** Per attempt, ms. Default 10,000. */
  timeoutMs?: number;
  /** Retries per endpoint on network errors, 5xx, 429 and timeouts. Default 2. */
  retries?: number;
  /** First backoff delay, ms. Default 100. */
  retryDelayMs?: number;
  /** With a quorum: how many blocks apart the `k` heads may be. Default `defaultConfirmations(chainId)`. */
  maxHeadSpread?: number;
}

/**
 * RPC access for one chain: a URL, a provider, a list of them (failover in order), a full
 * configuration (with quorum), or a ready transport (shared between runs, with its request counters).
 */
export type ChainRpcInput = string | Eip1193Provider | readonly RpcEndpointInput[] | ChainRpcConfig | ReadTransport;

/** When `verifyCredentials` checks the issuer's domain binding (`VerifyOptions.identity`). */
export type IdentityMode = "auto" | "on" | "off";

/** The local development chain (Hardhat, `hardhat node`): no real domain can bind a registry there. */
export const LOCAL_DEVELOPMENT_CHAIN = "eip155:31337" as Caip2ChainId;

/** What the identity hook is given: the credential's issuer and the registry's on-chain profile. */
export interface IdentityResolverInput {
  /** The credential's `issuer` (a Profile object, or a bare id string). */
  issuer: unknown;
  chain: Caip2ChainId;
  registry: Address;
  profile: { name: string; url: string };
}

/**
 * What the identity hook answers; `IdentityResult` of `sdk/src/identity` fits. The code must be a
 * check code reported with its own status (`CHECK_CODES`), and `passed` only with
 * `IDENTITY_VERIFIED`; any other answer becomes `ISSUER_IDENTITY_ERROR`. `domain` (when passed): the
 * confirmed domain, with its did:web path, shown as `VerificationResult.issuer.domain`.
 */
export interface IdentityResolverResult {
  status: CheckStatus;
  code: string;
  domain?: string;
  message: string;
  [key: string]: unknown;
}

/**
 * Binds the registry to the issuer's domain (DNS TXT record, did:web document). Called once per
 * distinct (issuer, chain, registry) in a run, after the on-chain profile comparison passed.
 */
export type IdentityResolver = (input: IdentityResolverInput) => Promise<IdentityResolverResult>;

/** A check starting or finishing, for user interfaces. */
export interface CheckProgressEvent {
  /** The credential's position in the input list. */
  index: number;
  check: CheckName;
  phase: "started" | "finished";
  /** Set when `phase` is `finished`. */
  result?: CheckResult;
}

/** Options of `verifyCredential(s)`. */
export interface VerifyOptions {
  /** RPC access per CAIP-2 chain id, e.g. `{ "eip155:31337": "http://127.0.0.1:8545" }`. */
  rpc?: Partial<Record<Caip2ChainId, ChainRpcInput>>;
  /** Confirmations required; one number for every chain or one per chain. Default: `defaultMinConfirmations`. */
  minConfirmations?: number | Partial<Record<Caip2ChainId, number>>;
  /** The time validity is judged at. Default: now. */
  now?: Date | number | string;
  /**
   * Domain binding of the registry (DNS, did:web): `createIdentityResolver()`. Without one, the issuer
   * check on a public chain is `skipped` with `ISSUER_NOT_CHECKED_NO_RESOLVER` and the verdict is
   * `error` (issuer not confirmed).
   */
  identityResolver?: IdentityResolver;
  /**
   * When the domain binding is checked. `auto` (default): on every chain but the local development
   * chain eip155:31337 (there `ISSUER_NOT_CHECKED_LOCAL_CHAIN`, and the verdict may be valid). `on`:
   * there too. `off`: nowhere (`ISSUER_NOT_CHECKED_BY_REQUEST`: the verdict is `error` except on
   * the local chain, never valid on a public chain).
   */
  identity?: IdentityMode;
  /** File names (or other labels) of the inputs, same order; used in results and messages. */
  files?: readonly (string | undefined)[];
  /** Most items per `credentialStatuses` eth_call (calls are also cut at a gas budget). Default 2,000. */
  statusChunkSize?: number;
  /**
   * Read the registry's events (one `eth_getLogs` per batch, at most 16 batches per registry) to give
   * the reason of a revocation or suspension. Only when something is revoked or suspended; a failed
   * read leaves the reason out. Default true.
   */
  statusReasons?: boolean;
  /**
   * Finds the issuer's signing key for the `signature` check (eddsa-rdfc-2022). Default: the issuer's
   * did:web document, fetched once per run (`createDidWebKeyResolver`).
   */
  signatureKeyResolver?: ResolveAssertionKey;
  /** Called as each check starts and finishes. */
  onCheck?: (event: CheckProgressEvent) => void;
  /** Called as credentials are finished: `done` of `total`. */
  onProgress?: (done: number, total: number) => void;
}
