// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICredentialRegistry
 * @notice One issuer's registry of anchored credential batches. A batch is the Merkle root of its
 * credentials' leaves; no personal data is stored. Per batch the registry keeps one packed record
 * and two bitmaps: revoked bits (permanent) and suspended bits (reversible).
 *
 * Leaf encoding (OpenZeppelin `StandardMerkleTree` with leaf types `["uint256","bytes32"]`):
 *
 *     leaf = keccak256(bytes.concat(keccak256(abi.encode(uint256 index, bytes32 digest))))
 *     node = keccak256(abi.encodePacked(min(a, b), max(a, b)))
 *
 * Credential `index` lives in word `index >> 8` of a bitmap, at bit `index & 255` (bit 0 is the
 * least significant bit of the word).
 *
 * Roles: the default admin (two-step transfer, OpenZeppelin `AccessControlDefaultAdminRules`) manages
 * `ISSUER_ROLE` (anchors batches) and `REVOKER_ROLE` (revokes, suspends and reinstates).
 */
interface ICredentialRegistry {
    /// @notice What the registry says of one credential.
    enum Status {
        /// The root was never anchored in this registry.
        Unknown,
        /// Anchored, not revoked, not suspended.
        Valid,
        /// The credential's revoked bit is set (permanent).
        Revoked,
        /// The credential's suspended bit is set (reversible).
        Suspended,
        /// The whole batch was revoked (permanent).
        BatchRevoked,
        /// The index is at or beyond the batch's leaf count.
        OutOfRange
    }

    /// @notice The record of one anchored batch, packed into one storage slot.
    struct Batch {
        /// Block timestamp of the anchoring transaction; 0 means "never anchored".
        uint64 anchoredAt;
        /// Block number of the anchoring transaction.
        uint64 anchoredBlock;
        /// Block timestamp at which the whole batch was revoked; 0 means live.
        uint64 revokedAt;
        /// Number of credentials (leaves) in the batch.
        uint64 leafCount;
    }

    // ----------------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------------

    /// @notice A batch root was anchored with `leafCount` credentials.
    event BatchAnchored(bytes32 indexed root, uint64 leafCount);

    /// @notice Where the manifest of batch `root` can be found; emitted by `anchor` when `uri` is not empty.
    event BatchUriPublished(bytes32 indexed root, string uri);

    /// @notice The whole batch `root` was revoked, permanently, for `reason`.
    event BatchRevoked(bytes32 indexed root, bytes32 reason);

    /// @notice The credentials whose bits are set in `bits` (word `wordIndex`) were newly revoked.
    event CredentialsRevoked(bytes32 indexed root, uint256 wordIndex, uint256 bits, bytes32 reason);

    /// @notice The credentials whose bits are set in `bits` (word `wordIndex`) were newly suspended.
    event CredentialsSuspended(bytes32 indexed root, uint256 wordIndex, uint256 bits, bytes32 reason);

    /// @notice The credentials whose bits are set in `bits` (word `wordIndex`) were reinstated.
    event CredentialsReinstated(bytes32 indexed root, uint256 wordIndex, uint256 bits, bytes32 reason);

    /// @notice The issuer's display name and profile URL (or DID) were set.
    event ProfileUpdated(string name, string url);

    // ----------------------------------------------------------------------------------------------
    // Errors
    // ----------------------------------------------------------------------------------------------

    /// @notice The zero root cannot be anchored.
    error CredentialRegistryZeroRoot();

    /// @notice A batch must hold at least one credential.
    error CredentialRegistryZeroLeafCount(bytes32 root);

    /// @notice `root` is already anchored; a root is anchored once and never changes.
    error CredentialRegistryRootAlreadyAnchored(bytes32 root);

    /// @notice `root` was never anchored in this registry.
    error CredentialRegistryUnknownRoot(bytes32 root);

    /// @notice Two arrays that go together have different lengths.
    error CredentialRegistryLengthMismatch(uint256 expected, uint256 actual);

    /// @notice An operation was given no items at all.
    error CredentialRegistryEmptyInput();

    /// @notice A mask with no bit set was given for word `wordIndex` of `root`.
    error CredentialRegistryZeroMask(bytes32 root, uint256 wordIndex);

    /// @notice `mask` in word `wordIndex` sets a bit at or beyond the batch's `leafCount`.
    error CredentialRegistryBitsOutOfRange(bytes32 root, uint256 wordIndex, uint256 mask, uint64 leafCount);

    /// @notice The whole batch `root` was revoked at `revokedAt`; it cannot change any more.
    error CredentialRegistryBatchAlreadyRevoked(bytes32 root, uint64 revokedAt);

    // ----------------------------------------------------------------------------------------------
    // Issuing
    // ----------------------------------------------------------------------------------------------

