/**
 * The browser test host: serves the real renderer, runs the real core in this Node process, and
 * carries the IPC contract over a WebSocket on the same port, so Playwright can drive the desktop
 * UI in Chromium without Electron. Run: `node --import tsx test-host/serve.ts` (port: DESKTOP_TEST_PORT;
 * the folder drops come from: DESKTOP_TEST_DROP_ROOT; what the folder picker answers:
 * DESKTOP_TEST_PICK_FOLDERS, separated like PATH; what the audio file picker answers:
 * DESKTOP_TEST_PICK_AUDIO, the same way; where "save as" puts a file: DESKTOP_TEST_SAVE_DIR).
 */
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import { createCore, type CoreShell } from "../src/core/index.ts";
import { eventChannelNames } from "../src/ipc/contract.ts";
import { createDispatcher, parseEvent } from "../src/ipc/dispatch.ts";
import { SHIM_FILE_NAME, buildTestHostAssets } from "./build.ts";
import { DROP_ROOT_META, IPC_SOCKET_PATH, OPENED_PATH, SHIM_SCRIPT_PATH, type HostMessage } from "./protocol.ts";

export const DEFAULT_PORT = 3200;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
};

const invokeMessage = z.object({
  type: z.literal("invoke"),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  request: z.unknown().optional(),
});

export type TestHostOptions = {
  port?: number;
  host?: string;
  /** Defaults to a fresh temporary folder, removed on close. */
  userDataDir?: string;
  /** Where the host's throwaway folder goes; the system temp folder by default. */
  tempRoot?: string;
  /** The folder a dropped item named N is taken to be in (`<dropRoot>/N`); without it, drops are refused. */
  dropRoot?: string | null;
  /** What the folder picker answers; none (as if cancelled) by default. */
  pickFolders?: string[];
  /** What the audio file picker answers; none (as if cancelled) by default. */
  pickAudioFiles?: string[];
  /** The folder a save dialog answers with (`<saveDir>/<suggested name>`); a folder inside the host's throwaway folder by default. */
  saveDir?: string;
  log?: (message: string) => void;
};

