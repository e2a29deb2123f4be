/** The browser test host: serves the renderer, runs the core over its socket, cleans up after itself. */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startFakeApiServer, type FakeApiServer } from "../src/core/testing/fake-api-server.ts";
import type { IpcResult } from "../src/ipc/contract.ts";
import type { HostMessage } from "./protocol.ts";
import { DROP_ROOT_META, IPC_SOCKET_PATH, OPENED_PATH, SHIM_SCRIPT_PATH } from "./protocol.ts";
import { startTestHost, type TestHost } from "./serve.ts";

let api: FakeApiServer;
let host: TestHost;
const dropRoot = '/tmp/drops "A&B" <here>';
const pickFolders = ["/home/ada/Pictures/Holiday", "/home/ada/Pictures/Family"];
const pickAudioFiles = ["/home/ada/Music/drums.wav", "/home/ada/Music/bass.mp3"];

beforeAll(async () => {
  api = await startFakeApiServer();
  host = await startTestHost({ port: 0, dropRoot, pickFolders, pickAudioFiles });
}, 60_000);
afterAll(async () => {
  await host?.close();
  await api?.close();
});

/** Talks to the host the way the preload shim does. */
async function connect(origin = host.url) {
  const socket = new WebSocket(`${host.url.replace("http", "ws")}${IPC_SOCKET_PATH}`, { origin });
  const messages: HostMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (data) => {
    messages.push(JSON.parse(String(data)) as HostMessage);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const next = async (match: (message: HostMessage) => boolean) => {
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  let id = 0;
  const invoke = async (channel: string, request?: unknown) => {
    const mine = ++id;
    socket.send(JSON.stringify({ type: "invoke", id: mine, channel, request }));
    const reply = await next((message) => message.type === "result" && message.id === mine);
    return (reply as { result: IpcResult<unknown> }).result;
  };
  return { socket, invoke, next };
}

describe("desktop test host", () => {
  it("serves the built renderer with the preload stand-in loaded first", async () => {
    const html = await (await fetch(host.url)).text();
    const shim = html.indexOf(`<script src="${SHIM_SCRIPT_PATH}"></script>`);
    expect(shim).toBeGreaterThan(-1);
    expect(shim).toBeLessThan(html.indexOf('type="module"'));
    const script = await fetch(`${host.url}${SHIM_SCRIPT_PATH}`);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain("spikeLand");
  });

  it("tells the page its drop folder, before the preload stand-in reads it", async () => {
    const html = await (await fetch(host.url)).text();
    const meta = `<meta name="${DROP_ROOT_META}" content="/tmp/drops &quot;A&amp;B&quot; &lt;here&gt;" />`;
    expect(html).toContain(meta);
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf(SHIM_SCRIPT_PATH));
  });

  it("answers the folder picker with the configured folders and only records pages to open", async () => {
    const client = await connect();
    expect(await client.invoke("folders:pick")).toEqual({ ok: true, data: { folders: pickFolders } });
    expect(await client.invoke("audio:pickFiles")).toEqual({ ok: true, data: { paths: pickAudioFiles } });
    expect(await (await fetch(`${host.url}${OPENED_PATH}`)).json()).toEqual({ url: null });
    expect(host.lastOpenedUrl()).toBeNull();
    client.socket.close();
  });

  it("serves nothing outside the renderer folder", async () => {
    expect((await fetch(`${host.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${host.url}/missing.js`)).status).toBe(404);
    expect((await fetch(host.url, { method: "POST" })).status).toBe(405);
  });

  it("runs the real core over the socket, events included", async () => {
    const client = await connect();
    expect(await client.invoke("session:get")).toEqual({ ok: true, data: { status: "signedOut", serverUrl: null } });
    expect(await client.invoke("session:signIn", { serverUrl: api.url, email: "demo@spike.land", password: "wrong" })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    const signedIn = await client.invoke("session:signIn", {
      serverUrl: api.url,
      email: "demo@spike.land",
      password: "spike-demo-2026",
    });
    expect(signedIn).toMatchObject({ ok: true, data: { status: "signedIn", user: { name: "Demo User" } } });
    expect(await client.next((message) => message.type === "event")).toMatchObject({
      type: "event",
      channel: "session:changed",
      payload: { status: "signedIn" },
    });
    expect(await client.invoke("session:nope")).toMatchObject({ ok: false, error: { code: "unknown_channel" } });
    expect(await client.invoke("session:signOut")).toEqual({ ok: true, data: { status: "signedOut", serverUrl: api.url } });
    client.socket.close();
  });

  it("refuses sockets opened by other sites", async () => {
    await expect(connect("https://evil.example")).rejects.toThrow(/403/);
  });

  it("removes its temporary files when closed", async () => {
    const other = await startTestHost({ port: 0 });
    const workDir = dirname(other.userDataDir);
    expect(existsSync(workDir)).toBe(true);
    // Started without a drop folder, the page is told none, so drops explain they need the app.
    expect(await (await fetch(other.url)).text()).not.toContain(DROP_ROOT_META);
    await other.close();
    expect(existsSync(workDir)).toBe(false);
  }, 60_000);

  it("leaves nothing behind when the port is taken", async () => {
    const tempRoot = await mkdtemp(join(tmpdir(), "spike-land-test-host-root-"));
    try {
      const port = Number(new URL(host.url).port);
      await expect(startTestHost({ port, tempRoot })).rejects.toMatchObject({ code: "EADDRINUSE" });
      expect(await readdir(tempRoot)).toEqual([]);
    } finally {
      await rm(tempRoot, { recursive: true, force: true });
    }
  }, 60_000);
});
