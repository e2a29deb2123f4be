/**
 * A real chromium listening for the Chrome DevTools Protocol on 127.0.0.1, as a box's browser does,
 * and a small HTTP server with pages to drive it on. Import only from test files.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type CdpBrowser = {
  /** `http://127.0.0.1:<port>`, what connectOverCDP takes. */
  cdpUrl: string;
  port: number;
  /** Whether the browser process is still there and answering DevTools requests. */
  alive(): Promise<boolean>;
  /** The browser's open tabs, as DevTools lists them. */
  tabs(): Promise<Array<{ id: string; url: string; title: string; type: string }>>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function startCdpBrowser(options: { width?: number; height?: number } = {}): Promise<CdpBrowser> {
  const port = await freePort();
  const profile = await mkdtemp(path.join(os.tmpdir(), "spike-test-chromium-"));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      "--headless=new",
      `--remote-debugging-port=${port}`,
      "--remote-debugging-address=127.0.0.1",
      `--user-data-dir=${profile}`,
      `--window-size=${options.width ?? 800},${options.height ?? 600}`,
      "--no-sandbox",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-gpu",
      "--hide-scrollbars",
      "about:blank",
    ],
    // Its own process group, so stopping it takes the renderers and helpers along.
    { detached: true, stdio: "ignore" },
  );
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const cdpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await answers(`${cdpUrl}/json/version`))) {
    if (exited || Date.now() > deadline) {
      if (!exited) process.kill(-child.pid!, "SIGKILL");
      throw new Error(`chromium did not start listening on ${cdpUrl}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    cdpUrl,
    port,
    alive: async () => !exited && (await answers(`${cdpUrl}/json/version`)),
    tabs: async () => {
      const response = await fetch(`${cdpUrl}/json/list`);
      const list = (await response.json()) as Array<{ id: string; url: string; title: string; type: string }>;
      return list.filter((target) => target.type === "page");
    },
    stop: async () => {
      if (!exited) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid!, "SIGKILL");
        await gone;
      }
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export type PageServer = { url: string; close(): Promise<void> };

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Pages for the tests: `/` is titled "Spike test page" with a solid #ff0000 band 100 px high at the
 * top, a paragraph and a button that changes the text; `/form` has a search field whose submission
 * `/echo` answers with what was typed; `/slow` never answers.
 */
export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const html = (title: string, content: string) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{margin:0;font-family:sans-serif;background:#ffffff}#band{height:100px;background:#ff0000}</style></head>
<body>${content}</body></html>`);
    };
    if (url.pathname === "/") {
      html(
        "Spike test page",
        `<div id="band"></div><h1 id="heading">Hello from the box</h1><p id="note">The quick brown fox.</p>
<button id="go" onclick="document.getElementById('note').textContent='Button pressed.'">Press me</button>
<a href="/form" id="to-form">Search form</a><div id="hidden" style="display:none">secret</div>`,
      );
      return;
    }
    if (url.pathname === "/form") {
      html("Search", `<form action="/echo" method="post"><input id="q" name="q" autocomplete="off"><button type="submit" id="send">Search</button></form>`);
      return;
    }
    if (url.pathname === "/echo") {
      const query = new URLSearchParams(request.method === "POST" ? await body(request) : url.search).get("q") ?? "";
      html("Results", `<p id="echo">You searched for: ${escape(query)}</p>`);
      return;
    }
    if (url.pathname === "/slow") return; // never answers
    response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
