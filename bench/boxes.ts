/**
 * Box benchmarks.
 * - `box.start`: seconds from `POST /api/v1/boxes` to the first screen update through the server's
 *   WebSocket proxy (queue, first-hour charge, Xvfb + x11vnc + chromium, ticket, RFB handshake),
 *   against the local provider alone starting the same three programs in this process, with the
 *   screen read straight from x11vnc: what the app adds around the provider.
 * - `box.density`: how many idle boxes fit in this machine's available memory, from the memory (PSS)
 *   each box's processes take when started by the app, against boxes the provider starts directly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { createLocalBoxProvider } from "../web/app/.server/providers/boxes/local.server.ts";
import { SERVER_NODE_FLAGS } from "../scripts/lib.mjs";
import type { BoxRuntime } from "../web/app/.server/providers/boxes/types.ts";
import { waitFor, type BenchEntry } from "./ssr.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DEMO = { email: "demo@spike.land", password: "spike-demo-2026" };
const RAW_STARTS = 3;
const DENSITY_BOXES = 4;

// ---- A minimal RFB (VNC) client: handshake, VNC authentication, one full screen update ----------

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  #buffer = Buffer.alloc(0);
  #waiting: (() => void) | null = null;
  #closed: Error | null = null;

  push(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#waiting?.();
  }

  close(reason: Error): void {
    this.#closed = reason;
    this.#waiting?.();
  }

  async read(count: number): Promise<Buffer> {
    while (this.#buffer.length < count) {
      if (this.#closed) throw this.#closed;
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
    const bytes = this.#buffer.subarray(0, count);
    this.#buffer = this.#buffer.subarray(count);
    return bytes;
  }
}

/** VNC authentication: the challenge DES-encrypted with the password, each key byte's bits mirrored. */
function vncResponse(challenge: Buffer, password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, "latin1").copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) {
    let mirrored = 0;
    for (let bit = 0; bit < 8; bit++) if (key[i]! & (1 << bit)) mirrored |= 1 << (7 - bit);
    key[i] = mirrored;
  }
  // Triple DES with the same key three times is single DES (OpenSSL 3 offers DES only that way).
  const cipher = createCipheriv("des-ede-ecb", Buffer.concat([key, key]), null).setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

/** Runs the RFB handshake and resolves when the first FramebufferUpdate begins. */
async function firstFrame(reader: ByteReader, send: (bytes: Buffer) => void, password: string): Promise<void> {
  await reader.read(12);
  send(Buffer.from("RFB 003.008\n"));
  const types = await reader.read((await reader.read(1))[0]!);
  if (!types.includes(2)) throw new Error("The VNC server does not offer password authentication.");
  send(Buffer.from([2]));
  send(vncResponse(await reader.read(16), password));
  if ((await reader.read(4)).readUInt32BE(0) !== 0) throw new Error("The VNC server refused the password.");
  send(Buffer.from([1]));
  const init = await reader.read(24);
  await reader.read(init.readUInt32BE(20));
  const request = Buffer.alloc(10);
  request.writeUInt8(3, 0);
  request.writeUInt16BE(init.readUInt16BE(0), 6);
  request.writeUInt16BE(init.readUInt16BE(2), 8);
  send(request);
  if ((await reader.read(1))[0] !== 0) throw new Error("The VNC server sent something other than a screen update.");
}

function frameOverTcp(port: number, password: string): Promise<void> {
  const reader = new ByteReader();
  const socket = net.connect(port, "127.0.0.1");
  socket.on("data", (chunk: Buffer) => reader.push(chunk));
  socket.on("close", () => reader.close(new Error("The VNC connection closed.")));
  socket.on("error", (error) => reader.close(error));
  return firstFrame(reader, (bytes) => socket.write(bytes), password).finally(() => socket.destroy());
}

function frameOverProxy(url: string, password: string): Promise<void> {
  const reader = new ByteReader();
  const ws = new WebSocket(url);
  ws.binaryType = "nodebuffer";
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_request, response) => reject(new Error(`The screen proxy answered ${response.statusCode}`)));
    ws.once("error", reject);
  });
  ws.on("message", (data: Buffer) => reader.push(data));
  ws.on("close", () => reader.close(new Error("The screen proxy closed.")));
  return opened.then(() => firstFrame(reader, (bytes) => ws.send(bytes), password)).finally(() => ws.close());
}

// ---- Memory of a box's processes --------------------------------------------------------------------

/** Proportional set size (kB) of the processes whose environment names this box. */
async function boxPssKb(boxId: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, "latin1").catch(() => "");
    if (!environ.split("\0").includes(`SPIKE_BOX_ID=${boxId}`)) continue;
    const rollup = await readFile(`/proc/${entry}/smaps_rollup`, "utf8").catch(() => "");
    total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  }
  return total;
}

