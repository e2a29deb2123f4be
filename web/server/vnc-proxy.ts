/**
 * A box's screen in the browser: WebSocket upgrades on `/boxes/<id>/vnc?ticket=…` become a byte
 * pipe to the box's VNC server. The page gets a one-minute, single-use ticket from the app; the app
 * (through `openTarget`) redeems it and says where the box listens. Everything else that asks to
 * upgrade is answered 404. Refusals are plain HTTP answers written on the socket before it closes.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { comesFromAnotherSite, MESSAGES, type OriginSource } from "./request-guards.ts";

/** Redeems a ticket for a box; where its VNC server listens, or null when the ticket is not good. */
/** Redeems the ticket when `accept` agrees with whom it was issued to (a refused ticket stays unspent). */
export type VncTargetLookup = (
  boxId: string,
  ticket: string,
  accept: (client: "web" | "app") => boolean,
) => Promise<{ host: string; port: number; client: "web" | "app" } | null>;

export const VNC_MESSAGES = {
  notFound: "Not found.",
  notWebSocket: "This address only takes WebSocket connections.",
  noTicket: "Opening a box's screen needs a ticket. Open the box's page and connect from there.",
  badTicket: "This ticket is not valid: it has been used, has expired, or is for another box, or the box is no longer running. Connect again from the box's page.",
  unreachable: "The box's screen could not be reached. It may have just stopped: check its status on the box's page.",
  failed: "Something went wrong on our side while opening the box's screen. Please try again.",
} as const;

const VNC_PATH = /^\/boxes\/([A-Za-z0-9_-]{1,64})\/vnc$/;
/** The viewer sends input events and clipboard text: small frames. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Screen updates waiting to reach a slow browser before the box's side is paused. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export type VncProxyOptions = {
  openTarget: VncTargetLookup;
  /** As the app's TRUST_PROXY: the scheme the browser used comes from X-Forwarded-Proto. */
  trustProxy: boolean;
  connectTimeoutMs?: number;
};

/** Writes a small HTTP answer on a socket that asked to upgrade, then closes it. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function originSource(req: IncomingMessage, trustProxy: boolean): OriginSource {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim() : "";
  const protocol = forwarded || ((req.socket as TLSSocket).encrypted ? "https" : "http");
  return {
    protocol,
    get: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
  };
}

/** What ws itself would refuse; checked first so a ticket is never spent on a request that can't upgrade. */
function isWebSocketHandshake(req: IncomingMessage): boolean {
  return (
    req.method === "GET" &&
    String(req.headers.upgrade ?? "").toLowerCase() === "websocket" &&
    /^[+/0-9A-Za-z]{22}==$/.test(String(req.headers["sec-websocket-key"] ?? "")) &&
    ["8", "13"].includes(String(req.headers["sec-websocket-version"] ?? ""))
  );
}

function connectTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const tcp = connect({ host, port });
    const timer = setTimeout(() => {
      tcp.destroy();
      reject(new Error(`connecting to ${host}:${port} timed out`));
    }, timeoutMs);
    tcp.once("connect", () => {
      clearTimeout(timer);
      tcp.removeAllListeners("error");
      resolve(tcp);
    });
    tcp.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Bytes both ways until either side closes, then both are closed. */
function pipe(ws: WebSocket, tcp: Socket): void {
  tcp.setNoDelay(true);
  tcp.setKeepAlive(true, HEARTBEAT_MS);
  let queued = 0;

  tcp.on("data", (chunk: Buffer) => {
    queued += chunk.length;
    if (queued > HIGH_WATER_BYTES) tcp.pause();
    ws.send(chunk, { binary: true }, () => {
      queued -= chunk.length;
      if (queued <= HIGH_WATER_BYTES / 2 && tcp.isPaused()) tcp.resume();
    });
  });
  ws.on("message", (data: RawData, isBinary: boolean) => {
    // RFB is a byte stream: a text frame is not something a VNC viewer sends.
    if (!isBinary) return ws.close(1003, "Only binary frames.");
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!tcp.write(bytes)) {
      ws.pause();
      tcp.once("drain", () => ws.resume());
    }
  });

  let alive = true;
  ws.on("pong", () => (alive = true));
  // Keeps idle connections open through proxies, and finds browsers that went away without a word.
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, HEARTBEAT_MS);

  const closeBoth = () => {
    clearInterval(heartbeat);
    tcp.destroy();
    if (ws.readyState === ws.OPEN) ws.close(1000, "The box's screen closed.");
    else if (ws.readyState === ws.CONNECTING) ws.terminate();
  };
  tcp.on("close", closeBoth);
  tcp.on("error", () => tcp.destroy());
  ws.on("close", closeBoth);
  ws.on("error", () => ws.terminate());
}

/**
 * Answers the server's upgrade requests. Returns `close()`, which ends every open screen (the HTTP
 * server's own connection tracking no longer covers upgraded sockets).
 */
export function attachVncProxy(server: Server, options: VncProxyOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Whatever happens while the ticket is checked, a reset connection must not take the process down.
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://upgrade.invalid");
    const match = VNC_PATH.exec(url.pathname);
    if (!match) return refuseUpgrade(socket, 404, VNC_MESSAGES.notFound);
    if (!isWebSocketHandshake(req)) return refuseUpgrade(socket, 400, VNC_MESSAGES.notWebSocket);
    const ticket = url.searchParams.get("ticket");
    if (!ticket) return refuseUpgrade(socket, 401, VNC_MESSAGES.noTicket);

    const boxId = match[1]!;
    // A page's ticket must be used from the app's own pages. The desktop app's window has an origin of
    // its own; its tickets come from the API with a bearer token, which no other site can send.
    const crossSite = comesFromAnotherSite(originSource(req, options.trustProxy));
    const target = await options.openTarget(boxId, ticket, (client) => client === "app" || !crossSite);
    if (!target) return refuseUpgrade(socket, 403, crossSite ? MESSAGES.crossSite : VNC_MESSAGES.badTicket);
    let tcp: Socket;
    try {
      tcp = await connectTcp(target.host, target.port, connectTimeoutMs);
    } catch {
      return refuseUpgrade(socket, 502, VNC_MESSAGES.unreachable);
    }
    if (socket.destroyed) return void tcp.destroy();
    socket.once("close", () => tcp.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => pipe(ws, tcp));
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      console.error("box screen proxy:", error);
      refuseUpgrade(socket, 500, VNC_MESSAGES.failed);
    });
  };
  server.on("upgrade", onUpgrade);

  return {
    close() {
      server.off("upgrade", onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
