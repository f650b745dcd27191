import { getContractAddress, keccak256, stringToBytes } from "viem";
import type { Address, Hex } from "../types";
import { DETERMINISTIC_DEPLOYER } from "./deterministicDeployer";
import { credentialRegistryFactoryBytecode } from "./factoryArtifact";

/** The CREATE2 salt under which the deterministic deployment proxy deploys the factory. */
export const REGISTRY_FACTORY_SALT: Hex = keccak256(stringToBytes("credanchor.CredentialRegistryFactory"));

/** Where this SDK's factory and its registry implementation sit, on every chain. */
export interface RegistryFactoryAddresses {
  /** The factory: CREATE2 by the deterministic deployment proxy, salt `REGISTRY_FACTORY_SALT`. */
  factory: Address;
  /** The implementation every clone delegates to: CREATE by the factory's constructor (nonce 1). */
  implementation: Address;
}

/**
 * The addresses of this SDK's CredentialRegistryFactory and its implementation. Pure: they follow from the
 * factory's creation bytecode (shipped in the SDK) alone, so they are the same on every chain.
 *
 * @example
 * const { factory } = getRegistryFactoryAddress();
 * await client.publicClient.getCode({ address: factory }); // "0x" until deployRegistryFactory ran on that chain
 */
export function getRegistryFactoryAddress(): RegistryFactoryAddresses {
  const factory = getContractAddress({
    opcode: "CREATE2",
    from: DETERMINISTIC_DEPLOYER.address,
    salt: REGISTRY_FACTORY_SALT,
    bytecode: credentialRegistryFactoryBytecode,
  });
  return { factory, implementation: getContractAddress({ opcode: "CREATE", from: factory, nonce: 1n }) };
}
