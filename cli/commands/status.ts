/** `credanchor status`: what the registry says about a credential, a batch folder, or a root. */
import {
  type Address,
  getBatch,
  getCredentialStatus,
  type Hex,
  isoFromUnixSeconds as iso,
  type RegistryBatch,
  type RegistryCredentialStatus,
} from "../../sdk/src/node";
import { InputError } from "../errors";
import { booleanFlag, stringFlag, stringsFlag } from "../lib/args";
import { isDirectory, locateBatch, locateCredential, ROOT_PATTERN, type CredentialLocation } from "../lib/batchDir";
import { defineCommand } from "../lib/command";
import type { Io } from "../lib/io";
import { formatCount, writeReport, type Styles } from "../lib/output";
import { withRegistry } from "../lib/withRegistry";
import { statusSpec as spec } from "../specs/status";

export interface StatusOptions {
  /** A credential file, a batch folder, or a batch root (0x + 64 hex digits). */
  target: string;
  network?: string;
  rpc?: string[];
  registry?: string;
  config?: string;
  json?: boolean;
}

/** `--json` shape of `status` (docs/CLI.md). */
export interface StatusJson {
  chainId: number;
  registry: Address;
  root: Hex;
  batch: {
    anchored: boolean;
    anchoredAt: string | null;
    anchoredBlock: number | null;
    revokedAt: string | null;
    leafCount: number;
  };
  /** Present for a credential file. */
  credential?: { index: number; status: RegistryCredentialStatus };
}

/**
 * Prints what the registry says.
 *
 * @example
 * await status({ target: "batch-1/credentials/grace-hopper-5d41e0.json" }, io);
 */
export async function status(options: StatusOptions, io: Io): Promise<number> {
  let location: CredentialLocation;
  let kind: "credential" | "batch" | "root";
  if (ROOT_PATTERN.test(options.target)) {
    location = { root: options.target.toLowerCase() as Hex, leafIndex: -1 };
    kind = "root";
  } else if (isDirectory(io, options.target)) {
    location = await locateBatch(io, options.target);
    kind = "batch";
  } else {
    location = locateCredential(io, options.target);
    kind = "credential";
  }
  if (kind !== "root" && !location.anchor && !options.registry) {
    throw new InputError(
      `${options.target} is not anchored yet: its ${kind === "batch" ? "manifest" : "proof"} has no anchor record`,
      {
        fix: `anchor it with \`credanchor anchor ${kind === "batch" ? options.target : "BATCH_DIR"} --network NAME\`, or pass --network and --registry to ask about its root anyway`,
      },
    );
  }
  return withRegistry(
    io,
    options,
    { signer: "none", chainId: location.chainId, registry: location.registry, checkChain: true },
    async ({ target, client, registry }) => {
      const batch = await getBatch(client, { registry, root: location.root });
      const credential =
        kind === "credential"
          ? await getCredentialStatus(client, { registry, root: location.root, index: location.leafIndex })
          : undefined;

      return writeReport(
        io,
        options.json,
        {
          chainId: client.chainId,
          registry,
          root: location.root,
          batch: {
            anchored: batch.anchored,
            anchoredAt: batch.anchored ? iso(batch.anchoredAt) : null,
            anchoredBlock: batch.anchored ? batch.anchoredBlock : null,
            revokedAt: batch.revokedAt ? iso(batch.revokedAt) : null,
            leafCount: batch.leafCount,
          },
          ...(credential ? { credential: { index: location.leafIndex, status: credential } } : {}),
        } satisfies StatusJson,
        (style) => [
          `${kind === "credential" ? `credential ${location.leafIndex} of batch` : "batch"} ${location.root}`,
          `  registry  ${registry} on ${target.name} (chain ${client.chainId})`,
          ...(credential ? [`  status    ${describeStatus(credential, style)}`] : []),
          `  batch     ${describeBatch(batch, style)}`,
        ],
      );
    },
  );
}

function describeStatus(value: RegistryCredentialStatus, style: Styles): string {
  switch (value) {
    case "Valid":
      return style.green("✔ Valid: not revoked, not suspended");
    case "Revoked":
      return style.red("✘ Revoked (permanent)");
    case "Suspended":
      return style.yellow("✘ Suspended (reversible: `credanchor reinstate`)");
    case "BatchRevoked":
      return style.red("✘ BatchRevoked: the whole batch was revoked");
    case "OutOfRange":
      return style.red("✘ OutOfRange: the batch has no credential with this index");
    case "Unknown":
      return style.red("? Unknown: this registry has no such batch");
  }
}

function describeBatch(batch: RegistryBatch, style: Styles): string {
  if (!batch.anchored) return style.red("not anchored in this registry");
  const state = batch.revokedAt ? style.red(`revoked at ${iso(batch.revokedAt)}`) : style.green("live");
  return `anchored ${iso(batch.anchoredAt)} in block ${batch.anchoredBlock}, ${formatCount(batch.leafCount)} credentials, ${state}`;
}

export const statusCommand = defineCommand<StatusOptions>({
  spec,
  options: (args) => ({
    target: args.positionals[0],
    network: stringFlag(args, "network"),
    rpc: stringsFlag(args, "rpc"),
    registry: stringFlag(args, "registry"),
    config: stringFlag(args, "config"),
    json: booleanFlag(args, "json"),
  }),
  run: status,
});
