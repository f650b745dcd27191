// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {CredentialRegistryBase} from "./CredentialRegistryBase.sol";
import {IInitializableCredentialRegistry} from "./interfaces/IInitializableCredentialRegistry.sol";

/**
 * @title InitializableCredentialRegistry
 * @notice The implementation behind {CredentialRegistryFactory}'s EIP-1167 clones: the logic of
 * {CredentialRegistryBase}, set up by `initialize`. See {IInitializableCredentialRegistry}.
 *
 * The implementation itself is locked: its constructor makes the implementation its own default admin, and
 * `initialize` refuses any registry that already has a default admin. Clones start with empty storage (no
 * admin), so the factory can initialize each one exactly once, in the transaction that creates it.
 *
 * One storage difference from {CredentialRegistry}, invisible from outside: `hasRole(DEFAULT_ADMIN_ROLE, a)`
 * is answered from `defaultAdmin()` (which `AccessControlDefaultAdminRules` keeps as the one holder of that
 * role) instead of a second copy in the role mapping. That saves a fresh storage slot (22,100 gas) per
 * clone; `_grantRole` and `_revokeRole` emit the same `RoleGranted` / `RoleRevoked` events as before.
 */
contract InitializableCredentialRegistry is IInitializableCredentialRegistry, CredentialRegistryBase {
    /// @dev Read from the implementation's code, so every clone sees the same factory.
    address private immutable _FACTORY;

    /// @dev The deployer (the factory, in its constructor) is the only account that may initialize clones.
    constructor() AccessControlDefaultAdminRules(0, address(this)) {
        _FACTORY = msg.sender;
    }

    /// @inheritdoc IInitializableCredentialRegistry
    function initialize(address admin, string calldata name, string calldata url) external {
        if (msg.sender != _FACTORY) revert CredentialRegistryUnauthorizedInitializer(msg.sender);
        // No dedicated "initialized" flag (it would cost a fresh storage slot, 22,100 gas per clone): a clone
        // has a default admin from initialization on, and only the factory, which initializes each clone in the
        // transaction that creates it, can get here.
        if (defaultAdmin() != address(0)) revert CredentialRegistryAlreadyInitialized();
        if (admin == address(0)) revert AccessControlInvalidDefaultAdmin(address(0));
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ISSUER_ROLE, admin);
        _grantRole(REVOKER_ROLE, admin);
        _setProfile(name, url);
    }

    /// @inheritdoc IInitializableCredentialRegistry
    function factory() external view returns (address) {
        return _FACTORY;
    }

    /// @inheritdoc AccessControl
    function hasRole(bytes32 role, address account) public view override(AccessControl, IAccessControl) returns (bool) {
        if (role == DEFAULT_ADMIN_ROLE) return account != address(0) && account == defaultAdmin();
        return super.hasRole(role, account);
    }

    /// @dev The default admin is recorded by `AccessControlDefaultAdminRules` alone: `hasRole` above already
    /// counts it, so `AccessControl` neither writes the mapping nor emits; the event is emitted here instead.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (role == DEFAULT_ADMIN_ROLE) {
            emit RoleGranted(role, account, _msgSender());
            granted = true;
        }
    }

    /// @dev The counterpart of `_grantRole`: `AccessControlDefaultAdminRules` clears the default admin, after which
    /// `AccessControl` sees nothing to revoke; the event is emitted here instead.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        bool wasDefaultAdmin = role == DEFAULT_ADMIN_ROLE && account != address(0) && account == defaultAdmin();
        revoked = super._revokeRole(role, account);
        if (wasDefaultAdmin) {
            emit RoleRevoked(role, account, _msgSender());
            revoked = true;
        }
    }

    /// @inheritdoc CredentialRegistryBase
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IInitializableCredentialRegistry).interfaceId || super.supportsInterface(interfaceId);
    }
}
