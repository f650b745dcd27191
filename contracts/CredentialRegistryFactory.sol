// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICredentialRegistryFactory} from "./interfaces/ICredentialRegistryFactory.sol";
import {InitializableCredentialRegistry} from "./InitializableCredentialRegistry.sol";

/**
 * @title CredentialRegistryFactory
 * @notice Creates issuers' registries as EIP-1167 clones of one {InitializableCredentialRegistry}, each at a
 * CREATE2 address derived from its admin and name. See {ICredentialRegistryFactory}.
 */
contract CredentialRegistryFactory is ICredentialRegistryFactory {
    address private immutable _IMPLEMENTATION;

    /// @dev Deploys the implementation (with CREATE, so its address follows from the factory's own).
    constructor() {
        _IMPLEMENTATION = address(new InitializableCredentialRegistry());
    }

    /// @inheritdoc ICredentialRegistryFactory
    function createRegistry(
        address admin,
        string calldata name,
        string calldata url
    ) external returns (address registry) {
        if (bytes(name).length == 0) revert CredentialRegistryFactoryEmptyName();
        bytes32 salt = saltOf(admin, name);
        address predicted = Clones.predictDeterministicAddress(_IMPLEMENTATION, salt);
        if (predicted.code.length != 0) revert CredentialRegistryFactoryRegistryExists(predicted);
        registry = Clones.cloneDeterministic(_IMPLEMENTATION, salt);
        InitializableCredentialRegistry(registry).initialize(admin, name, url);
        emit RegistryCreated(registry, admin, salt);
    }

    /// @inheritdoc ICredentialRegistryFactory
    function predictRegistry(address admin, string calldata name) external view returns (address registry) {
        return Clones.predictDeterministicAddress(_IMPLEMENTATION, saltOf(admin, name));
    }

    /// @inheritdoc ICredentialRegistryFactory
    function saltOf(address admin, string calldata name) public pure returns (bytes32 salt) {
        return keccak256(abi.encode(admin, keccak256(bytes(name))));
    }

    /// @inheritdoc ICredentialRegistryFactory
    function implementation() external view returns (address) {
        return _IMPLEMENTATION;
    }
}
