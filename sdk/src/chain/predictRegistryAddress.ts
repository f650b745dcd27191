import { concat, encodeAbiParameters, getAddress, getContractAddress, keccak256, stringToBytes } from "viem";
import type { Address, Hex } from "../types";
import { getRegistryFactoryAddress } from "./getRegistryFactoryAddress";

export interface PredictRegistryAddressParameters {
  /** The registry's default admin. */
  admin: Address;
  /** The registry's name (the issuer's display name it is created with). */
  name: string;
  /** The factory; default: this SDK's factory at its deterministic address. */
  factory?: Address;
  /** The factory's implementation; default: CREATE by `factory` at nonce 1, as the factory's constructor does. */
  implementation?: Address;
}

export interface PredictedRegistryAddress {
  /** Where `createRegistry(admin, name, …)` creates the registry. */
  address: Address;
  /** `keccak256(abi.encode(admin, keccak256(bytes(name))))`. */
  salt: Hex;
  factory: Address;
  implementation: Address;
}

/**
 * The address of an issuer's registry made by the factory, computed offline (SPEC §6.8): CREATE2 by the
 * factory, with salt `keccak256(abi.encode(admin, keccak256(utf8(name))))`, over the EIP-1167 creation
 * code of the implementation. The URL plays no part, and neither does the chain: an issuer with the same
 * admin and name has the same registry address on every chain.
 *
 * @example
 * const { address } = predictRegistryAddress({ admin: "0xf39F…2266", name: "Example University" });
 */
export function predictRegistryAddress(parameters: PredictRegistryAddressParameters): PredictedRegistryAddress {
  const defaults = getRegistryFactoryAddress();
  const factory = getAddress(parameters.factory ?? defaults.factory);
  const implementation = getAddress(
    parameters.implementation ??
      (parameters.factory
        ? getContractAddress({ opcode: "CREATE", from: factory, nonce: 1n })
        : defaults.implementation),
  );
  const salt = keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "bytes32" }],
      [getAddress(parameters.admin), keccak256(stringToBytes(parameters.name))],
    ),
  );
  const creationCode = concat([
    "0x3d602d80600a3d3981f3363d3d373d3d3d363d73",
    implementation,
    "0x5af43d82803e903d91602b57fd5bf3",
  ]);
  const address = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: creationCode });
  return { address, salt, factory, implementation };
}
