/** Safe{Wallet} Transaction Builder batch files (browser-safe). */
export {
  createSafeBatchFile,
  SAFE_TX_BUILDER_VERSION,
  type CreateSafeBatchFileParameters,
  type RegistryCall,
  type SafeBatchFile,
  type SafeBatchTransaction,
} from "./createSafeBatchFile";
export { safeBatchChecksum } from "./safeBatchChecksum";
export { proposeRegistryCalls, type ProposeRegistryCallsParameters } from "./proposeRegistryCalls";
