import type { RegistryClient } from "../createRegistryClient";
import { writeRegistry, type WriteOptions } from "../writeRegistry";
import type { RegistryWriteResult } from "../transaction/waitForRegistryReceipt";

export interface SetProfileParameters extends WriteOptions {
  /** The issuer's display name. */
  name: string;
  /** The URL or DID that identity checks bind the registry to. */
  url: string;
}

/**
 * Sets the issuer's display name and profile URL or DID; the sender must be the default admin.
 *
 * @example
 * await setProfile(client, { registry, name: "Example University", url: "https://example.edu" });
 */
export function setProfile(client: RegistryClient, parameters: SetProfileParameters): Promise<RegistryWriteResult> {
  return writeRegistry(client, { ...parameters, functionName: "setProfile", args: [parameters.name, parameters.url] });
}
