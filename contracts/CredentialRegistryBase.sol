// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICredentialRegistry} from "./interfaces/ICredentialRegistry.sol";

/**
 * @title CredentialRegistryBase
 * @notice The registry's logic, shared by {CredentialRegistry} (deployed whole, set up by its constructor)
 * and {InitializableCredentialRegistry} (the implementation behind the factory's EIP-1167 clones, set up by
 * `initialize`). It holds every function, the storage and the roles; the concrete contracts only differ in
 * how the first admin and the profile are set. See {ICredentialRegistry}.
 */
abstract contract CredentialRegistryBase is ICredentialRegistry, AccessControlDefaultAdminRules {
    /// @inheritdoc ICredentialRegistry
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @inheritdoc ICredentialRegistry
    bytes32 public constant REVOKER_ROLE = keccak256("REVOKER_ROLE");

    /// @dev Which bitmap an update touches and how.
    enum BitOp {
        Revoke,
        Suspend,
        Reinstate
    }

    mapping(bytes32 root => Batch record) private _batches;
    mapping(bytes32 root => mapping(uint256 wordIndex => uint256 bits)) private _revokedBits;
    mapping(bytes32 root => mapping(uint256 wordIndex => uint256 bits)) private _suspendedBits;
    string private _profileName;
    string private _profileUrl;

    // ----------------------------------------------------------------------------------------------
    // Writes
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function anchor(bytes32 root, uint64 leafCount, string calldata uri) external onlyRole(ISSUER_ROLE) {
        _anchor(root, leafCount);
        if (bytes(uri).length != 0) emit BatchUriPublished(root, uri);
    }

    /// @inheritdoc ICredentialRegistry
    function anchorMany(bytes32[] calldata roots, uint64[] calldata leafCounts) external onlyRole(ISSUER_ROLE) {
        uint256 count = roots.length;
        if (count == 0) revert CredentialRegistryEmptyInput();
        if (leafCounts.length != count) revert CredentialRegistryLengthMismatch(count, leafCounts.length);
        for (uint256 i = 0; i < count; ++i) {
            _anchor(roots[i], leafCounts[i]);
        }
    }

    /// @inheritdoc ICredentialRegistry
    function revokeBatch(bytes32 root, bytes32 reason) external onlyRole(REVOKER_ROLE) {
        Batch storage record = _liveBatch(root);
        // A block timestamp fits in 64 bits for the next 500 billion years.
        record.revokedAt = uint64(block.timestamp);
        emit BatchRevoked(root, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function revoke(
        bytes32 root,
        uint256[] calldata wordIndices,
        uint256[] calldata masks,
        bytes32 reason
    ) external onlyRole(REVOKER_ROLE) {
        _updateBits(BitOp.Revoke, root, wordIndices, masks, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function suspend(
        bytes32 root,
        uint256[] calldata wordIndices,
        uint256[] calldata masks,
        bytes32 reason
    ) external onlyRole(REVOKER_ROLE) {
        _updateBits(BitOp.Suspend, root, wordIndices, masks, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function reinstate(
        bytes32 root,
        uint256[] calldata wordIndices,
        uint256[] calldata masks,
        bytes32 reason
    ) external onlyRole(REVOKER_ROLE) {
        _updateBits(BitOp.Reinstate, root, wordIndices, masks, reason);
    }

    /// @inheritdoc ICredentialRegistry
    function setProfile(string calldata name, string calldata url) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProfile(name, url);
    }

    // ----------------------------------------------------------------------------------------------
    // Reads
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ICredentialRegistry
    function profile() external view returns (string memory name, string memory url) {
        return (_profileName, _profileUrl);
    }

    /// @inheritdoc ICredentialRegistry
    function batch(bytes32 root) external view returns (Batch memory) {
        return _batches[root];
    }

    /// @inheritdoc ICredentialRegistry
    function statusWords(bytes32 root, uint256 wordIndex) external view returns (uint256 revoked, uint256 suspended) {
        return (_revokedBits[root][wordIndex], _suspendedBits[root][wordIndex]);
    }

    /// @inheritdoc ICredentialRegistry
    function credentialStatus(bytes32 root, uint256 index) external view returns (Status) {
        return _status(root, index);
    }

    /// @inheritdoc ICredentialRegistry
    function credentialStatuses(
        bytes32[] calldata roots,
        uint256[] calldata indices
    ) external view returns (Status[] memory statuses) {
        uint256 count = roots.length;
        if (indices.length != count) revert CredentialRegistryLengthMismatch(count, indices.length);
        statuses = new Status[](count);
        for (uint256 i = 0; i < count; ++i) {
            statuses[i] = _status(roots[i], indices[i]);
        }
    }

    /// @inheritdoc ICredentialRegistry
    function verify(
        bytes32 root,
        uint256 index,
        bytes32 digest,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, digest))));
        return MerkleProof.verifyCalldata(proof, root, leaf) && _status(root, index) == Status.Valid;
    }

    /// @inheritdoc ICredentialRegistry
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(ICredentialRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ----------------------------------------------------------------------------------------------
    // Internals: every write goes through one of these, which validate, write and emit.
    // ----------------------------------------------------------------------------------------------

    function _anchor(bytes32 root, uint64 leafCount) private {
        if (root == bytes32(0)) revert CredentialRegistryZeroRoot();
        if (leafCount == 0) revert CredentialRegistryZeroLeafCount(root);
        Batch storage record = _batches[root];
        if (record.anchoredAt != 0) revert CredentialRegistryRootAlreadyAnchored(root);
        // Block timestamps and numbers fit in 64 bits for the foreseeable life of any chain.
        _batches[root] = Batch({
            anchoredAt: uint64(block.timestamp),
            anchoredBlock: uint64(block.number),
            revokedAt: 0,
            leafCount: leafCount
        });
        emit BatchAnchored(root, leafCount);
    }

    function _updateBits(
        BitOp op,
        bytes32 root,
        uint256[] calldata wordIndices,
        uint256[] calldata masks,
        bytes32 reason
    ) private {
        uint256 count = wordIndices.length;
        if (count == 0) revert CredentialRegistryEmptyInput();
        if (masks.length != count) revert CredentialRegistryLengthMismatch(count, masks.length);
        uint64 leafCount = _liveBatch(root).leafCount;
        mapping(uint256 => uint256) storage words = op == BitOp.Revoke ? _revokedBits[root] : _suspendedBits[root];
        for (uint256 i = 0; i < count; ++i) {
            uint256 wordIndex = wordIndices[i];
            uint256 mask = masks[i];
            _checkMask(root, wordIndex, mask, leafCount);
            uint256 current = words[wordIndex];
            uint256 changed = op == BitOp.Reinstate ? current & mask : mask & ~current;
            if (changed == 0) continue; // idempotent: nothing new, no write, no event
            words[wordIndex] = current ^ changed;
            if (op == BitOp.Revoke) emit CredentialsRevoked(root, wordIndex, changed, reason);
            else if (op == BitOp.Suspend) emit CredentialsSuspended(root, wordIndex, changed, reason);
            else emit CredentialsReinstated(root, wordIndex, changed, reason);
        }
    }

    function _setProfile(string memory name, string memory url) internal {
        _profileName = name;
        _profileUrl = url;
        emit ProfileUpdated(name, url);
    }

    /// @dev The record of an anchored batch that is not revoked, or a revert that says why not.
    function _liveBatch(bytes32 root) private view returns (Batch storage record) {
        record = _batches[root];
        if (record.anchoredAt == 0) revert CredentialRegistryUnknownRoot(root);
        if (record.revokedAt != 0) revert CredentialRegistryBatchAlreadyRevoked(root, record.revokedAt);
    }

    /// @dev Reverts unless `mask` is non-zero and names only indices below `leafCount`.
    function _checkMask(bytes32 root, uint256 wordIndex, uint256 mask, uint64 leafCount) private pure {
        if (mask == 0) revert CredentialRegistryZeroMask(root, wordIndex);
        uint256 wordCount = (uint256(leafCount) + 255) >> 8;
        uint256 usedBits = uint256(leafCount) & 255;
        if (wordIndex >= wordCount || (wordIndex == wordCount - 1 && usedBits != 0 && mask >> usedBits != 0)) {
            revert CredentialRegistryBitsOutOfRange(root, wordIndex, mask, leafCount);
        }
    }

    function _status(bytes32 root, uint256 index) private view returns (Status) {
        Batch storage record = _batches[root];
        if (record.anchoredAt == 0) return Status.Unknown;
        if (index >= record.leafCount) return Status.OutOfRange;
        if (record.revokedAt != 0) return Status.BatchRevoked;
        uint256 wordIndex = index >> 8;
        uint256 bit = 1 << (index & 255);
        if (_revokedBits[root][wordIndex] & bit != 0) return Status.Revoked;
        if (_suspendedBits[root][wordIndex] & bit != 0) return Status.Suspended;
        return Status.Valid;
    }
}
