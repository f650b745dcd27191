/**
 * Loopback ports for tests: every test server listens on a free port of 127.0.0.1 (never a fixed
 * one, so test files can run side by side), and a few tests need an address where nothing listens.
 *
 * @example
 * const server = http.createServer(handler);
 * const port = await listenOnFreePort(server); // http://127.0.0.1:<port>
 * const dead = await deadUrl(); // connection refused
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

/** `http://127.0.0.1:<port>` on a port nobody listened on a moment ago: connections are refused. */
export async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
