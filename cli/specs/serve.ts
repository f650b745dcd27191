/** `credanchor serve --help`: flags, usage and help text (no SDK: the table loads it for every run). */
import { type CommandSpec, CHAIN_FLAGS } from "../lib/args";
import { DEFAULT_BATCH_YOUNG_GENERATION_MIB, DEFAULT_CACHE, DEFAULT_LIMITS } from "../serve/config";

export const serveSpec: CommandSpec = {
  name: "serve",
  usage: "credanchor serve [--network NAME]... [--rpc URL]... [--port N] [--host ADDR] [options]",
  description:
    "Runs the verification service: POST /credentials/verify (W3C VC API: { verifiableCredential } → { verified, checks, warnings, errors } with credanchor's full result), POST /credentials/verify-batch (up to 10,000 credentials, batched chain reads), the verifier page at /, GET /health (?ready checks every chain), GET /metrics (Prometheus). Networks, RPC endpoints, confirmations and the identity policy are the operator's (flags, credanchor.config.json), never a request's. Stateless: run as many instances as needed behind a load balancer. Stops on SIGTERM / SIGINT after answering the requests in flight. docs/SERVE.md has the API, the settings and the limits.",
  positionals: { min: 0, max: 0, name: "" },
  flags: {
    ...CHAIN_FLAGS,
    network: {
      type: "string",
      multiple: true,
      valueName: "NAME",
      description: "a network to verify credentials of (repeat for several); default the config's defaultNetwork",
    },
    host: {
      type: "string",
      valueName: "ADDR",
      description: "address to listen on (default 127.0.0.1; 0.0.0.0 for all)",
    },
    port: { type: "string", valueName: "N", description: "port to listen on (default 8080; 0: any free port)" },
    confirmations: {
      type: "string",
      valueName: "K",
      description: "confirmations an anchoring block needs (default: the config's, else per chain)",
    },
    quorum: { type: "string", valueName: "K", description: "K of each chain's RPC endpoints must agree on every read" },
    "rpc-timeout": { type: "string", valueName: "MS", description: "time per RPC attempt (default 10000)" },
    identity: { type: "boolean", description: "check the issuer's domain binding on the local chain too" },
    "no-identity": {
      type: "boolean",
      description: "never check the issuer's domain binding (then nothing on a public chain is verified)",
    },
    "dns-server": {
      type: "string",
      multiple: true,
      valueName: "IP[:PORT]",
      description: "DNS server for issuers' TXT records (default: the system's)",
    },
    "identity-method": {
      type: "string",
      multiple: true,
      valueName: "dns|did:web",
      description: "bind issuers' domains by this method only (default: both)",
    },
    "status-ttl": {
      type: "string",
      valueName: "SECONDS",
      description: `how long revocation and suspension statuses are reused (default ${DEFAULT_CACHE.statusTtlMs / 1000})`,
    },
    "identity-ttl": {
      type: "string",
      valueName: "SECONDS",
      description: `how long DNS and did:web answers are reused (default ${DEFAULT_CACHE.identityTtlMs / 1000})`,
    },
    "cache-entries": {
      type: "string",
      valueName: "N",
      description: `most cached answers per chain and per identity kind (default ${DEFAULT_CACHE.maxEntries})`,
    },
    "body-limit": {
      type: "string",
      valueName: "MIB",
      description: `largest verify request (default ${DEFAULT_LIMITS.bodyLimit / 2 ** 20} MiB)`,
    },
    "batch-body-limit": {
      type: "string",
      valueName: "MIB",
      description: `largest verify-batch request (default ${DEFAULT_LIMITS.batchBodyLimit / 2 ** 20} MiB)`,
    },
    "max-batch": {
      type: "string",
      valueName: "N",
      description: `most credentials per batch request (default ${DEFAULT_LIMITS.maxBatch})`,
    },
    "max-concurrent": {
      type: "string",
      valueName: "N",
      description: `verify requests answered at once; more get 503 (default ${DEFAULT_LIMITS.maxConcurrent})`,
    },
    "max-concurrent-batches": {
      type: "string",
      valueName: "N",
      description: `batch requests answered at once (default ${DEFAULT_LIMITS.maxConcurrentBatches})`,
    },
    "batch-young-generation": {
      type: "string",
      valueName: "MIB",
      description: `young generation of each verify-batch thread; 0: V8's default (default ${DEFAULT_BATCH_YOUNG_GENERATION_MIB})`,
    },
    timeout: {
      type: "string",
      valueName: "SECONDS",
      description: `time to answer a verify request, then 503 (default ${DEFAULT_LIMITS.requestTimeoutMs / 1000}; batches 8x)`,
    },
    "rate-limit": {
      type: "string",
      valueName: "N",
      description: `verify requests per client per minute; 0: none (default ${DEFAULT_LIMITS.rateLimit})`,
    },
    "cors-origin": {
      type: "string",
      multiple: true,
      valueName: "ORIGIN",
      description: "allow browser pages of this origin to call the API (repeat; * for any); default none",
    },
    "trust-proxy": {
      type: "boolean",
      description: "take the client address from X-Forwarded-For (only behind a proxy you run)",
    },
    "web-dir": {
      type: "string",
      valueName: "DIR",
      description: "the built verifier page (default: web/dist of this package; `npm run build:web`)",
    },
    log: { type: "boolean", description: "log one JSON line per request on stdout" },
  },
  examples: [
    { comment: "against a local node (`npx hardhat node`)", command: "credanchor serve --network localhost" },
    {
      comment: "Sepolia with two endpoints, for every interface, behind your proxy",
      command:
        "credanchor serve --network sepolia --rpc https://rpc-a.example --rpc https://rpc-b.example --host 0.0.0.0 --trust-proxy",
    },
  ],
  notes: [
    "Verify a credential file: curl -s localhost:8080/credentials/verify -H 'content-type: application/json' \\",
    '  -d "{\\"verifiableCredential\\": $(cat shared.json)}"',
    "Exit codes: 0 stopped by SIGTERM / SIGINT; 1 could not start (port taken, no RPC URL); 2 usage error.",
  ],
};
