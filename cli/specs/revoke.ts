/** `credanchor revoke|suspend|reinstate --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, SAFE_FLAGS, CHAIN_FLAGS, JSON_FLAG, KEY_FLAGS, CONFIRMATIONS_FLAG } from "../lib/args";
import type { CredentialStatusOperation } from "../../sdk/src/node";

export function credentialStatusSpec(operation: CredentialStatusOperation): CommandSpec {
  const reasonRequired = operation === "revoke";
  const description: Record<CredentialStatusOperation, string> = {
    revoke:
      "Revokes credentials for good: verifiers report `revocation failed` from the next block on. The registry and the chain come from each credential's proof; your key needs REVOKER_ROLE there (the deployer has it). Only a bit per credential is written: a whole word of 256 credentials costs about the same as one. Safe to run again.",
    suspend:
      "Suspends credentials: verifiers report `suspension failed` until you `credanchor reinstate` them. The registry and the chain come from each credential's proof; your key needs REVOKER_ROLE.",
    reinstate:
      "Lifts a suspension (a revocation cannot be undone). The registry and the chain come from each credential's proof.",
  };
  return {
    name: operation,
    usage: `credanchor ${operation} FILE... ${reasonRequired ? "--reason TEXT" : "[--reason TEXT]"} [--network NAME | --rpc URL...]`,
    description: description[operation],
    positionals: { min: 1, max: Infinity, name: "a credential FILE" },
    flags: {
      reason: {
        type: "string",
        valueName: "TEXT",
        description: `${reasonRequired ? "required: " : ""}a short code, at most 31 bytes, stored on chain (e.g. issued-in-error)`,
      },
      ...CHAIN_FLAGS,
      ...KEY_FLAGS,
      ...SAFE_FLAGS,
      ...CONFIRMATIONS_FLAG,
      ...JSON_FLAG,
    },
    examples: [
      {
        comment: operation === "reinstate" ? "lift a suspension" : `${operation} one credential`,
        command: `credanchor ${operation} batch-1/credentials/grace-hopper-5d41e0.json${operation === "revoke" ? " --reason issued-in-error" : operation === "suspend" ? " --reason under-review" : ""}`,
      },
      {
        comment: "have a Safe multisig (holding REVOKER_ROLE) do it: write the batch for its owners",
        command: `credanchor ${operation} batch-1/credentials/grace-hopper-5d41e0.json${operation === "revoke" ? " --reason issued-in-error" : operation === "suspend" ? " --reason under-review" : ""} --safe 0xYourSafe --export ${operation}.safe.json`,
      },
    ],
  };
}
