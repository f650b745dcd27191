export { credentialFacts, type CredentialFacts } from "./credentialFacts";
export { linkedInAddToProfileUrl, type LinkedInOptions } from "./linkedInAddToProfileUrl";
export {
  generateShareId,
  normalizeBaseUrl,
  readShareFragment,
  shareUrl,
  SHARE_ID_PATTERN,
  SHARE_URL_TARGET_LENGTH,
} from "./shareLink";
export {
  DELIVERY_COLUMNS,
  DELIVERY_FILE,
  formatDeliveryCsv,
  parseDeliveryCsv,
  type DeliveryColumn,
  type DeliveryRow,
} from "./deliveryCsv";
