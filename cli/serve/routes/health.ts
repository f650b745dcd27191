/**
 * GET /health (liveness: the process answers) and GET /health/ready or /health?ready (readiness:
 * every configured chain answers eth_chainId with its id).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { ServeError, withTimeout } from "../serveError";
import type { Verifier } from "../verifier";

/**
 * @example
 * healthRoutes(app, verifier.chains);
 */
export function healthRoutes(app: FastifyInstance, chains: Verifier["chains"]): void {
  const ready = async (): Promise<{ ready: boolean; chains: Record<string, unknown> }> => {
    const report: Record<string, unknown> = {};
    let ok = true;
    await Promise.all(
      [...chains].map(async ([chain, { base, name }]) => {
        try {
          const answer = await withTimeout(base.request<string>("eth_chainId"), 5_000);
          const id = typeof answer === "string" ? Number(BigInt(answer)) : NaN;
          if (id !== base.chainId) {
            ok = false;
            report[chain] = { name, ready: false, reason: `the endpoint answered chain id ${String(answer)}` };
          } else report[chain] = { name, ready: true };
        } catch (error) {
          ok = false;
          const reason =
            error instanceof ServeError
              ? "no answer within 5 s"
              : ((error as { shortMessage?: string }).shortMessage ?? (error as Error).message);
          report[chain] = { name, ready: false, reason };
        }
      }),
    );
    return { ready: ok && chains.size > 0, chains: report };
  };
  const readyAnswer = async (reply: FastifyReply) => {
    const { ready: isReady, chains: report } = await ready();
    if (isReady) return reply.code(200).send({ status: "ready", chains: report });
    return reply.code(503).send({
      code: "NOT_READY",
      message:
        chains.size === 0
          ? "No chain is configured."
          : "A configured chain does not answer with its chain id; see chains.",
      status: 503,
      chains: report,
    });
  };
  app.get("/health", async (request, reply) => {
    if (Object.hasOwn((request.query ?? {}) as object, "ready")) return readyAnswer(reply);
    return reply.send({ status: "ok" });
  });
  app.get("/health/ready", async (_request, reply) => readyAnswer(reply));
}
