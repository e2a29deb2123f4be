/**
 * GET /gallery/files/gallery/<itemId>/<file> — the public copies of gallery items. Only keys under
 * `gallery/` of an existing item are served (never a user's private files). Shown items are cached for
 * a year (their files never change); a hidden item's files are for admins only and never cached.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser, hasRole } from "../.server/auth/guards.server.ts";
import { GALLERY_FILE_CACHE_CONTROL, galleryKeyState, isGalleryKey } from "../.server/gallery/gallery.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

const NOT_FOUND = { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  if (!isGalleryKey(key)) return new Response("Not found", NOT_FOUND);
  const state = await galleryKeyState(key);
  if (state === null) return new Response("Not found", NOT_FOUND);
  if (state === "hidden") {
    const viewer = await getOptionalUser(request);
    if (!viewer || !hasRole(viewer.role, "ADMIN")) return new Response("Not found", NOT_FOUND);
  }
  const object = await objectStorage().get(key);
  if (!object) return new Response("Not found", NOT_FOUND);
  const headers = new Headers({
    "Content-Type": object.contentType,
    "Content-Length": String(object.size),
    "Cache-Control": state === "active" ? GALLERY_FILE_CACHE_CONTROL : "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  if (request.method === "HEAD") return new Response(null, { headers });
  return new Response(new Uint8Array(object.body), { headers });
}
