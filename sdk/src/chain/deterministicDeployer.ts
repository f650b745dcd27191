import type { Address, Hex } from "../types";

/**
 * The deterministic deployment proxy (github.com/Arachnid/deterministic-deployment-proxy): a contract that
 * CREATE2-deploys whatever init code it is sent, with the first 32 bytes of the calldata as the salt. It sits
 * at the same address on every major chain because it was deployed by a presigned transaction without a chain
 * id (EIP-155 replay protection off) from a key nobody holds. The registry factory is deployed through it.
 *
 * @example
 * const code = await client.publicClient.getCode({ address: DETERMINISTIC_DEPLOYER.address });
 */
export const DETERMINISTIC_DEPLOYER = {
  /** The proxy's address: CREATE from `signer` at nonce 0. */
  address: "0x4e59b44847b379578588920ca78fbf26c0b4956c" as Address,
  /** The address that signed the presigned deployment transaction (recovered from its signature). */
  signer: "0x3fab184622dc19b6109349b94811493bf2a45362" as Address,
  /** The published presigned deployment transaction (legacy, no chain id, nonce 0, 100 gwei, gas 100,000). */
  rawTransaction:
    "0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222" as Hex,
  /** What `signer` must hold to pay for it: gas 100,000 at 100 gwei. */
  deploymentCost: 10_000_000_000_000_000n,
  /** The proxy's runtime code, as the presigned transaction creates it. */
  runtimeCode:
    "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3" as Hex,
} as const;
