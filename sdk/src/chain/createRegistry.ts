import { getAddress } from "viem";
import type { Address } from "../types";
import type { RegistryClient } from "./createRegistryClient";
import { anchor, type AnchorParameters } from "./actions/anchor";
import { anchorMany, type AnchorManyParameters } from "./actions/anchorMany";
import { revoke } from "./actions/revoke";
import { suspend } from "./actions/suspend";
import { reinstate } from "./actions/reinstate";
import type { BitmapWriteParameters } from "./actions/bitmapWriteParameters";
import { revokeBatch, type RevokeBatchParameters } from "./actions/revokeBatch";
import { setProfile, type SetProfileParameters } from "./actions/setProfile";
import { getBatch } from "./actions/getBatch";
import { getCredentialStatus } from "./actions/getCredentialStatus";
import { getCredentialStatuses, type GetCredentialStatusesParameters } from "./actions/getCredentialStatuses";
import { getStatusWords } from "./actions/getStatusWords";
import { getProfile } from "./actions/getProfile";
import { getRegistryVersion } from "./actions/getRegistryVersion";
import { findAnchorTransaction } from "./actions/findAnchorTransaction";
import { hasRole } from "./actions/hasRole";
import { grantRole, type GrantRoleParameters } from "./actions/grantRole";
import { revokeRole, type RevokeRoleParameters } from "./actions/revokeRole";
import { renounceRole, type RenounceRoleParameters } from "./actions/renounceRole";
import {
  beginDefaultAdminTransfer,
  type BeginDefaultAdminTransferParameters,
} from "./actions/beginDefaultAdminTransfer";
import { acceptDefaultAdminTransfer } from "./actions/acceptDefaultAdminTransfer";
import { cancelDefaultAdminTransfer } from "./actions/cancelDefaultAdminTransfer";
import { getDefaultAdmin } from "./actions/getDefaultAdmin";
import { getPendingDefaultAdmin } from "./actions/getPendingDefaultAdmin";

/** Drops `registry` from an action's parameters: the bound object supplies it. */
type Bound<P> = Omit<P, "registry">;
type Options = { confirmations?: number };

/**
 * A registry bound to one client and address. Every method only delegates to the free function of
 * the same name (`anchor`, `getBatch`, …), passing `registry` for you.
 *
 * @example
 * const registry = createRegistry({ client, address: "0x5FbD…0aa3" });
 * await registry.anchor({ root, leafCount: 100 });
 * await registry.getCredentialStatus({ root, index: 3 }); // "Valid"
 */
export function createRegistry({ client, address }: { client: RegistryClient; address: Address }) {
  const registry = getAddress(address);
  return {
    client,
    address: registry,
    anchor: (p: Bound<AnchorParameters>) => anchor(client, { ...p, registry }),
    anchorMany: (p: Bound<AnchorManyParameters>) => anchorMany(client, { ...p, registry }),
    revoke: (p: Bound<BitmapWriteParameters>) => revoke(client, { ...p, registry }),
    suspend: (p: Bound<BitmapWriteParameters>) => suspend(client, { ...p, registry }),
    reinstate: (p: Bound<BitmapWriteParameters>) => reinstate(client, { ...p, registry }),
    revokeBatch: (p: Bound<RevokeBatchParameters>) => revokeBatch(client, { ...p, registry }),
    setProfile: (p: Bound<SetProfileParameters>) => setProfile(client, { ...p, registry }),
    getBatch: (p: Bound<Parameters<typeof getBatch>[1]>) => getBatch(client, { ...p, registry }),
    getCredentialStatus: (p: Bound<Parameters<typeof getCredentialStatus>[1]>) =>
      getCredentialStatus(client, { ...p, registry }),
    getCredentialStatuses: (p: Bound<GetCredentialStatusesParameters>) =>
      getCredentialStatuses(client, { ...p, registry }),
    getStatusWords: (p: Bound<Parameters<typeof getStatusWords>[1]>) => getStatusWords(client, { ...p, registry }),
    getProfile: () => getProfile(client, { registry }),
    getRegistryVersion: () => getRegistryVersion(client, { registry }),
    findAnchorTransaction: (p: Bound<Parameters<typeof findAnchorTransaction>[1]>) =>
      findAnchorTransaction(client, { ...p, registry }),
    hasRole: (p: Bound<Parameters<typeof hasRole>[1]>) => hasRole(client, { ...p, registry }),
    grantRole: (p: Bound<GrantRoleParameters>) => grantRole(client, { ...p, registry }),
    revokeRole: (p: Bound<RevokeRoleParameters>) => revokeRole(client, { ...p, registry }),
    renounceRole: (p: Bound<RenounceRoleParameters>) => renounceRole(client, { ...p, registry }),
    beginDefaultAdminTransfer: (p: Bound<BeginDefaultAdminTransferParameters>) =>
      beginDefaultAdminTransfer(client, { ...p, registry }),
    acceptDefaultAdminTransfer: (p: Options = {}) => acceptDefaultAdminTransfer(client, { ...p, registry }),
    cancelDefaultAdminTransfer: (p: Options = {}) => cancelDefaultAdminTransfer(client, { ...p, registry }),
    getDefaultAdmin: () => getDefaultAdmin(client, { registry }),
    getPendingDefaultAdmin: () => getPendingDefaultAdmin(client, { registry }),
  };
}

/** The object `createRegistry` returns. */
export type Registry = ReturnType<typeof createRegistry>;
