/**
 * HTTP side of shared files: the per-address limit on signed-out downloads, and the response that
 * carries stripped bytes (short private caching, inline or as a download).
 */
import { attachmentDisposition } from "../providers/storage/types.ts";
import { getOptionalUser, type SignedInUser } from "../auth/guards.server.ts";
import { clientIp, consume, RateLimitedError, tooManyRequests } from "../platform/rate-limit.server.ts";
import type { SharedFile } from "./sharing.server.ts";

export const SHARED_FILE_CACHE_CONTROL = "private, max-age=300";

/**
 * The signed-in viewer, or null for a visitor. Visitors spend one of their address's anonymous
 * downloads (20 a minute); past that this throws a 429 with Retry-After.
 */
export async function downloadViewer(request: Request): Promise<SignedInUser | null> {
  const viewer = await getOptionalUser(request);
  if (viewer) return viewer;
  try {
    await consume("anonymousDownload", clientIp(request));
  } catch (error) {
    if (error instanceof RateLimitedError) throw tooManyRequests(error);
    throw error;
  }
  return null;
}

export function notFound(message = "We could not find that shared photo. The link may have been turned off."): never {
  throw new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The bytes inline, or as an attachment named after the image when the URL asks `?download=1`. */
export function sharedFileResponse(request: Request, file: SharedFile, baseName: string): Response {
  const download = new URL(request.url).searchParams.get("download") === "1";
  const headers: Record<string, string> = {
    "Content-Type": file.contentType,
    "Content-Length": String(file.body.length),
    "Cache-Control": SHARED_FILE_CACHE_CONTROL,
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
  };
  if (download) headers["Content-Disposition"] = attachmentDisposition(`${baseName}.${file.extension}`);
  return new Response(new Uint8Array(file.body), { headers });
}
