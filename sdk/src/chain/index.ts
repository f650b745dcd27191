/**
 * The registry client (browser-safe): connect with an RPC URL, an EIP-1193 provider, an ethers v6
 * Provider/Signer or a viem transport, then call the free functions below (or the bound
 * `createRegistry` object, which only delegates to them).
 */
export {
  createRegistryClient,
  type CreateRegistryClientParameters,
  type RegistryAccountSource,
  type RegistryClient,
} from "./createRegistryClient";
export { createRegistry, type Registry } from "./createRegistry";
export { ethersToEip1193, ethersSignerToAccount } from "./ethersAdapter";
export { assertChainId, assertRegistryDeployed } from "./assertChainId";
export { decodeRegistryError, type DecodeRegistryErrorContext } from "./decodeRegistryError";
export { defaultConfirmations } from "./defaultConfirmations";
export { KNOWN_NETWORKS, type KnownNetwork } from "./networks";
export {
  estimateL1DataFee,
  estimateRegistryCosts,
  l1FeeMethod,
  type EstimateRegistryCostsParameters,
  type L1DataFeeParameters,
  type L1FeeMethod,
  type OperationCost,
  type RegistryCostEstimate,
} from "./estimateRegistryCosts";
export { REGISTRY_GAS, REGISTRY_OPERATIONS, type RegistryOperation, type RegistryOperationGas } from "./registryGas";
export { formatCaip2ChainId, isCaip2ChainId, parseCaip2ChainId } from "./caip2";
export {
  connectJsonRpcSigner,
  jsonRpcSignerAccount,
  type ConnectJsonRpcSignerParameters,
  type JsonRpcSigner,
  type SignerMethod,
} from "./jsonRpcSigner";
export { REGISTRY_ROLES, roleId, roleName, type RoleInput } from "./roles";
export { REGISTRY_STATUSES, registryStatusName, type RegistryCredentialStatus } from "./registryStatus";
export type { WriteOptions } from "./writeRegistry";
export { readRegistry } from "./readRegistry";
export {
  prepareRegistryTransaction,
  TRANSACTION_GAS_CAP,
  type PreparedRegistryTransaction,
  type PrepareRegistryTransactionParameters,
  type RegistryWriteFunction,
} from "./transaction/prepareRegistryTransaction";
export {
  sendPreparedTransaction,
  type SendPreparedTransactionOptions,
  type SentTransaction,
} from "./transaction/sendPreparedTransaction";
export {
  waitForRegistryReceipt,
  type RegistryEvent,
  type RegistryWriteResult,
} from "./transaction/waitForRegistryReceipt";

export { deployRegistry, type DeployRegistryParameters, type DeployRegistryResult } from "./actions/deployRegistry";
export { DETERMINISTIC_DEPLOYER } from "./deterministicDeployer";
export {
  getRegistryFactoryAddress,
  REGISTRY_FACTORY_SALT,
  type RegistryFactoryAddresses,
} from "./getRegistryFactoryAddress";
export {
  predictRegistryAddress,
  type PredictRegistryAddressParameters,
  type PredictedRegistryAddress,
} from "./predictRegistryAddress";
export {
  installDeterministicDeployer,
  type InstallDeterministicDeployerResult,
} from "./actions/installDeterministicDeployer";
export {
  deployRegistryFactory,
  type DeployRegistryFactoryParameters,
  type DeployRegistryFactoryResult,
} from "./actions/deployRegistryFactory";
export {
  deployRegistryViaFactory,
  type DeployRegistryViaFactoryParameters,
  type DeployRegistryViaFactoryResult,
} from "./actions/deployRegistryViaFactory";
export { anchor, type AnchorParameters } from "./actions/anchor";
export { anchorMany, type AnchorManyParameters } from "./actions/anchorMany";
export { revoke } from "./actions/revoke";
export { suspend } from "./actions/suspend";
export { reinstate } from "./actions/reinstate";
export type { BitmapWriteParameters } from "./actions/bitmapWriteParameters";
export { revokeBatch, type RevokeBatchParameters } from "./actions/revokeBatch";
export { setProfile, type SetProfileParameters } from "./actions/setProfile";
export { decodeBatchResult, getBatch, type RegistryBatch } from "./actions/getBatch";
export { getCredentialStatus } from "./actions/getCredentialStatus";
export { getCredentialStatuses, type GetCredentialStatusesParameters } from "./actions/getCredentialStatuses";
export type { StatusItem } from "./statusCalls";
export { getStatusWords } from "./actions/getStatusWords";
export { statusWordsReadRegistry } from "./statusWordReads";
export { getProfile } from "./actions/getProfile";
export { getRegistryVersion } from "./actions/getRegistryVersion";
export { findAnchorTransaction, type AnchorTransaction } from "./actions/findAnchorTransaction";
export { hasRole } from "./actions/hasRole";
export { grantRole, type GrantRoleParameters } from "./actions/grantRole";
export { revokeRole, type RevokeRoleParameters } from "./actions/revokeRole";
export { renounceRole, type RenounceRoleParameters } from "./actions/renounceRole";
export {
  beginDefaultAdminTransfer,
  type BeginDefaultAdminTransferParameters,
} from "./actions/beginDefaultAdminTransfer";
export { acceptDefaultAdminTransfer } from "./actions/acceptDefaultAdminTransfer";
export { cancelDefaultAdminTransfer } from "./actions/cancelDefaultAdminTransfer";
export { getDefaultAdmin } from "./actions/getDefaultAdmin";
export { getPendingDefaultAdmin, type PendingDefaultAdmin } from "./actions/getPendingDefaultAdmin";
