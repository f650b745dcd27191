/**
 * Loopback ports for tests: every test server listens on a free port of 127.0.0.1 (never a fixed
 * one, so test files can run side by side), and a few tests need an address where nothing listens.
 *
 * @example
 * const server = http.createServer(handler);
 * const port = await listenOnFreePort(server); // http://127.0.0.1:<port>
 * const dead = await deadUrl(); // connection refused (a port below 1024)
 */
import type { Server } from "node:net";
import net from "node:net";

/** Starts `server` listening on a free port of 127.0.0.1 and resolves to that port (or the listen error). */
export function listenOnFreePort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", fail);
      const address = server.address();
      if (typeof address !== "object" || address === null) {
        reject(new Error(`listening on 127.0.0.1 gave no port (address ${String(address)})`));
        return;
      }
      resolve(address.port);
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1 (another process may take it before you do). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.unref();
  const port = await listenOnFreePort(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `http://127.0.0.1:<port>` where connections are refused, on a port below 1024. A port that was
 * free a moment ago is not enough: the kernel hands the same port to the next `listen(0)` of any
 * process (a test's fake chain in the same file took it once, and "unreachable" met a server).
 * Ports below 1024 are never handed out for `listen(0)` (they lie outside the ephemeral range) and no
 * test listens on a fixed port, so a low port found refusing stays refusing for the whole run.
 */
export async function deadUrl(): Promise<string> {
  deadPort ??= findRefusingLowPort();
  return `http://127.0.0.1:${await deadPort}`;
}

let deadPort: Promise<number> | undefined;

/** The first of a few unassigned low ports where a connection to 127.0.0.1 is refused. */
async function findRefusingLowPort(): Promise<number> {
  // Unassigned in IANA's table, so a machine is unlikely to run a service on them, and none is among
  // the ports that fetch() refuses to connect to ("bad port": 1, 7, 9, ...).
  const candidates = [4, 6, 8, 10, 12, 14, 16, 26, 28, 30, 32, 34, 36, 40, 60];
  for (const port of candidates) {
    if (await refuses(port)) return port;
  }
  throw new Error(`no port of ${candidates.join(", ")} on 127.0.0.1 refuses connections: something listens on all`);
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
