/**
 * Errors of the registry client: the contract's custom errors decoded with the values they carry,
 * the chain-id guard, and failures to reach or use an endpoint. Every class here is a `BaseError`.
 *
 * Length (over 400 lines): one file of subclasses per domain (CONVENTIONS.md, viem's errors/), one
 * class per custom error of the contract, each with its values, message and fix; a class is short.
 */
import { isoFromUnixSeconds } from "../credential/dateTime";
import type { Address, Hex } from "../types";
import { BaseError, CodedError, type BaseErrorParameters } from "./base";

const DOCS = "SPEC.md#6-the-registry-contract";

/** The names the SDK gives the registry's roles. */
export type RegistryRoleName = "admin" | "ISSUER_ROLE" | "REVOKER_ROLE";

/** Something the registry contract refused (a decoded custom error), or a revert the SDK could not decode. */
export class RegistryError extends BaseError {
  override name = "RegistryError";
  /** The contract's error name, e.g. `CredentialRegistryRootAlreadyAnchored`, when known. */
  readonly errorName?: string;
  /** The registry function that was called, e.g. `anchor`. */
  readonly functionName?: string;

  constructor(
    shortMessage: string,
    parameters: BaseErrorParameters & { errorName?: string; functionName?: string } = {},
  ) {
    super(shortMessage, { docsPath: DOCS, code: "REGISTRY_REVERTED", ...parameters });
    this.errorName = parameters.errorName;
    this.functionName = parameters.functionName;
  }
}

/**
 * The contract at the registry address answered a read, but not with what a CredentialRegistry
 * answers (a batch record, a name and a URL, a list of statuses): it is not a credanchor registry.
 *
 * @example
 * new UnexpectedAnswerError({ registry, functionName: "credentialStatuses", expected: "a status list" })
 */
export class UnexpectedAnswerError extends RegistryError {
  override name = "UnexpectedAnswerError";
  readonly registry: Address;
  constructor(args: { registry: Address; functionName: string; expected: string; cause?: unknown }) {
    super(
      `The contract at ${args.registry} answered ${args.functionName} with something that is not ${args.expected}; it is not a CredentialRegistry.`,
      {
        code: "REGISTRY_UNEXPECTED_ANSWER",
        functionName: args.functionName,
        cause: args.cause,
        fix: "Check the registry address and the network: a CredentialRegistry answers version() with its version.",
      },
    );
    this.registry = args.registry;
  }
}

/** `CredentialRegistryRootAlreadyAnchored(root)`: a root is anchored once and never changes. */
export class RootAlreadyAnchoredError extends RegistryError {
  override name = "RootAlreadyAnchoredError";
  readonly root: Hex;
  constructor({ root, functionName, cause }: { root: Hex; functionName?: string; cause?: unknown }) {
    super(`Root ${root} is already anchored in this registry.`, {
      code: "REGISTRY_ROOT_ALREADY_ANCHORED",
      errorName: "CredentialRegistryRootAlreadyAnchored",
      functionName,
      cause,
      details: "A batch root is anchored once and never changes; a second anchor of the same root is refused.",
      fix: "Nothing to send: `anchorBatch` records the existing anchor in the batch directory instead of re-sending.",
    });
    this.root = root;
  }
}

/** `CredentialRegistryUnknownRoot(root)`: the root was never anchored in this registry. */
export class UnknownRootError extends RegistryError {
  override name = "UnknownRootError";
  readonly root: Hex;
  constructor({ root, functionName, cause }: { root: Hex; functionName?: string; cause?: unknown }) {
    super(`Root ${root} was never anchored in this registry.`, {
      code: "REGISTRY_UNKNOWN_ROOT",
      errorName: "CredentialRegistryUnknownRoot",
      functionName,
      cause,
      fix: "Check the registry address and chain, or anchor the batch first (`anchorBatch`).",
    });
    this.root = root;
  }
}

/** `CredentialRegistryZeroRoot()`. */
export class ZeroRootError extends RegistryError {
  override name = "ZeroRootError";
  constructor({ functionName, cause }: { functionName?: string; cause?: unknown } = {}) {
    super("The zero root cannot be anchored.", {
      code: "REGISTRY_ZERO_ROOT",
      errorName: "CredentialRegistryZeroRoot",
      functionName,
      cause,
      fix: "Anchor the root from the batch's manifest.json, not an empty value.",
    });
  }
}