export type TestHost = {
  url: string;
  userDataDir: string;
  /** The last page the app asked to open in the browser (it is only logged, never opened). */
  lastOpenedUrl(): string | null;
  close(): Promise<void>;
};

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const workDir = await mkdtemp(join(options.tempRoot ?? tmpdir(), "spike-land-desktop-test-host-"));
  try {
    return await startInside(workDir, options);
  } catch (error) {
    // A host that never started (port taken, build failed) leaves nothing behind.
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function startInside(workDir: string, options: TestHostOptions): Promise<TestHost> {
  const { port = DEFAULT_PORT, host = "127.0.0.1", log = () => undefined } = options;
  const userDataDir = options.userDataDir ?? join(workDir, "user-data");
  let assets: { rendererDir: string; shimDir: string; indexHtml: string } | null = null;
  let lastOpenedUrl: string | null = null;

  const shell: CoreShell = {
    pickFolders: async () => [...(options.pickFolders ?? [])],
    pickAudioFiles: async () => [...(options.pickAudioFiles ?? [])],
    chooseSavePath: async (suggestedName) => {
      const dir = options.saveDir ?? join(workDir, "saved");
      await mkdir(dir, { recursive: true });
      log(`would save ${suggestedName} as ${join(dir, suggestedName)}`);
      return join(dir, suggestedName);
    },
    openExternal: async (url) => {
      lastOpenedUrl = url;
      log(`would open ${url} in the browser`);
    },
  };
  const core = createCore({ userDataDir, shell, log: (message, error) => log(`${message} ${error ?? ""}`) });
  const dispatch = createDispatcher(core.handlers, {
    onUnexpectedError: (channel, error) => log(`${channel} failed: ${String(error)}`),
  });

  const server = createServer((request, response) => {
    serveFile(request, response).catch((error: unknown) => {
      log(`serving ${request.url} failed: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function serveFile(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    // 503 until built: Playwright's webServer keeps polling until it sees a success.
    if (!assets) return send(response, 503, ".txt", "The desktop test host is still building the app.");
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname);
    if (path === "/" || path === "/index.html") return send(response, 200, ".html", assets.indexHtml);
    if (path === OPENED_PATH) return send(response, 200, ".json", JSON.stringify({ url: lastOpenedUrl }));
    const file = path === SHIM_SCRIPT_PATH ? join(assets.shimDir, SHIM_FILE_NAME) : safeJoin(assets.rendererDir, path);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return send(response, 404, ".txt", "Not found");
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": "no-store",
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    const path = new URL(request.url ?? "/", "http://host").pathname;
    // Only the page this host serves may drive the core: it holds a real session token.
    const sameOrigin = request.headers.origin === `http://${request.headers.host}`;
    if (path !== IPC_SOCKET_PATH || !sameOrigin) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit("connection", ws, request));
  });
  sockets.on("connection", (ws: WebSocket) => {
    ws.on("message", (data) => {
      const parsed = invokeMessage.safeParse(safeJson(String(data)));
      if (!parsed.success) return;
      const { id, channel, request } = parsed.data;
      void dispatch(channel, request).then((result) => sendTo(ws, { type: "result", id, result }));
    });
  });
  const stopEvents = eventChannelNames.map((channel) =>
    core.on(channel, (payload) => {
      const checked = parseEvent(channel, payload);
      if (checked === null) return;
      for (const client of sockets.clients) sendTo(client, { type: "event", channel, payload: checked });
    }),
  );

  const close = async () => {
    core.audio.close();
    for (const stop of stopEvents) stop();
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    server.closeAllConnections();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(workDir, { recursive: true, force: true });
  };

  try {
    // Claim the port before the ~2 s build, so a taken port is reported at once.
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const built = await buildTestHostAssets(join(workDir, "assets"));
    const html = await readFile(join(built.rendererDir, "index.html"), "utf8");
    assets = { ...built, indexHtml: injectShim(html, options.dropRoot ?? null) };
  } catch (error) {
    await close();
    throw error;
  }

  const address = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    userDataDir,
    lastOpenedUrl: () => lastOpenedUrl,
    close: () => (closing ??= close()),
  };
}

/**
 * The shim must run before the renderer's module script, so it goes in as a classic script first,
 * after the drop folder it reads (a meta tag: the page's policy allows no inline script).
 */
function injectShim(html: string, dropRoot: string | null): string {
  const tags = [`<script src="${SHIM_SCRIPT_PATH}"></script>`];
  if (dropRoot) tags.unshift(`<meta name="${DROP_ROOT_META}" content="${escapeAttribute(dropRoot)}" />`);
  if (!html.includes("</title>")) throw new Error("The built index.html has no <title> to put the shim after");
  return html.replace("</title>", `</title>\n    ${tags.join("\n    ")}`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Resolves a URL path inside `root`, refusing anything that climbs out of it. */
function safeJoin(root: string, urlPath: string): string | null {
  const file = normalize(join(root, urlPath));
  return file.startsWith(root + sep) ? file : null;
}

function send(response: ServerResponse, status: number, extension: string, body: string) {
  response.writeHead(status, { "content-type": CONTENT_TYPES[extension] ?? "text/plain; charset=utf-8", "cache-control": "no-store" });
  response.end(body);
}

function sendTo(ws: WebSocket, message: HostMessage) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DESKTOP_TEST_PORT must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

async function main() {
  const started = performance.now();
  const host = await startTestHost({
    port: portFromEnv(process.env.DESKTOP_TEST_PORT),
    dropRoot: process.env.DESKTOP_TEST_DROP_ROOT || null,
    pickFolders: (process.env.DESKTOP_TEST_PICK_FOLDERS ?? "").split(delimiter).filter(Boolean),
    pickAudioFiles: (process.env.DESKTOP_TEST_PICK_AUDIO ?? "").split(delimiter).filter(Boolean),
    ...(process.env.DESKTOP_TEST_SAVE_DIR ? { saveDir: process.env.DESKTOP_TEST_SAVE_DIR } : {}),
    log: (message) => console.warn(`[desktop test host] ${message}`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Spike Land desktop test host ready at ${host.url} (${seconds} s)`);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`Spike Land desktop test host stopping (${signal})`);
    void host.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      console.error(`Port ${portFromEnv(process.env.DESKTOP_TEST_PORT)} is taken: stop what uses it or set DESKTOP_TEST_PORT.`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
