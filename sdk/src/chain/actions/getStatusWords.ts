import type { Address, Hex } from "../../types";
import type { RegistryClient } from "../createRegistryClient";
import { credentialRegistryAbi } from "../registryArtifact";
import { readRegistry } from "../readRegistry";

/**
 * The revoked and suspended bitmaps of word `wordIndex` of `root` (credentials `256·wordIndex` to
 * `256·wordIndex + 255`, credential `i` at bit `i & 255`).
 *
 * @example
 * const { revoked } = await getStatusWords(client, { registry, root, wordIndex: 0 });
 * const isRevoked = (revoked >> 3n) & 1n; // credential 3
 */
export async function getStatusWords(
  client: RegistryClient,
  { registry, root, wordIndex }: { registry: Address; root: Hex; wordIndex: number | bigint },
): Promise<{ revoked: bigint; suspended: bigint }> {
  const [revoked, suspended] = await readRegistry(client, registry, "statusWords", () =>
    client.publicClient.readContract({
      address: registry,
      abi: credentialRegistryAbi,
      functionName: "statusWords",
      args: [root, BigInt(wordIndex)],
    }),
  );
  return { revoked, suspended };
}