/** `CredentialRegistryZeroLeafCount(root)`. */
export class ZeroLeafCountError extends RegistryError {
  override name = "ZeroLeafCountError";
  readonly root: Hex;
  constructor({ root, functionName, cause }: { root: Hex; functionName?: string; cause?: unknown }) {
    super(`Batch ${root} was given a leaf count of 0; a batch holds at least one credential.`, {
      code: "REGISTRY_ZERO_LEAF_COUNT",
      errorName: "CredentialRegistryZeroLeafCount",
      functionName,
      cause,
      fix: "Pass the manifest's leafCount.",
    });
    this.root = root;
  }
}

/** `CredentialRegistryLengthMismatch(expected, actual)`. */
export class LengthMismatchError extends RegistryError {
  override name = "LengthMismatchError";
  readonly expected: bigint;
  readonly actual: bigint;
  constructor({
    expected,
    actual,
    functionName,
    cause,
  }: {
    expected: bigint;
    actual: bigint;
    functionName?: string;
    cause?: unknown;
  }) {
    super(`Two arrays that go together have different lengths: ${expected} and ${actual}.`, {
      code: "REGISTRY_LENGTH_MISMATCH",
      errorName: "CredentialRegistryLengthMismatch",
      functionName,
      cause,
      fix: "Give one leaf count per root (or one mask per word index).",
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** `CredentialRegistryEmptyInput()`. */
export class EmptyInputError extends RegistryError {
  override name = "EmptyInputError";
  constructor({ functionName, cause }: { functionName?: string; cause?: unknown } = {}) {
    super(`${functionName ?? "The registry call"} was given no items at all.`, {
      code: "REGISTRY_EMPTY_INPUT",
      errorName: "CredentialRegistryEmptyInput",
      functionName,
      cause,
      fix: "Pass at least one item.",
    });
  }
}

/** `CredentialRegistryZeroMask(root, wordIndex)`. */
export class ZeroMaskError extends RegistryError {
  override name = "ZeroMaskError";
  readonly root: Hex;
  readonly wordIndex: bigint;
  constructor({
    root,
    wordIndex,
    functionName,
    cause,
  }: {
    root: Hex;
    wordIndex: bigint;
    functionName?: string;
    cause?: unknown;
  }) {
    super(`The mask for word ${wordIndex} of batch ${root} has no bit set.`, {
      code: "REGISTRY_ZERO_MASK",
      errorName: "CredentialRegistryZeroMask",
      functionName,
      cause,
      fix: "Leave out words with nothing to change (revokeCredentials does this for you).",
    });
    this.root = root;
    this.wordIndex = wordIndex;
  }
}

/** `CredentialRegistryBitsOutOfRange(root, wordIndex, mask, leafCount)`. */
export class BitsOutOfRangeError extends RegistryError {
  override name = "BitsOutOfRangeError";
  readonly root: Hex;
  readonly wordIndex: bigint;
  readonly mask: bigint;
  readonly leafCount: bigint;
  constructor(p: {
    root: Hex;
    wordIndex: bigint;
    mask: bigint;
    leafCount: bigint;
    functionName?: string;
    cause?: unknown;
  }) {
    super(
      `Word ${p.wordIndex} of batch ${p.root} names credentials at or beyond the batch's ${p.leafCount} credentials.`,
      {
        code: "REGISTRY_BITS_OUT_OF_RANGE",
        errorName: "CredentialRegistryBitsOutOfRange",
        functionName: p.functionName,
        cause: p.cause,
        details: `mask 0x${p.mask.toString(16)}`,
        fix: `Only indices 0 to ${p.leafCount - 1n} exist in this batch; check the credential indices.`,
      },
    );
    this.root = p.root;
    this.wordIndex = p.wordIndex;
    this.mask = p.mask;
    this.leafCount = p.leafCount;
  }
}

/** `CredentialRegistryBatchAlreadyRevoked(root, revokedAt)`: the whole batch was revoked and is frozen. */
export class BatchAlreadyRevokedError extends RegistryError {
  override name = "BatchAlreadyRevokedError";
  readonly root: Hex;
  /** Unix seconds. */
  readonly revokedAt: bigint;
  constructor({
    root,
    revokedAt,
    functionName,
    cause,
  }: {
    root: Hex;
    revokedAt: bigint;
    functionName?: string;
    cause?: unknown;
  }) {
    super(`Batch ${root} was revoked as a whole at ${isoFromUnixSeconds(revokedAt)}; it cannot change any more.`, {
      code: "REGISTRY_BATCH_ALREADY_REVOKED",
      errorName: "CredentialRegistryBatchAlreadyRevoked",
      functionName,
      cause,
      fix: "Nothing to do: every credential of a revoked batch already reports BatchRevoked.",
    });
    this.root = root;
    this.revokedAt = revokedAt;
  }
}

/** `AccessControlUnauthorizedAccount(account, neededRole)`: the sender lacks a role. */
export class NotAuthorizedError extends RegistryError {
  override name = "NotAuthorizedError";
  readonly account: Address;
  /** The role as bytes32. */
  readonly role: Hex;
  /** `ISSUER_ROLE`, `REVOKER_ROLE`, `admin`, or the raw bytes32 for a role the SDK does not know. */
  readonly roleName: RegistryRoleName | Hex;
  constructor({
    account,
    role,
    roleName,
    functionName,
    cause,
  }: {
    account: Address;
    role: Hex;
    roleName: RegistryRoleName | Hex;
    functionName?: string;
    cause?: unknown;
  }) {
    const what = roleName === "admin" ? "the admin role" : roleName;
    super(`Account ${account} does not hold ${what}${functionName ? `, which ${functionName} requires` : ""}.`, {
      code: "REGISTRY_NOT_AUTHORIZED",
      errorName: "AccessControlUnauthorizedAccount",
      functionName,
      cause,
      fix:
        roleName === "admin"
          ? `Send this from the registry's default admin (see defaultAdmin()), or transfer the admin role to ${account} (beginDefaultAdminTransfer, then acceptDefaultAdminTransfer).`
          : `Ask the registry admin to grant ${roleName} to ${account} (grantRole), or use a key that holds it.`,
    });
    this.account = account;
    this.role = role;
    this.roleName = roleName;
  }
}

/** AccessControl's admin rules refused an operation (two-step admin transfer, delays, confirmations). */
export class AdminRulesError extends RegistryError {
  override name = "AdminRulesError";
  constructor(shortMessage: string, p: { errorName: string; fix: string; functionName?: string; cause?: unknown }) {
    super(shortMessage, { code: "REGISTRY_ADMIN_RULES", ...p });
  }
}

/**
 * Where a chain mismatch was found: a client's one endpoint, one endpoint of a read transport's
 * failover, or an external JSON-RPC signer (`--signer-rpc`).
 */
export type ChainMismatchScope = "client" | "failover" | "signer";

/**
 * An RPC endpoint serves another chain than the one expected.
 *
 * One concept found at three places, so one class; its `code` says where it was raised, because the
 * codes are printed by the CLI and appear in `--json` output and verification results:
 * - `CHAIN_MISMATCH` (`scope: "client"`): the one endpoint of a registry client (`assertChainId`
 *   before every write, `estimateRegistryCosts`). Nothing was sent.
 * - `RPC_CHAIN_ID_MISMATCH` (`scope: "failover"`): one of the endpoints of a read transport
 *   (`createReadTransport`). That endpoint is skipped and the others are tried, so the error reaches a
 *   caller as one of the `problems` (and the `cause`) of a `NoEndpointAvailableError`, or as a
 *   `QuorumError` answer, and as the endpoint's reason in `endpointStates()`.
 * - `SIGNER_CHAIN_MISMATCH` (`scope: "signer"`): an external JSON-RPC signer
 *   (`connectJsonRpcSigner`, `--signer-rpc`) serves or signs for another chain. Nothing was sent.
 *
 * @example
 * new ChainMismatchError({ expected: 11155111, actual: 31337, endpoint: "http://127.0.0.1:8545" }).code // "CHAIN_MISMATCH"
 * new ChainMismatchError({ expected: 1, actual: 31337, endpoint: "local", scope: "failover" }).code // "RPC_CHAIN_ID_MISMATCH"
 * new ChainMismatchError({ expected: 1, actual: 8453, endpoint: "http://127.0.0.1:9000", scope: "signer" }).code // "SIGNER_CHAIN_MISMATCH"
 */
export class ChainMismatchError extends BaseError {
  override name = "ChainMismatchError";
  readonly expectedChainId: number;
  readonly actualChainId: number;
  readonly endpoint?: string;
  readonly scope: ChainMismatchScope;
  constructor({
    expected,
    actual,
    endpoint,
    scope = "client",
  }: {
    expected: number;
    actual: number;
    endpoint?: string;
    scope?: ChainMismatchScope;
  }) {
    const [shortMessage, parameters] = ChainMismatchError.describe(expected, actual, endpoint, scope);
    super(shortMessage, parameters);
    this.expectedChainId = expected;
    this.actualChainId = actual;
    this.endpoint = endpoint;
    this.scope = scope;
  }

  private static describe(
    expected: number,
    actual: number,
    endpoint: string | undefined,
    scope: ChainMismatchScope,
  ): [string, BaseErrorParameters] {
    if (scope === "failover") {
      return [
        `endpoint ${endpoint ?? "(unnamed)"} serves chain eip155:${actual}, not eip155:${expected}`,
        {
          code: "RPC_CHAIN_ID_MISMATCH",
          fix: `Give an RPC URL of eip155:${expected} for this chain.`,
          docsPath: "SPEC.md#7-verification",
        },
      ];
    }
    if (scope === "signer") {
      return [
        `The signer at ${endpoint ?? "(unnamed)"} is on chain ${actual}, but the network is chain ${expected}.`,
        {
          code: "SIGNER_CHAIN_MISMATCH",
          fix: `Switch the signer to chain ${expected} (or point --signer-rpc at one that is), or pick the --network it serves; nothing was sent.`,
          docsPath: "SPEC.md#12-safe-export-and-external-signers",
        },
      ];
    }
    return [
      `The endpoint${endpoint ? ` ${endpoint}` : ""} serves chain ${actual}, but this client is set up for chain ${expected}. Nothing was sent.`,
      {
        code: "CHAIN_MISMATCH",
        details:
          "Every write checks eth_chainId first, so that a transaction meant for one network never lands on another.",
        fix: `Point the client at an RPC endpoint of chain ${expected}, or set chainId: ${actual} if that network is the one you meant.`,
        docsPath: "SPEC.md#6-the-registry-contract",
      },
    ];
  }
}

/** A write was asked of a client that has no account to send from. */
export class NoAccountError extends BaseError {
  override name = "NoAccountError";
  constructor(functionName: string) {
    super(`${functionName} sends a transaction, but the registry client has no account.`, {
      code: "NO_ACCOUNT",
      fix: "Pass `account` to createRegistryClient: { privateKey }, { address } (an unlocked account of the node), or { ethers: signer }.",
    });
  }
}

/** The connection options cannot be used (e.g. an ethers provider without `send`). */
export class UnsupportedConnectionError extends BaseError {
  override name = "UnsupportedConnectionError";
  constructor(shortMessage: string, fix: string) {
    super(shortMessage, { code: "UNSUPPORTED_CONNECTION", fix });
  }
}

/** There is no contract at the registry address on this chain (calls return no data). */
export class RegistryNotFoundError extends BaseError {
  override name = "RegistryNotFoundError";
  readonly registry: Address;
  readonly chainId: number;
  constructor({ registry, chainId, cause }: { registry: Address; chainId: number; cause?: unknown }) {
    super(`There is no CredentialRegistry at ${registry} on chain ${chainId}.`, {
      code: "REGISTRY_NOT_FOUND",
      cause,
      fix: "Check the registry address and that the client points at the network it was deployed on (deployments/<network>.json).",
    });
    this.registry = registry;
    this.chainId = chainId;
  }
}

/**
 * A request could not be answered: the RPC endpoint could not be reached, or answered with an error
 * that is not a contract revert. The failures of single endpoints are its `cause` chain: a registry
 * client's one endpoint (viem's error), or, through a read transport, the last endpoint's
 * `RpcEndpointError` under `NoEndpointAvailableError` (a subclass: every endpoint was tried).
 *
 * @example
 * if (error instanceof RpcRequestFailedError) console.log(error.shortMessage, error.cause);
 */
export class RpcRequestFailedError extends BaseError {
  override name = "RpcRequestFailedError";
  constructor(args: { action: string; cause: unknown } | ({ shortMessage: string } & BaseErrorParameters)) {
    super(...RpcRequestFailedError.describe(args));
  }

  private static describe(
    args: { action: string; cause: unknown } | ({ shortMessage: string } & BaseErrorParameters),
  ): [string, BaseErrorParameters] {
    if ("shortMessage" in args) {
      const { shortMessage, ...parameters } = args;
      return [shortMessage, parameters];
    }
    const reason = args.cause instanceof Error ? firstLine(args.cause.message) : String(args.cause);
    return [
      `Could not ${args.action}: the RPC endpoint failed (${reason}).`,
      {
        code: "RPC_REQUEST_FAILED",
        cause: args.cause,
        fix: "Check that the RPC URL is right and the node is running, then run the command again; it is safe to retry.",
      },
    ];
  }
}

/** A mined transaction reverted (it passed simulation, so the chain changed in between). */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
  readonly transactionHash: Hex;
  readonly blockNumber: bigint;
  constructor({
    transactionHash,
    blockNumber,
    functionName,
  }: {
    transactionHash: Hex;
    blockNumber: bigint;
    functionName: string;
  }) {
    super(`The ${functionName} transaction ${transactionHash} reverted in block ${blockNumber}.`, {
      code: "TRANSACTION_REVERTED",
      details: "It passed simulation, so the registry's state changed between simulation and mining (another sender?).",
      fix: "Read the registry's state again (getBatch, getCredentialStatus) and retry; the SDK's batch operations are safe to re-run.",
    });
    this.transactionHash = transactionHash;
    this.blockNumber = blockNumber;
  }
}

/** A revocation reason that does not fit the contract's bytes32. */
export class InvalidReasonError extends BaseError {
  override name = "InvalidReasonError";
  readonly reason: string;
  constructor(reason: string, byteLength: number) {
    super(`The reason "${reason}" is ${byteLength} bytes of UTF-8; at most 31 fit in the registry's bytes32 reason.`, {
      code: "INVALID_REASON",
      details:
        "A reason is a short code stored left-aligned in a bytes32 (e.g. `superseded`, `fraud`, `issued-in-error`).",
      fix: "Use a shorter code and keep the long explanation in your own records.",
      docsPath: "SPEC.md#6-the-registry-contract",
    });
    this.reason = reason;
  }
}

/** A revocation target that cannot be resolved to (root, index). */
export class InvalidTargetError extends CodedError {
  override name = "InvalidTargetError";
  static override readonly defaults: BaseErrorParameters = { code: "INVALID_TARGET" };
}

/** A credential index at or beyond its batch's leaf count (found before anything was sent). */
export class IndexOutOfRangeError extends BaseError {
  override name = "IndexOutOfRangeError";
  readonly root: Hex;
  readonly index: number;
  readonly leafCount: number;
  constructor({ root, index, leafCount }: { root: Hex; index: number; leafCount: number }) {
    super(`Credential ${index} does not exist in batch ${root}, which holds ${leafCount} credentials.`, {
      code: "INDEX_OUT_OF_RANGE",
      fix: `Indices run from 0 to ${leafCount - 1}; check the credential's proof leafIndex.`,
    });
    this.root = root;
    this.index = index;
    this.leafCount = leafCount;
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** `deployRegistryViaFactory`: the issuer's registry already exists at its predicted address. Nothing was sent. */
export class RegistryExistsError extends BaseError {
  override name = "RegistryExistsError";
  readonly registry: Address;
  constructor({ registry, admin, name, cause }: { registry: Address; admin: Address; name: string; cause?: unknown }) {
    super(`A registry for admin ${admin} named "${name}" already exists at ${registry}. Nothing was sent.`, {
      code: "REGISTRY_EXISTS",
      cause,
      details:
        "Its address follows from the admin and the name alone, so it was created before (by you, or by anyone: the factory lets anyone create an admin's registry).",
      fix: "Use it (check its admin and profile with getDefaultAdmin and getProfile), or choose another name.",
      docsPath: "SPEC.md#68-the-registry-factory",
    });
    this.registry = registry;
  }
}

/** The deterministic deployment proxy is not on this chain and could not be installed. */
export class DeterministicDeployerMissingError extends BaseError {
  override name = "DeterministicDeployerMissingError";
  constructor({ chainId, reason, cause }: { chainId: number; reason: string; cause?: unknown }) {
    super(`The deterministic deployment proxy is not on chain ${chainId}, and ${reason}.`, {
      code: "DETERMINISTIC_DEPLOYER_MISSING",
      cause,
      details:
        "The registry factory is deployed through the proxy at 0x4e59b44847b379578588920ca78fbf26c0b4956c so that it has the same address on every chain.",
      fix: "Install the proxy with its published presigned transaction (installDeterministicDeployer, which needs 0.01 ETH for its signer and a chain that accepts transactions without a chain id), or deploy a whole registry instead (credanchor deploy without --factory).",
      docsPath: "SPEC.md#68-the-registry-factory",
    });
  }
}

/** There is no registry factory at its deterministic address on this chain. */
export class RegistryFactoryNotFoundError extends BaseError {
  override name = "RegistryFactoryNotFoundError";
  readonly factory: Address;
  constructor({ factory, chainId }: { factory: Address; chainId: number }) {
    super(`There is no CredentialRegistryFactory at ${factory} on chain ${chainId}.`, {
      code: "REGISTRY_FACTORY_NOT_FOUND",
      fix: "Deploy it first with deployRegistryFactory (anyone can: its address is the same on every chain), or pass deployFactory: true.",
      docsPath: "SPEC.md#68-the-registry-factory",
    });
    this.factory = factory;
  }
}
