/**
 * What every request passes before the app sees it: security headers (CSP with a per-request
 * nonce, frame protection), one cross-site check for every state change a browser could be tricked
 * into, body size caps applied while the body arrives, and one refusal of NUL characters in text.
 * Refusals here are answers, not errors: they write no error log and never reach a route.
 */
import { randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { MCP_BODY_LIMIT_BYTES, MCP_PATH } from "@spike-land/shared/api/mcp";

/** JSON, url-encoded forms and plain text: read whole, so checked whole. */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;
/** Everything else (multipart uploads, stored files): streamed, and stopped past this. */
export const UPLOAD_BODY_LIMIT_BYTES = 8 * MAX_UPLOAD_BYTES;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const TEXT_TYPES = new Set(["application/json", "application/x-www-form-urlencoded", "text/plain", ""]);
/** Provider callbacks: signed or token-checked by their routes, sent by servers without cookies or an Origin. */
const SERVER_TO_SERVER = /^\/webhooks\//;

export const MESSAGES = {
  crossSite: "This request came from another site, so it was refused. Open Spike Land directly and try again.",
  nul: "Text can't contain NUL characters (\\u0000). Remove them and send it again.",
  tooLargeForm: `The request is larger than ${FORM_BODY_LIMIT_BYTES / 1024 / 1024} MB, the limit for forms and JSON. Send less at once.`,
  tooLargeUpload: `The upload is larger than ${UPLOAD_BODY_LIMIT_BYTES / 1024 / 1024} MB, the limit per request. Send fewer files at once.`,
  tooLargeMcp: `The request is larger than ${Math.floor(MCP_BODY_LIMIT_BYTES / 1024 / 1024)} MB, the limit for one MCP message. Send a large picture by URL instead.`,
} as const;

export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

function wantsJson(req: ExpressRequest): boolean {
  return req.path.startsWith("/api/") || req.path === MCP_PATH || mediaType(req.headers.accept) === "application/json";
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CODES: Record<number, string> = { 400: "bad_request", 403: "forbidden", 413: "payload_too_large" };
const TITLES: Record<number, string> = { 400: "The request could not be read", 403: "Request refused", 413: "Too large" };

/** Past this much of a refused body the connection is cut rather than drained. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads and drops what is left of a refused body, so the client, still sending, gets to read the
 * answer instead of a broken connection; a sender that goes on and on is cut off.
 */
function discardBody(req: ExpressRequest): void {
  if (req.readableEnded) return;
  let drained = 0;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DISCARD_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** A refusal in the API's error shape for API clients, or a small page for people. */
export function refuse(req: ExpressRequest, res: ExpressResponse, status: 400 | 403 | 413, message: string): void {
  if (res.headersSent) return;
  discardBody(req);
  if (wantsJson(req)) {
    res.status(status).type("application/json").send(JSON.stringify({ error: { code: CODES[status], message } }));
    return;
  }
  const title = TITLES[status];
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Spike Land</title>` +
        `<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:grid;place-items:center;min-height:100vh;margin:0}` +
        `main{max-width:32rem;padding:2rem;background:#fff;border-radius:1rem;box-shadow:0 1px 3px #0002}a{color:#4338ca}</style></head>` +
        `<body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Go to Spike Land</a></p></main></body></html>`,
    );
}

/** What the cross-site check reads of a request: its headers, and the scheme it arrived over. */
export type OriginSource = { protocol: string; get(name: string): string | undefined };

/** The origins this request may come from: its own host, and APP_URL's. */
function allowedOrigins(req: OriginSource): Set<string> {
  const allowed = new Set<string>();
  const host = req.get("host");
  if (host) allowed.add(`${req.protocol}://${host}`.toLowerCase());
  if (process.env.APP_URL) {
    try {
      allowed.add(new URL(process.env.APP_URL).origin.toLowerCase());
    } catch {
      /* the app refuses to start with a malformed APP_URL */
    }
  }
  return allowed;
}

/**
 * Refuses a state change that a page on another site made a browser send. Browsers say where a
 * request comes from (Origin, or Sec-Fetch-Site); programs that send neither, and bearer-token API
 * calls, which a browser cannot be made to send cross-site, are not cookie-driven and pass.
 */
export function isCrossSiteStateChange(req: ExpressRequest): boolean {
  if (SAFE_METHODS.has(req.method) || SERVER_TO_SERVER.test(req.path)) return false;
  if (/^Bearer\s/i.test(req.get("authorization") ?? "")) return false;
  return comesFromAnotherSite(req);
}

/**
 * Whether the browser says this request comes from a page on another site: Origin, else
 * Sec-Fetch-Site, else Referer. Also the check for WebSocket upgrades (GET, yet a connection a page
 * on another site could open with the person's browser).
 */
export function comesFromAnotherSite(req: OriginSource): boolean {
  const origin = req.get("origin");
  if (origin) return origin === "null" || !allowedOrigins(req).has(origin.toLowerCase());
  const site = req.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const referer = req.get("referer");
  if (referer) {
    try {
      return !allowedOrigins(req).has(new URL(referer).origin.toLowerCase());
    } catch {
      return true;
    }
  }
  return false;
}

/** Sent with every answer. The nonce lets the page's own inline scripts run and nothing else. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // The audio mixer's clock (Tone.js) ticks in a worker it starts from a blob: link, so a
    // background tab keeps time; such a link can only be made by a script already running here.
    "worker-src 'self' blob:",
    // React sets style attributes (progress bars, crop boxes); no inline style sheets are sent.
    "style-src 'self' 'unsafe-inline'",
    // Photos may come from the object store's signed URLs.
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: https:",
    "font-src 'self' data:",
    // The mixer fetches track audio through the object store's signed URLs (https in production).
    "connect-src 'self' https:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: { csp: boolean }) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    if (options.csp) res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    // The audio mixer records from the microphone on this site's own pages; nothing embedded may.
    res.setHeader("Permissions-Policy", "camera=(), microphone=(self), geolocation=()");
    next();
  };
}

/** Cross-site refusal, and NUL characters in the query string. */
export function requestChecks() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (isCrossSiteStateChange(req)) return refuse(req, res, 403, MESSAGES.crossSite);
    if (/%00/.test(req.originalUrl)) return refuse(req, res, 400, MESSAGES.nul);
    next();
  };
}

