/**
 * Hardhat tasks of credanchor, loaded by hardhat.config.ts.
 *
 *     npx hardhat deploy-registry --network <name> [--admin ADDR] [--name NAME] [--url URL] [--redeploy]
 *
 * Expected failures (wrong chain, no key, unreachable endpoint...) print one line and exit with code 1.
 */
import { task, types } from "hardhat/config";
import { DeployRegistryError, deployRegistry } from "./deployRegistry";

task("deploy-registry", "Deploys a CredentialRegistry and records it in deployments/<network>.json")
  .addOptionalParam("admin", "the default admin's address (default: the deployer)", undefined, types.string)
  .addOptionalParam("name", "the issuer's display name", "", types.string)
  .addOptionalParam("url", "the issuer's profile URL or DID, which identity checks bind to", "", types.string)
  .addFlag("redeploy", "deploy a new registry even if the recorded one is live")
  .setAction(async (args: { admin?: string; name: string; url: string; redeploy: boolean }, hre) => {
    await hre.run("compile", { quiet: true });
    try {
      await deployRegistry(hre, { ...args, log: (line) => console.log(line) });
    } catch (error) {
      if (!(error instanceof DeployRegistryError)) throw error;
      console.error(`Error: ${error.oneLine()}`);
      process.exitCode = 1;
    }
  });
