/** `credanchor status --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS, JSON_FLAG, REGISTRY_FLAG } from "../lib/args";

export const statusSpec: CommandSpec = {
  name: "status",
  usage: "credanchor status FILE|DIR|ROOT [--network NAME | --rpc URL...] [--registry ADDR]",
  description:
    "Reads the registry: for a credential file, its status (Valid, Revoked, Suspended, BatchRevoked, ...) and its batch's record; for a batch folder or a root, the batch's record (anchored when and where, revoked or live, how many credentials). A credential or an anchored batch folder names its own chain and registry; a bare root needs --network (or --rpc) and --registry unless deployments/<network>.json has it. This is the raw chain state; `credanchor verify` runs every check.",
  positionals: { min: 1, max: 1, name: "a credential FILE, a batch DIR or a ROOT" },
  flags: { ...CHAIN_FLAGS, ...REGISTRY_FLAG, ...JSON_FLAG },
  examples: [
    { comment: "one credential", command: "credanchor status batch-1/credentials/grace-hopper-5d41e0.json" },
    {
      comment: "a batch root on a local node, registry from deployments/localhost.json",
      command: "credanchor status 0x3f1c…e9 --network localhost",
    },
  ],
};
