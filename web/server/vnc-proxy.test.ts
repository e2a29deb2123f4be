/**
 * The box screen proxy against a real X display served by x11vnc: the RFB greeting comes through
 * with a good ticket, and every refusal is an HTTP answer before any byte of the screen.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DomainError } from "@spike-land/shared/errors";
import { createVncTickets, vncTicketKey } from "../app/.server/boxes/vnc-tickets.server.ts";
import { attachVncProxy, VNC_MESSAGES } from "./vnc-proxy.ts";

const OWNER = "user_owner";
const BOX = "box_screen";
const PASSWORD = "pw4tests";

const children: ChildProcess[] = [];

/** Starts Xvfb on a display it picks itself (-displayfd), so parallel runs never collide. */
async function startDisplay(): Promise<number> {
  const xvfb = spawn("/usr/bin/Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "ignore", "pipe"] });
  children.push(xvfb);
  const fd = xvfb.stdio[3] as NodeJS.ReadableStream;
  let text = "";
  for await (const chunk of fd) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  const display = Number.parseInt(text, 10);
  if (!Number.isInteger(display)) throw new Error(`Xvfb did not report its display: ${JSON.stringify(text)}`);
  return display;
}

async function freePort(): Promise<number> {
  const server = createTcpServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** Reads the first bytes a TCP server sends, or null when it does not answer. */
function greeting(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.once("data", (chunk) => done(String(chunk)));
    socket.once("error", () => done(null));
    socket.setTimeout(2_000, () => done(null));
  });
}

async function startVnc(display: number): Promise<number> {
  const port = await freePort();
  const vnc = spawn(
    "/usr/bin/x11vnc",
    ["-display", `:${display}`, "-rfbport", String(port), "-listen", "127.0.0.1", "-localhost", "-passwd", PASSWORD, "-forever", "-shared", "-quiet", "-noxdamage"],
    { stdio: "ignore" },
  );
  children.push(vnc);
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await greeting(port))?.startsWith("RFB ")) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("x11vnc did not start");
}

let vncPort = 0;
/** Where the box "runs": the x11vnc port, or another test server; null while it is stopped. */
const box: { port: number | null } = { port: null };
const tickets = createVncTickets({
  key: vncTicketKey("t".repeat(40)),
  boxes: {
    async getBox(userId, boxId) {
      if (userId !== OWNER || boxId !== BOX) throw new DomainError(404, "That box does not exist.");
      return { id: boxId };
    },
    async boxRuntime(userId, boxId) {
      if (userId !== OWNER || boxId !== BOX || box.port === null) return null;
      return { host: "127.0.0.1", vncPort: box.port, vncPassword: PASSWORD };
    },
  },
});

let server: Server;
let proxy: ReturnType<typeof attachVncProxy>;
let origin = "";

