/** `credanchor roles --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import {
  type CommandSpec,
  SAFE_FLAGS,
  CHAIN_FLAGS,
  JSON_FLAG,
  KEY_FLAGS,
  REGISTRY_FLAG,
  CONFIRMATIONS_FLAG,
} from "../lib/args";

/** The usage line of each subcommand (`--help` and the too-many-arguments error quote them). */
export const USAGE_LINES = [
  "credanchor roles [list] [ADDRESS...]",
  "credanchor roles grant|revoke issuer|revoker ADDRESS",
  "credanchor roles renounce issuer|revoker",
  "credanchor roles transfer-admin ADDRESS | accept-admin | cancel-transfer",
];

export const rolesSpec: CommandSpec = {
  name: "roles",
  usage: `${USAGE_LINES.join("\n       ")}\n       [--network NAME | --rpc URL... --registry ADDR] [--keystore FILE]`,
  description:
    "Who may do what in your registry. `list` (the default) shows the admin, a pending admin transfer, and whether the admin, your key and the ADDRESSes given hold ISSUER_ROLE (anchors batches) and REVOKER_ROLE (revokes, suspends, reinstates). The admin grants and revokes those roles; any holder can renounce its own. The admin role itself moves in two steps: the admin runs `transfer-admin NEW`, then the new admin runs `accept-admin` with its own key (`cancel-transfer` withdraws the offer). A change that is already in place sends nothing. Give the admin role to a multisig and operator roles to separate keys; see docs/SECURITY.md.",
  positionals: { min: 0, max: Infinity, name: "an ACTION" },
  flags: {
    ...CHAIN_FLAGS,
    ...REGISTRY_FLAG,
    ...KEY_FLAGS,
    ...SAFE_FLAGS,
    ...CONFIRMATIONS_FLAG,
    ...JSON_FLAG,
  },
  examples: [
    {
      comment: "the admin is a Safe multisig: write the grant for its owners to execute",
      command:
        "credanchor roles grant issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network base --safe 0xYourSafe --export grant.safe.json",
    },
    {
      comment: "who is admin; which roles these accounts hold",
      command: "credanchor roles list 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network localhost",
    },
    {
      comment: "let an operator key anchor batches (run with the admin's key)",
      command: "credanchor roles grant issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network sepolia",
    },
    {
      comment: "a lost or retired key: take its role away",
      command: "credanchor roles revoke issuer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network sepolia",
    },
    { comment: "give up your own revoker role", command: "credanchor roles renounce revoker --network sepolia" },
    {
      comment: "hand the admin role to a multisig; it then accepts with its own key",
      command: "credanchor roles transfer-admin 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network sepolia",
    },
    {
      comment: "run by the new admin",
      command: "credanchor roles accept-admin --network sepolia --keystore multisig-owner.json",
    },
  ],
  notes: [
    "ROLE is `issuer` (ISSUER_ROLE) or `revoker` (REVOKER_ROLE).",
    "Exit codes: 0 done (or nothing to do); 1 refused (e.g. your key is not the admin); 2 usage error.",
  ],
};
