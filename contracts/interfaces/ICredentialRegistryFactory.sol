// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICredentialRegistryFactory
 * @notice Makes one issuer's registry as an EIP-1167 clone of one {IInitializableCredentialRegistry}
 * implementation, for a fraction of the gas of deploying a whole `CredentialRegistry`.
 *
 * Each registry sits at a CREATE2 address that depends only on the factory's address, the implementation
 * and the registry's salt, and the salt only on the issuer's admin and a name:
 *
 *     salt     = keccak256(abi.encode(address admin, keccak256(bytes(name))))
 *     registry = address(uint160(uint256(keccak256(abi.encodePacked(
 *                    bytes1(0xff), factory, salt, keccak256(eip1167CreationCode(implementation)))))))
 *
 * The factory itself is deployed through the deterministic deployment proxy
 * (0x4e59b44847b379578588920ca78fbf26c0b4956c) with a fixed salt, so it, its implementation and therefore
 * every issuer's registry have the same address on every chain.
 */
interface ICredentialRegistryFactory {
    /**
     * @notice A registry was created at `registry` for `admin`; `salt` is `saltOf(admin, name)`. The new
     * registry's own `ProfileUpdated` event, in the same transaction, carries its name and URL.
     */
    event RegistryCreated(address indexed registry, address indexed admin, bytes32 indexed salt);

    /// @notice A registry for this admin and name already exists at `registry`; nothing was created.
    error CredentialRegistryFactoryRegistryExists(address registry);

    /// @notice The registry's name is empty; it is part of the address and the issuer's profile.
    error CredentialRegistryFactoryEmptyName();

    /**
     * @notice Creates the registry of `admin` named `name` at `predictRegistry(admin, name)` and initializes
     * it in the same transaction: `admin` becomes its default admin with `ISSUER_ROLE` and `REVOKER_ROLE`,
     * and its profile is (`name`, `url`). Anyone may call it, for any admin.
     * WARNING: because anyone may create a registry for any admin, someone who sees your transaction first
     * can create your registry with another `url`. The registry is still yours (only `admin` holds a role);
     * check its profile and correct it with `setProfile` if needed.
     * @dev Reverts with `CredentialRegistryFactoryEmptyName` for an empty name,
     * `CredentialRegistryFactoryRegistryExists` when the address already holds code, and
     * `AccessControlInvalidDefaultAdmin(address(0))` (from the registry) for a zero admin.
     * @param admin The registry's default admin (a multisig in production).
     * @param name The issuer's display name; with `admin`, it fixes the registry's address.
     * @param url The issuer's profile URL or DID, which identity checks bind to; not part of the address.
     * @return registry The new registry's address.
     */
    function createRegistry(address admin, string calldata name, string calldata url) external returns (address registry);

    /**
     * @notice The address at which `createRegistry(admin, name, ...)` creates (or created) the registry,
     * on any chain where this factory sits at the same address.
     */
    function predictRegistry(address admin, string calldata name) external view returns (address registry);

    /// @notice The CREATE2 salt of the registry of `admin` named `name`.
    function saltOf(address admin, string calldata name) external pure returns (bytes32 salt);

    /// @notice The registry implementation every clone delegates to; deployed by this factory's constructor.
    function implementation() external view returns (address);
}