/** A text body carries a NUL as a raw byte, as %00 in a form, or as \u0000 in JSON. */
export function hasNul(body: Buffer, type: string): boolean {
  if (body.includes(0)) return true;
  if (type === "application/x-www-form-urlencoded" && /%00/.test(body.toString("latin1"))) return true;
  // An escape, not an escaped backslash followed by "u0000": an odd run of backslashes.
  if (type === "application/json" && /(?:^|[^\\])(?:\\\\)*\\u0000/i.test(body.toString("latin1"))) return true;
  return false;
}

class TooLarge extends Error {}

/** Reads a whole body, giving up (null) as soon as it passes the limit. */
function readLimited(req: ExpressRequest, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** Passes bytes through until the limit, then fails the stream so the reader stops. */
function limitStream(limit: number, onExceeded: () => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (size <= limit) return callback(null, chunk);
      onExceeded();
      callback(new TooLarge(MESSAGES.tooLargeUpload));
    },
  });
}

type Body =
  | { ok: true; body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null; exceeded: () => boolean }
  | { ok: false; status: 400 | 413; message: string };

/** The request body as the app will see it, capped and checked, or why it is refused. */
async function guardedBody(req: ExpressRequest): Promise<Body> {
  const never = () => false;
  if (req.method === "GET" || req.method === "HEAD") return { ok: true, body: null, exceeded: never };
  const type = mediaType(req.get("content-type"));
  const declared = Number(req.get("content-length") ?? Number.NaN);
  if (TEXT_TYPES.has(type)) {
    // An MCP tool call may carry a photo as base64, so /mcp has its own cap.
    const mcp = req.path === MCP_PATH;
    const limit = mcp ? MCP_BODY_LIMIT_BYTES : FORM_BODY_LIMIT_BYTES;
    const tooLarge = mcp ? MESSAGES.tooLargeMcp : MESSAGES.tooLargeForm;
    if (declared > limit) return { ok: false, status: 413, message: tooLarge };
    const body = await readLimited(req, limit);
    if (body === null) return { ok: false, status: 413, message: tooLarge };
    if (hasNul(body, type)) return { ok: false, status: 400, message: MESSAGES.nul };
    return { ok: true, body: new Uint8Array(body), exceeded: never };
  }
  if (declared > UPLOAD_BODY_LIMIT_BYTES) return { ok: false, status: 413, message: MESSAGES.tooLargeUpload };
  // Chunked uploads carry no length: they are cut off where they pass the limit.
  let exceeded = false;
  const limited = req.pipe(limitStream(UPLOAD_BODY_LIMIT_BYTES, () => (exceeded = true)));
  return { ok: true, body: createReadableStreamFromReadable(limited), exceeded: () => exceeded };
}

function requestHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  // Live job progress: the client must see the stream open before the first event.
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function remixRequest(req: ExpressRequest, res: ExpressResponse, body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null): Request {
  const url = new URL(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  // Loaders and actions stop once the answer can no longer be written.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: requestHeaders(req), signal: controller.signal };
  if (body instanceof ReadableStream) {
    init.body = body;
    init.duplex = "half";
  } else if (body !== null) init.body = body;
  return new Request(url.href, init);
}

/** The Remix request handler, fed only bodies that passed the caps and checks. */
export function createGuardedRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext?: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    let body: Body | null = null;
    try {
      body = await guardedBody(req);
      if (!body.ok) return refuse(req, res, body.status, body.message);
      const response = await handle(remixRequest(req, res, body.body), options.getLoadContext?.(req, res));
      // However the route took its cut-off body, the honest answer is that it was too large.
      if (body.exceeded()) return refuse(req, res, 413, MESSAGES.tooLargeUpload);
      await sendResponse(res, response);
    } catch (error) {
      if (body?.ok && body.exceeded()) return refuse(req, res, 413, MESSAGES.tooLargeUpload);
      next(error);
    }
  };
}
