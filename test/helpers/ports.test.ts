import { expect } from "chai";
import http from "node:http";
import net from "node:net";
import { deadUrl, freePort, listenOnFreePort } from "./ports";

describe("test helpers: loopback ports", function () {
  it("listenOnFreePort listens on 127.0.0.1 and resolves to the port it got", async function () {
    const server = http.createServer((_request, response) => response.end("here"));
    const port = await listenOnFreePort(server);
    try {
      expect(port).to.be.greaterThan(1023);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).to.equal("here");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("listenOnFreePort rejects with the listen error", async function () {
    const server = net.createServer();
    await listenOnFreePort(server);
    try {
      const error = await listenOnFreePort(server).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
      expect((error as NodeJS.ErrnoException).code).to.equal("ERR_SERVER_ALREADY_LISTEN");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("freePort returns a port that can be listened on", async function () {
    const port = await freePort();
    expect(port).to.be.greaterThan(1023);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("deadUrl names a loopback port where connections are refused", async function () {
    const url = await deadUrl();
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const error = await fetch(url).catch((e: unknown) => e);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).to.equal("ECONNREFUSED");
  });

  it("deadUrl stays refused while servers listen on free ports (the kernel never hands its port out)", async function () {
    const url = await deadUrl();
    const port = Number(new URL(url).port);
    expect(port).to.be.lessThan(1024);
    const servers = Array.from({ length: 20 }, () => net.createServer());
    try {
      const ports = await Promise.all(servers.map((server) => listenOnFreePort(server)));
      expect(ports).to.not.include(port);
      const error = await fetch(url).catch((e: unknown) => e);
      expect(((error as Error).cause as NodeJS.ErrnoException).code).to.equal("ECONNREFUSED");
    } finally {
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    }
  });
});
