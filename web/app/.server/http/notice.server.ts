/**
 * Messages carried in a redirect's query string (`?error=...`) so forms work without JavaScript.
 * Each is signed, and a page shows only messages this server signed: a link someone else crafted
 * cannot put its own words on our pages.
 */
import { createHmac } from "node:crypto";
import { env } from "../platform/env.server.ts";
import { safeEqual } from "../platform/crypto.server.ts";

const MAX_NOTICE_LENGTH = 300;

function signature(message: string): string {
  return createHmac("sha256", env.SESSION_SECRET).update(`notice:${message}`).digest("base64url").slice(0, 22);
}

/** `path?error=<message>&sig=<signature>`. */
export function withNotice(path: string, message: string): string {
  const text = message.slice(0, MAX_NOTICE_LENGTH);
  const params = new URLSearchParams({ error: text, sig: signature(text) });
  return `${path}?${params.toString()}`;
}

/** The signed message of a request's URL, or null when there is none or it was not ours. */
export function readNotice(request: Request): string | null {
  const params = new URL(request.url).searchParams;
  const message = params.get("error");
  const sig = params.get("sig");
  if (!message || !sig || !safeEqual(sig, signature(message))) return null;
  return message;
}