beforeAll(async () => {
  vncPort = await startVnc(await startDisplay());
  server = createServer((_req, res) => res.end("page"));
  proxy = attachVncProxy(server, { openTarget: tickets.openTarget, trustProxy: false, connectTimeoutMs: 2_000 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  proxy?.close();
  await new Promise((resolve) => server?.close(resolve));
  for (const child of children) child.kill("SIGTERM");
});

type Opened = { ws: WebSocket; first: Buffer } | { status: number; body: string };

/** Opens the proxy like a browser on `from` would, and waits for the first frame or the refusal. */
function open(path: string, from: string | null = origin): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace("http", "ws")}${path}`, from ? { origin: from } : {});
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += String(chunk)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once("message", (data: Buffer) => resolve({ ws, first: data }));
    ws.once("error", (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

async function ticket(client: "web" | "app" = "web"): Promise<string> {
  return encodeURIComponent((await tickets.issue(OWNER, BOX, client)).ticket);
}

function nextMessage(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
}

describe("box screen proxy", () => {
  it("brings the VNC server's greeting through with a good ticket, and the viewer's answer back", async () => {
    box.port = vncPort;
    const opened = await open(`/boxes/${BOX}/vnc?ticket=${await ticket()}`);
    if (!("ws" in opened)) throw new Error(`refused: ${opened.status} ${opened.body}`);
    expect(opened.first.toString("latin1")).toMatch(/^RFB 003\.00\d\n$/);
    // The viewer's version goes to the server, which answers with its security types (2: VNC password).
    opened.ws.send(Buffer.from("RFB 003.008\n", "latin1"));
    const types = await nextMessage(opened.ws);
    expect(types[0]).toBeGreaterThan(0);
    expect([...types.subarray(1, 1 + types[0]!)]).toContain(2);
    opened.ws.close();
  });

  it("refuses without a ticket (401), with a used one (403), and from another site (403)", async () => {
    box.port = vncPort;
    const none = await open(`/boxes/${BOX}/vnc`);
    expect(none).toEqual({ status: 401, body: `${VNC_MESSAGES.noTicket}\n` });
    expect(await open(`/boxes/${BOX}/vnc?ticket=`)).toMatchObject({ status: 401 });

    const once = await ticket();
    const first = await open(`/boxes/${BOX}/vnc?ticket=${once}`);
    expect("ws" in first).toBe(true);
    if ("ws" in first) first.ws.close();
    expect(await open(`/boxes/${BOX}/vnc?ticket=${once}`)).toEqual({ status: 403, body: `${VNC_MESSAGES.badTicket}\n` });

    const foreign = await ticket();
    expect(await open(`/boxes/${BOX}/vnc?ticket=${foreign}`, "https://evil.example")).toMatchObject({ status: 403 });
    expect(await open(`/boxes/${BOX}/vnc?ticket=${foreign}`, "null")).toMatchObject({ status: 403 });
    // The refusals above did not spend it.
    const after = await open(`/boxes/${BOX}/vnc?ticket=${foreign}`);
    expect("ws" in after).toBe(true);
    if ("ws" in after) after.ws.close();

    // The desktop app's window has its own origin; its tickets come from the API and are let through.
    const fromApp = await open(`/boxes/${BOX}/vnc?ticket=${await ticket("app")}`, "file://");
    expect("ws" in fromApp).toBe(true);
    if ("ws" in fromApp) fromApp.ws.close();
  });

  it("refuses a ticket for another box, a forged one, and one for a box that has stopped", async () => {
    box.port = vncPort;
    expect(await open(`/boxes/box_other/vnc?ticket=${await ticket()}`)).toMatchObject({ status: 403 });
    expect(await open(`/boxes/${BOX}/vnc?ticket=${BOX}.${OWNER}.99999999999999.abc.def`)).toMatchObject({ status: 403 });
    const issued = await ticket();
    box.port = null;
    expect(await open(`/boxes/${BOX}/vnc?ticket=${issued}`)).toMatchObject({ status: 403 });
  });

  it("answers 404 to any other upgrade, and 502 when the box's VNC port does not answer", async () => {
    expect(await open(`/boxes/${BOX}/screen?ticket=x`)).toMatchObject({ status: 404 });
    expect(await open(`/api/v1/me`)).toMatchObject({ status: 404 });
    box.port = await freePort();
    expect(await open(`/boxes/${BOX}/vnc?ticket=${await ticket()}`)).toEqual({ status: 502, body: `${VNC_MESSAGES.unreachable}\n` });
    // Plain requests are the app's as before.
    expect(await (await fetch(`${origin}/boxes/${BOX}`)).text()).toBe("page");
  });

  it("closes the box side when the browser leaves, and the browser side when the box goes", async () => {
    const target = createTcpServer();
    const accepted: Socket[] = [];
    target.on("connection", (socket) => {
      accepted.push(socket);
      socket.write("RFB 003.008\n");
    });
    target.listen(0, "127.0.0.1");
    await once(target, "listening");
    box.port = (target.address() as AddressInfo).port;

    const leaving = await open(`/boxes/${BOX}/vnc?ticket=${await ticket()}`);
    if (!("ws" in leaving)) throw new Error("refused");
    const boxSideClosed = once(accepted[0]!, "close");
    leaving.ws.close();
    await boxSideClosed;

    const staying = await open(`/boxes/${BOX}/vnc?ticket=${await ticket()}`);
    if (!("ws" in staying)) throw new Error("refused");
    const browserSideClosed = once(staying.ws, "close");
    accepted[1]!.destroy();
    const [code] = await browserSideClosed;
    expect(code).toBe(1000);

    const open3 = await open(`/boxes/${BOX}/vnc?ticket=${await ticket()}`);
    if (!("ws" in open3)) throw new Error("refused");
    const closedOnShutdown = once(open3.ws, "close");
    proxy.close();
    await closedOnShutdown;
    proxy = attachVncProxy(server, { openTarget: tickets.openTarget, trustProxy: false, connectTimeoutMs: 2_000 });
    target.close();
  });
});