async function availableKb(): Promise<number> {
  return Number(/^MemAvailable:\s+(\d+)/m.exec(await readFile("/proc/meminfo", "utf8"))?.[1] ?? 0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function api<T>(base: string, token: string | null, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api/v1${pathname}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${pathname} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function benchBoxes(): Promise<Record<string, BenchEntry>> {
  const work = await mkdtemp(path.join(os.tmpdir(), "spike-bench-boxes-"));
  const port = 3420;
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], {
    cwd: path.join(ROOT, "web"),
    env: { ...process.env, PORT: String(port), APP_URL: base, DATA_DIR: path.join(work, "server"), APP_ENV: "development", DATABASE_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const provider = createLocalBoxProvider({ dataDir: path.join(work, "raw") });
  const rawBoxes: { id: string; runtime: BoxRuntime }[] = [];
  try {
    await waitFor(`${base}/healthz`, 120_000);
    const { token } = await api<{ token: string }>(base, null, "POST", "/sessions", DEMO);
    const { tiers } = await api<{ tiers: { id: string; name: string }[] }>(base, token, "GET", "/boxes/tiers");
    const standard = tiers.find((tier) => tier.name === "Standard")!;

    // Ours: what a person waits for, from "Create" to the first picture of the screen.
    const started = performance.now();
    const { box } = await api<{ box: { id: string } }>(base, token, "POST", "/boxes", { name: "Bench box", tierId: standard.id });
    let status = "";
    while (status !== "RUNNING") {
      status = (await api<{ box: { status: string } }>(base, token, "GET", `/boxes/${box.id}`)).box.status;
      if (status === "ERROR") throw new Error("The bench box failed to start.");
      if (status !== "RUNNING") await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ticket = await api<{ path: string; password: string }>(base, token, "POST", `/boxes/${box.id}/vnc-ticket`, {});
    await frameOverProxy(`ws://127.0.0.1:${port}${ticket.path}`, ticket.password);
    const oursSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000)); // idle: the page has settled
    const oursPss = await boxPssKb(box.id);
    await api(base, token, "POST", `/boxes/${box.id}/actions`, { action: "STOP" });
    // Boxes outlive the server by design: this one is stopped before the server is.
    while ((await api<{ box: { status: string } }>(base, token, "GET", `/boxes/${box.id}`)).box.status !== "STOPPED") {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Baseline: the provider alone, in this process, the screen read straight from x11vnc.
    const rawSeconds: number[] = [];
    for (let i = 0; i < RAW_STARTS; i++) {
      const id = `bench-raw-${i}-${randomBytes(3).toString("hex")}`;
      const began = performance.now();
      const runtime = await provider.start({ id, cpu: 2, ramMb: 4096 });
      await frameOverTcp(runtime.vncPort, runtime.vncPassword);
      rawSeconds.push((performance.now() - began) / 1000);
      rawBoxes.push({ id, runtime });
    }

    // Density: idle boxes side by side, their memory each, and how many the available memory holds.
    while (rawBoxes.length < DENSITY_BOXES) {
      const id = `bench-idle-${rawBoxes.length}-${randomBytes(3).toString("hex")}`;
      const runtime = await provider.start({ id, cpu: 2, ramMb: 4096 });
      // Like every other box here, its screen has been looked at once (x11vnc keeps a copy of it).
      await frameOverTcp(runtime.vncPort, runtime.vncPassword);
      rawBoxes.push({ id, runtime });
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // idle: the pages have settled
    const perBox = await Promise.all(rawBoxes.map((raw) => boxPssKb(raw.id)));
    const idlePssKb = median(perBox);
    const available = await availableKb();
    const fitRaw = Math.floor((available + perBox.reduce((sum, kb) => sum + kb, 0)) / idlePssKb);
    const fitOurs = Math.floor((available + perBox.reduce((sum, kb) => sum + kb, 0)) / oursPss);
    const baselineStart = median(rawSeconds);
    return {
      "box.start": {
        value: Number(oursSeconds.toFixed(2)),
        unit: "s",
        baseline: Number(baselineStart.toFixed(2)),
        ratio: Number((oursSeconds / baselineStart).toFixed(3)),
        detail: {
          ours: "POST /api/v1/boxes → RUNNING (queue, first hour charged, Xvfb + x11vnc + chromium) → ticket → WebSocket proxy → first screen update",
          baselineRecipe: "the local provider alone starting the same programs in-process, first screen update read straight from x11vnc",
          rawStartsSeconds: rawSeconds.map((seconds) => Number(seconds.toFixed(2))),
        },
      },
      "box.density": {
        value: fitOurs,
        unit: "idle boxes",
        baseline: fitRaw,
        ratio: Number((fitOurs / fitRaw).toFixed(3)),
        detail: {
          memoryPerBoxMB: Number((oursPss / 1024).toFixed(1)),
          rawMemoryPerBoxMB: Number((idlePssKb / 1024).toFixed(1)),
          boxesMeasured: rawBoxes.length,
          memoryAvailableMB: Math.round(available / 1024),
          method: "PSS of every process carrying the box's id, 3 s after its first screen (about:blank); fit = available memory / memory per box",
        },
      },
    };
  } finally {
    for (const raw of rawBoxes) await provider.stop(raw.id, raw.runtime).catch(() => undefined);
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await rm(work, { recursive: true, force: true });
  }
}
