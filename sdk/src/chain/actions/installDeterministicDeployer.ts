import { keccak256 } from "viem";
import type { Hex } from "../../types";
import { DeterministicDeployerMissingError, NoAccountError } from "../../errors/registry";
import type { RegistryClient } from "../createRegistryClient";
import { assertChainId } from "../assertChainId";
import { DETERMINISTIC_DEPLOYER } from "../deterministicDeployer";
import { broadcastRaw } from "../transaction/sendPreparedTransaction";
import { sendContractTransaction } from "../transaction/sendContractTransaction";

export interface InstallDeterministicDeployerResult {
  /** False when the proxy was already there (nothing sent). */
  installed: boolean;
  /** The presigned deployment transaction's hash, when it was sent. */
  transactionHash?: Hex;
}

/**
 * Makes sure the deterministic deployment proxy is on the client's chain. Every major chain has it; a fresh
 * local node does not. When it is missing, the client's account tops the proxy's signer up to the 0.01 ETH
 * its presigned transaction pays, and the published presigned transaction is broadcast, exactly as on any
 * chain, so the proxy and everything deployed through it get their usual addresses.
 *
 * @example
 * await installDeterministicDeployer(client); // { installed: true, transactionHash: "0x…" } on a fresh Hardhat node
 */
export async function installDeterministicDeployer(
  client: RegistryClient,
): Promise<InstallDeterministicDeployerResult> {
  await assertChainId(client);
  const { address, signer, rawTransaction, deploymentCost } = DETERMINISTIC_DEPLOYER;
  const code = await client.publicClient.getCode({ address });
  if (code && code !== "0x") return { installed: false };
  const nonce = await client.publicClient.getTransactionCount({ address: signer });
  if (nonce !== 0) {
    throw new DeterministicDeployerMissingError({
      chainId: client.chainId,
      reason: `its signer ${signer} has already used nonce 0 for something else, so the proxy can never be deployed here`,
    });
  }
  if (!client.account) throw new NoAccountError("installDeterministicDeployer");
  const balance = await client.publicClient.getBalance({ address: signer });
  if (balance < deploymentCost) {
    await sendContractTransaction(client, {
      to: signer,
      data: "0x",
      value: deploymentCost - balance,
      functionName: "fund the deterministic deployment proxy's signer",
      action: "fund the deterministic deployment proxy's signer",
    });
  }
  try {
    await broadcastRaw(client, rawTransaction, { functionName: "deploy the deterministic deployment proxy" });
  } catch (error) {
    throw new DeterministicDeployerMissingError({
      chainId: client.chainId,
      reason: "the node refused its presigned deployment transaction",
      cause: error,
    });
  }
  const receipt = await client.publicClient.waitForTransactionReceipt({
    // A legacy transaction's hash is the keccak256 of its signed RLP bytes.
    hash: keccak256(rawTransaction),
    confirmations: client.confirmations,
    pollingInterval: client.publicClient.pollingInterval,
  });
  const deployed = await client.publicClient.getCode({ address });
  if (receipt.status !== "success" || deployed !== DETERMINISTIC_DEPLOYER.runtimeCode) {
    throw new DeterministicDeployerMissingError({
      chainId: client.chainId,
      reason: `its presigned deployment transaction ${receipt.transactionHash} did not leave the expected code`,
    });
  }
  return { installed: true, transactionHash: receipt.transactionHash };
}
