// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {CredentialRegistryBase} from "./CredentialRegistryBase.sol";

/**
 * @title CredentialRegistry
 * @notice One issuer's registry of anchored micro-credential batches, deployed whole. See {ICredentialRegistry};
 * the logic is in {CredentialRegistryBase}. {CredentialRegistryFactory} makes cheaper clones of the same logic.
 */
contract CredentialRegistry is CredentialRegistryBase {
    /**
     * @param admin The default admin (a multisig in production). It also starts with `ISSUER_ROLE`
     * and `REVOKER_ROLE`, so a single-key issuer can work at once; it can hand them to operator keys
     * and renounce its own. Admin transfers are two-step (begin, then accept).
     * @param name The issuer's display name.
     * @param url The issuer's profile URL or DID, which identity checks bind to.
     */
    constructor(
        address admin,
        string memory name,
        string memory url
    ) AccessControlDefaultAdminRules(0, admin) {
        _grantRole(ISSUER_ROLE, admin);
        _grantRole(REVOKER_ROLE, admin);
        _setProfile(name, url);
    }
}
