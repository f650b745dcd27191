/** `credanchor revokeBatch --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import {
  type CommandSpec,
  SAFE_FLAGS,
  CHAIN_FLAGS,
  JSON_FLAG,
  KEY_FLAGS,
  REGISTRY_FLAG,
  CONFIRMATIONS_FLAG,
} from "../lib/args";

export const revokeBatchSpec: CommandSpec = {
  name: "revoke-batch",
  usage: "credanchor revoke-batch DIR|ROOT... --reason TEXT [--network NAME | --rpc URL... --registry ADDR]",
  description:
    "Revokes every credential of a batch at once, permanently (one small transaction whatever the batch's size): verifiers report `revocation failed` for all of them. An anchored batch folder names its chain and registry; a bare root needs --network (registry from deployments/<network>.json) or --rpc and --registry. Your key needs REVOKER_ROLE. Safe to run again.",
  positionals: { min: 1, max: Infinity, name: "a batch DIR or ROOT" },
  flags: {
    reason: {
      type: "string",
      valueName: "TEXT",
      description: "required: a short code, at most 31 bytes, stored on chain",
    },
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    ...KEY_FLAGS,
    ...SAFE_FLAGS,
    ...CONFIRMATIONS_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "have a Safe multisig (holding REVOKER_ROLE) revoke it: write the batch for its owners",
      command: "credanchor revoke-batch batch-1 --reason wrong-cohort --safe 0xYourSafe --export revoke.safe.json",
    },
    { comment: "a batch issued by mistake", command: "credanchor revoke-batch batch-1 --reason wrong-cohort" },
    {
      comment: "by root, on Sepolia",
      command: "credanchor revoke-batch 0x3f1c…e9 --reason withdrawn --network sepolia",
    },
  ],
};