    /**
     * @notice Anchors one batch. Caller must hold `ISSUER_ROLE`.
     * @param root The batch's Merkle root (non-zero, never anchored before).
     * @param leafCount The number of credentials in the batch (non-zero).
     * @param uri Where the batch manifest can be found; may be empty. Emitted (`BatchUriPublished`), not stored.
     */
    function anchor(bytes32 root, uint64 leafCount, string calldata uri) external;

    /**
     * @notice Anchors several batches in one transaction. Caller must hold `ISSUER_ROLE`.
     * @dev Reverts as a whole if any root is zero, already anchored or repeated.
     * WARNING: a transaction may not use more than 16,777,216 gas (Osaka); about 600 roots fit.
     * @param roots The batch roots.
     * @param leafCounts The leaf count of each root, in the same order.
     */
    function anchorMany(bytes32[] calldata roots, uint64[] calldata leafCounts) external;

    // ----------------------------------------------------------------------------------------------
    // Revocation and suspension
    // ----------------------------------------------------------------------------------------------

    /**
     * @notice Revokes a whole batch, permanently. Caller must hold `REVOKER_ROLE`.
     * WARNING: this cannot be undone; every credential of the batch then reports `BatchRevoked`.
     * @param root An anchored, live batch root.
     * @param reason A short reason code (for example a left-aligned ASCII string).
     */
    function revokeBatch(bytes32 root, bytes32 reason) external;

    /**
     * @notice Revokes single credentials, permanently, by setting bits. Caller must hold `REVOKER_ROLE`.
     * Idempotent: bits already set are left alone and are not reported again.
     * WARNING: this cannot be undone.
     * @param root An anchored, live batch root.
     * @param wordIndices For each mask, the word it applies to (`index >> 8`).
     * @param masks The bits to set (`1 << (index & 255)` for each credential); none zero, none at or
     * beyond the batch's leaf count.
     * @param reason A short reason code.
     */
    function revoke(bytes32 root, uint256[] calldata wordIndices, uint256[] calldata masks, bytes32 reason) external;

    /**
     * @notice Suspends single credentials (reversible). Same arguments and rules as `revoke`.
     * Caller must hold `REVOKER_ROLE`.
     */
    function suspend(bytes32 root, uint256[] calldata wordIndices, uint256[] calldata masks, bytes32 reason) external;

    /**
     * @notice Lifts suspensions by clearing suspended bits. Same arguments and rules as `revoke`;
     * bits that were not suspended are left alone. Caller must hold `REVOKER_ROLE`.
     */
    function reinstate(bytes32 root, uint256[] calldata wordIndices, uint256[] calldata masks, bytes32 reason) external;

    // ----------------------------------------------------------------------------------------------
    // Profile
    // ----------------------------------------------------------------------------------------------

    /**
     * @notice Sets the issuer's display name and the URL or DID that identity checks bind to.
     * Caller must be the default admin.
     */
    function setProfile(string calldata name, string calldata url) external;

    /// @notice The issuer's display name and profile URL (or DID).
    function profile() external view returns (string memory name, string memory url);

    // ----------------------------------------------------------------------------------------------
    // Reading
    // ----------------------------------------------------------------------------------------------

    /// @notice The packed record of `root`; all zero when it was never anchored.
    function batch(bytes32 root) external view returns (Batch memory);

    /// @notice The revoked and suspended bitmaps of word `wordIndex` of `root`.
    function statusWords(bytes32 root, uint256 wordIndex) external view returns (uint256 revoked, uint256 suspended);

    /**
     * @notice The status of credential `index` of batch `root`, in this order of precedence:
     * Unknown (root not anchored), OutOfRange (index >= leafCount), BatchRevoked, Revoked, Suspended, Valid.
     */
    function credentialStatus(bytes32 root, uint256 index) external view returns (Status);

    /**
     * @notice The status of many credentials in one call: `statuses[i]` is the status of credential
     * `indices[i]` of `roots[i]`.
     * WARNING: an eth_call is bounded by the node's gas cap; about 2,000 items fit comfortably.
     */
    function credentialStatuses(
        bytes32[] calldata roots,
        uint256[] calldata indices
    ) external view returns (Status[] memory statuses);

    /**
     * @notice True when `proof` shows that (`index`, `digest`) is a leaf of `root` AND the credential's
     * status is `Valid`. Never reverts for a bad proof; returns false instead.
     * @param root The batch root.
     * @param index The credential's position in the batch (bound into the leaf).
     * @param digest The credential's digest.
     * @param proof The sibling hashes from the leaf up to the root.
     */
    function verify(bytes32 root, uint256 index, bytes32 digest, bytes32[] calldata proof) external view returns (bool);

    /// @notice The role that may anchor batches.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice The role that may revoke, suspend and reinstate.
    function REVOKER_ROLE() external view returns (bytes32);

    /// @notice The contract's version, `major.minor.patch`.
    function version() external pure returns (string memory);
}
