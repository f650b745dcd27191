/**
 * A stacked credential (ClrCredential) anchored on a real `hardhat node`, for the browser tests, made
 * with the SDK's own issuer functions: three module batches of the nursing pathway (issueBatch +
 * anchorBatch in one registry), then issueStack over one learner's three modules, anchored the same
 * way. `revokeComponent` revokes one module credential on chain, as its issuer would.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  anchorBatch,
  createRegistryClient,
  deployRegistry,
  issueBatch,
  issueStack,
  revokeCredentials,
  type Address,
} from "../../sdk/src/node";
import { HARDHAT_ACCOUNTS, type HardhatNode } from "../helpers/hardhatNode";
import { credentialFile } from "../helpers/credentialFiles";
import { repoPath } from "../helpers/repoRoot";

const PATHWAYS = repoPath("test", "fixtures", "pathways");
export const STACK_MODULES = ["Telehealth Communication", "Virtual Physical Assessment", "Remote Patient Monitoring"];
const MODULE_TEMPLATES = ["telehealth-communication", "virtual-assessment", "remote-patient-monitoring"];
const LEARNER = { name: "Amara Okafor", email: "amara.okafor@example.org" };

export interface StackFixture {
  registry: Address;
  /** The anchored stacked credential, with its anchor record. */
  stacked: Record<string, unknown>;
  /** Revokes the component module `index` (0-based) on chain. */
  revokeComponent(index: number): Promise<void>;
  /** Removes the work directory. */
  cleanup(): Promise<void>;
}

/**
 * Issues and anchors the three nursing modules for one learner and her stacked credential.
 *
 * @example
 * const stack = await issueAnchoredStack(node);
 */
export async function issueAnchoredStack(node: Pick<HardhatNode, "url" | "chainId">): Promise<StackFixture> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "credanchor-web-stack-"));
  const client = createRegistryClient({
    chainId: node.chainId,
    rpcUrl: node.url,
    account: { privateKey: HARDHAT_ACCOUNTS[0].privateKey },
    confirmations: 1,
    pollingInterval: 100,
  });
  const { address: registry } = await deployRegistry(client, {
    admin: HARDHAT_ACCOUNTS[0].address,
    name: "Example Nursing School",
    url: "https://nursing.example.edu",
  });
  const recipients = path.join(work, "recipients.jsonl");
  await fs.writeFile(recipients, JSON.stringify(LEARNER) + "\n");
  const holders = path.join(work, "holders");
  await fs.mkdir(holders);
  const moduleFiles: string[] = [];
  for (const [index, name] of MODULE_TEMPLATES.entries()) {
    const outDir = path.join(work, `module-${index + 1}`);
    await issueBatch({
      template: path.join(PATHWAYS, "components", `nursing-${name}.json`),
      recipients,
      outDir,
      workers: 0,
      now: "2026-05-01T09:00:00Z",
    });
    await anchorBatch(outDir, { client, registry });
    const file = credentialFile(outDir, 0);
    moduleFiles.push(file);
    await fs.copyFile(file, path.join(holders, `m${index + 1}.json`));
  }
  await fs.writeFile(
    path.join(holders, "holders.json"),
    JSON.stringify([{ learner: "amara", ...LEARNER, files: ["m1.json", "m2.json", "m3.json"] }]),
  );
  const stackDir = path.join(work, "stack");
  const chain = `eip155:${node.chainId}` as const;
  const { manifest } = await issueStack({
    pathway: path.join(PATHWAYS, "telemedicine-nursing.json"),
    holders,
    outDir: stackDir,
    rpc: { [chain]: node.url },
  });
  if (!manifest) throw new Error("the learner did not qualify for the stack");
  await anchorBatch(stackDir, { client, registry });
  const stacked = JSON.parse(await fs.readFile(credentialFile(stackDir, 0), "utf8")) as Record<string, unknown>;
  return {
    registry,
    stacked,
    revokeComponent: async (index) => {
      await revokeCredentials([moduleFiles[index]], "issued-in-error", { client, registry });
    },
    cleanup: () => fs.rm(work, { recursive: true, force: true }),
  };
}
