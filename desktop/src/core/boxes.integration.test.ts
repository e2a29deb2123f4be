/**
 * Boxes end to end: the desktop core against the real Spike Land server (built web app, embedded
 * PostgreSQL, job worker) starting a real box (Xvfb, x11vnc and Chromium) and opening its screen
 * through the server's WebSocket VNC proxy.
 */
import { readdir, readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "@spike-land/shared/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ensureBuilt, startAppServer, type AppServer } from "../../../web/test/app-server.ts";
import type { BoxView } from "../ipc/contract.ts";
import { screenUrl } from "./boxes.ts";
import { CoreError } from "./errors.ts";
import { createCore, type Core } from "./index.ts";

const demo = { email: "demo@spike.land", password: "spike-demo-2026" };
const admin = { email: "admin@spike.land", password: "spike-admin-2026" };

let server: AppServer;
let work: string;
/** Boxes this file started, stopped again at the end whatever happened. */
const started = new Set<string>();
let demoCore: Core;

beforeAll(async () => {
  ensureBuilt();
  work = await mkdtemp(join(tmpdir(), "spike-land-boxes-"));
  server = await startAppServer({ DATA_DIR: join(work, "server"), APP_ENV: "development", DATABASE_URL: undefined }, { worker: true });
  demoCore = await signedInCore("demo", demo);
}, 180_000);

afterAll(async () => {
  // A box's desktop outlives the server that started it: stop every box this file made first.
  for (const boxId of started) {
    const box = await current(boxId).catch(() => null);
    if (box?.actions.includes("STOP")) await demoCore.handlers["boxes:action"]({ boxId, action: "STOP" }).catch(() => undefined);
    await settled(boxId, ["RUNNING", "STOPPING", "STARTING", "CREATING"]).catch(() => undefined);
  }
  await server?.stop();
  await rm(work, { recursive: true, force: true });
}, 120_000);

async function signedInCore(name: string, account: { email: string; password: string }): Promise<Core> {
  const core = createCore({ userDataDir: join(work, `app-${name}`) });
  await core.handlers["session:signIn"]({ serverUrl: server.url, ...account });
  return core;
}

async function current(boxId: string): Promise<BoxView> {
  const { boxes } = await demoCore.handlers["boxes:list"](undefined);
  const box = boxes.find((candidate) => candidate.id === boxId);
  if (!box) throw new Error(`The box ${boxId} is not in the list.`);
  return box;
}

/** Polls the list, as the window does, until the box has left the passing statuses. */
async function settled(boxId: string, passing: string[]): Promise<BoxView> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const box = await current(boxId);
    if (!passing.includes(box.status)) return box;
    if (Date.now() > deadline) throw new Error(`The box stayed ${box.status} for 90 s.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The first bytes the screen address sends once the WebSocket opens, or the refusal's status. */
function firstMessage(url: string): Promise<{ opened: true; text: string } | { opened: false; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error("No answer from the screen within 15 s."));
    }, 15_000);
    socket.once("message", (data: Buffer) => {
      clearTimeout(timer);
      socket.close();
      resolve({ opened: true, text: data.toString("latin1") });
    });
    socket.once("unexpected-response", (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      resolve({ opened: false, status: response.statusCode ?? 0 });
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Processes whose command line names the box (its X server, VNC server and browser all do). */
async function processesOf(boxId: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (command.includes(boxId)) found.push(command.replace(/\0/g, " ").trim());
  }
  return found;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError || error instanceof CoreError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("Expected the request to be refused.");
}

describe("the screen address", () => {
  it("goes to the proxy under the server the person signed in to, over wss for https", () => {
    expect(screenUrl("http://localhost:3000", "/boxes/b1/vnc?ticket=t.1")).toBe("ws://localhost:3000/boxes/b1/vnc?ticket=t.1");
    expect(screenUrl("https://spike.example", "/boxes/b1/vnc?ticket=t")).toBe("wss://spike.example/boxes/b1/vnc?ticket=t");
    expect(screenUrl("https://example.com/spike", "/boxes/b1/vnc?ticket=t")).toBe("wss://example.com/spike/boxes/b1/vnc?ticket=t");
  });
});

describe("boxes", () => {
  it("refuses a signed-out window", async () => {
    const core = createCore({ userDataDir: join(work, "app-signed-out") });
    const answer = await refusal(core.handlers["boxes:list"](undefined));
    expect(answer).toEqual({ code: "unauthorized", message: expect.stringMatching(/signed out/i) as unknown });
  });

  it("lists the sizes, makes a Standard box, shows its screen, and stops it", async () => {
    const { boxes: before, tiers } = await demoCore.handlers["boxes:list"](undefined);
    expect(tiers.map((tier) => tier.name)).toEqual(["Standard", "Pro", "Ultra"]);
    const standard = tiers.find((tier) => tier.name === "Standard")!;
    expect(standard).toMatchObject({ cpu: 2, ramMb: 4096, tokensPerHour: 10 });

    const made = await demoCore.handlers["boxes:create"]({ name: "Desktop test box", tierId: standard.id });
    started.add(made.id);
    expect(made).toMatchObject({ name: "Desktop test box", status: "CREATING", tier: { id: standard.id } });
    expect(made.actions).toEqual([]);

    const running = await settled(made.id, ["CREATING", "STARTING"]);
    expect(running.status, running.lastAction?.error ?? "").toBe("RUNNING");
    expect(running.actions).toEqual(expect.arrayContaining(["STOP", "RESTART"]));
    expect(Date.parse(running.running!.paidUntil)).toBeGreaterThan(Date.now());
    const { boxes: after } = await demoCore.handlers["boxes:list"](undefined);
    expect(after).toHaveLength(before.length + 1);

    // The screen: a ws: address on the same server, whose first bytes are the VNC server's greeting.
    const screen = await demoCore.handlers["boxes:screen"]({ boxId: made.id });
    expect(screen.url.startsWith(`ws://localhost:${server.port}/boxes/${made.id}/vnc?ticket=`)).toBe(true);
    expect(screen.password).not.toBe("");
    expect(Date.parse(screen.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const greeting = await firstMessage(screen.url);
    expect(greeting).toEqual({ opened: true, text: expect.stringMatching(/^RFB 003\.00/) as unknown });
    // A ticket is good once: the window asks for a new one to connect again.
    expect(await firstMessage(screen.url)).toEqual({ opened: false, status: 403 });
    const again = await demoCore.handlers["boxes:screen"]({ boxId: made.id });
    expect(await firstMessage(again.url)).toMatchObject({ opened: true });

    // Someone else cannot see it, nor act on it, nor even learn that it exists.
    const other = await signedInCore("admin", admin);
    expect(await refusal(other.handlers["boxes:screen"]({ boxId: made.id }))).toMatchObject({ code: "not_found" });
    expect(await refusal(other.handlers["boxes:action"]({ boxId: made.id, action: "STOP" }))).toMatchObject({ code: "not_found" });
    expect((await other.handlers["boxes:list"](undefined)).boxes.map((box) => box.id)).not.toContain(made.id);

    // An action the box does not allow now comes back with the server's reason.
    expect(await refusal(demoCore.handlers["boxes:action"]({ boxId: made.id, action: "START" }))).toEqual({
      code: "conflict",
      message: "This box is already running.",
    });

    const stopping = await demoCore.handlers["boxes:action"]({ boxId: made.id, action: "STOP" });
    expect(stopping).toMatchObject({ id: made.id, status: "STOPPING", actions: [] });
    const stopped = await settled(made.id, ["STOPPING"]);
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.actions).toContain("START");
    expect(stopped.running).toBeNull();
    expect(await processesOf(made.id)).toEqual([]);

    // A stopped box has no screen to show.
    expect(await refusal(demoCore.handlers["boxes:screen"]({ boxId: made.id }))).toMatchObject({ code: "conflict" });
    started.delete(made.id);
  }, 150_000);

  it("passes the server's message through when the size is unknown", async () => {
    const answer = await refusal(demoCore.handlers["boxes:create"]({ name: "Nowhere", tierId: "box_none" }));
    expect(answer).toEqual({ code: "bad_request", message: "Choose one of the box sizes on offer." });
    const { boxes } = await demoCore.handlers["boxes:list"](undefined);
    expect(boxes.map((box) => box.name)).not.toContain("Nowhere");
  });
});
