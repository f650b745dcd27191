/**
 * A real Safe (v1.5.0 contracts from @safe-global/safe-smart-account's build artifacts) on a local
 * node: deploys the singleton and the libraries protocol-kit needs, creates Safes through the
 * proxy factory, and gives the `contractNetworks` entry protocol-kit takes for chain 31337.
 */
import fs from "node:fs";
import path from "node:path";
import {
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  defineChain,
  encodeFunctionData,
  http,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

const ARTIFACTS = path.join(
  path.dirname(require.resolve("@safe-global/safe-smart-account/package.json")),
  "build",
  "artifacts",
  "contracts",
);

function artifact(file: string, name: string): { abi: Abi; bytecode: Hex } {
  const json = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, file, `${name}.json`), "utf8")) as {
    abi: Abi;
    bytecode: Hex;
  };
  return json;
}

export interface SafeContracts {
  safeSingletonAddress: Address;
  safeProxyFactoryAddress: Address;
  multiSendAddress: Address;
  multiSendCallOnlyAddress: Address;
  fallbackHandlerAddress: Address;
  signMessageLibAddress: Address;
  createCallAddress: Address;
  simulateTxAccessorAddress: Address;
}

const CONTRACTS: Array<[keyof SafeContracts, string, string]> = [
  ["safeSingletonAddress", "SafeL2.sol", "SafeL2"],
  ["safeProxyFactoryAddress", "proxies/SafeProxyFactory.sol", "SafeProxyFactory"],
  ["multiSendAddress", "libraries/MultiSend.sol", "MultiSend"],
  ["multiSendCallOnlyAddress", "libraries/MultiSendCallOnly.sol", "MultiSendCallOnly"],
  ["fallbackHandlerAddress", "handler/CompatibilityFallbackHandler.sol", "CompatibilityFallbackHandler"],
  ["signMessageLibAddress", "libraries/SignMessageLib.sol", "SignMessageLib"],
  ["createCallAddress", "libraries/CreateCall.sol", "CreateCall"],
  ["simulateTxAccessorAddress", "accessors/SimulateTxAccessor.sol", "SimulateTxAccessor"],
];

function clients(rpcUrl: string, privateKey: Hex) {
  const chain = defineChain({
    id: 31337,
    name: "hardhat",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const account = privateKeyToAccount(privateKey);
  return {
    account,
    publicClient: createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport: http(rpcUrl), account }),
  };
}

/** Deploys the Safe v1.5.0 contracts (SafeL2 as the singleton) from `privateKey`'s account. */
export async function deploySafeContracts(rpcUrl: string, privateKey: Hex): Promise<SafeContracts> {
  const { publicClient, walletClient } = clients(rpcUrl, privateKey);
  const out: Partial<SafeContracts> = {};
  for (const [key, file, name] of CONTRACTS) {
    const { abi, bytecode } = artifact(file, name);
    const hash = await walletClient.deployContract({ abi, bytecode, args: [] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`${name} was not deployed`);
    out[key] = receipt.contractAddress;
  }
  return out as SafeContracts;
}

/** protocol-kit's `contractNetworks` for chain 31337. */
export function contractNetworks(contracts: SafeContracts): Record<string, SafeContracts> {
  return { "31337": contracts };
}

/** Creates a Safe with `owners` and `threshold` through the proxy factory; returns its address. */
export async function createSafe(
  rpcUrl: string,
  privateKey: Hex,
  contracts: SafeContracts,
  { owners, threshold, saltNonce = 0n }: { owners: Address[]; threshold: number; saltNonce?: bigint },
): Promise<Address> {
  const { publicClient, walletClient } = clients(rpcUrl, privateKey);
  const safeAbi = artifact("SafeL2.sol", "SafeL2").abi;
  const factoryAbi = artifact("proxies/SafeProxyFactory.sol", "SafeProxyFactory").abi;
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: "setup",
    args: [
      owners,
      BigInt(threshold),
      zeroAddress,
      "0x",
      contracts.fallbackHandlerAddress,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  const hash = await walletClient.writeContract({
    address: contracts.safeProxyFactoryAddress,
    abi: factoryAbi,
    functionName: "createProxyWithNonce",
    args: [contracts.safeSingletonAddress, initializer, saltNonce],
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== contracts.safeProxyFactoryAddress.toLowerCase()) continue;
    const event = decodeEventLog({ abi: factoryAbi, data: log.data, topics: log.topics });
    if (event.eventName === "ProxyCreation") return (event.args as unknown as { proxy: Address }).proxy;
  }
  throw new Error("no ProxyCreation event");
}
