/**
 * Child process for the "killed between send and confirmation" test: anchors one batch directory
 * against a node and prints `SENT <hash>` as soon as the transaction is broadcast (and journaled),
 * then keeps waiting for confirmations until the parent kills it.
 *
 *     node -r ts-node/register/transpile-only test/sdk/anchor/anchorChild.ts <rpcUrl> <registry> <batchDir>
 */
import { createRegistryClient } from "../../../sdk/src/chain/createRegistryClient";
import { anchorBatch } from "../../../sdk/src/anchor/anchorBatch";
import { HARDHAT_ACCOUNTS } from "../../helpers/hardhatNode";

async function main(): Promise<void> {
  const [rpcUrl, registry, batchDir] = process.argv.slice(2);
  const client = createRegistryClient({
    chainId: 31337,
    rpcUrl,
    account: { privateKey: HARDHAT_ACCOUNTS[0].privateKey },
    pollingInterval: 50,
  });
  await anchorBatch(batchDir, {
    client,
    registry: registry as `0x${string}`,
    onProgress: (event) => {
      if (event.type === "sent") process.stdout.write(`SENT ${event.transactionHash}\n`);
    },
  });
  process.stdout.write("DONE\n");
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
