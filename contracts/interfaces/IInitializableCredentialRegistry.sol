// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICredentialRegistry} from "./ICredentialRegistry.sol";

/**
 * @title IInitializableCredentialRegistry
 * @notice A {ICredentialRegistry} that is set up by `initialize` instead of a constructor, so that it can
 * sit behind EIP-1167 clones made by {ICredentialRegistryFactory}. Once initialized, a clone behaves exactly
 * like a `CredentialRegistry` deployed whole with the same arguments: the same roles, the same two-step admin
 * transfer, the same functions, events and errors.
 */
interface IInitializableCredentialRegistry is ICredentialRegistry {
    /// @notice `caller` is not the factory that deployed this implementation; only it may initialize clones.
    error CredentialRegistryUnauthorizedInitializer(address caller);

    /// @notice The registry already has a default admin: it was initialized, or it is the implementation.
    error CredentialRegistryAlreadyInitialized();

    /**
     * @notice Sets up a fresh clone: `admin` becomes the default admin and also gets `ISSUER_ROLE` and
     * `REVOKER_ROLE`, and the profile is set, as the `CredentialRegistry` constructor does.
     * Only the factory that deployed the implementation may call it, and it does so in the same transaction
     * that creates the clone, so nobody can initialize a clone before its creator.
     * @dev Reverts with `CredentialRegistryUnauthorizedInitializer` for any other caller,
     * `CredentialRegistryAlreadyInitialized` when the registry already has a default admin (the
     * implementation itself always has one, so it can never be initialized), and
     * `AccessControlInvalidDefaultAdmin(address(0))` for a zero `admin`.
     * @param admin The default admin (a multisig in production).
     * @param name The issuer's display name.
     * @param url The issuer's profile URL or DID, which identity checks bind to.
     */
    function initialize(address admin, string calldata name, string calldata url) external;

    /// @notice The factory allowed to initialize clones of this implementation.
    function factory() external view returns (address);
}
