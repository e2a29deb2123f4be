/**
 * GET /orders/:id/print/:itemId — the file printed for one order line (the snapshot's imageR2Key):
 * a short-lived signed link to the full file, or with ?thumb=1 a small WebP preview for the order
 * page (drawn here, so the page never loads the full print file). Only the order's owner and
 * admins; anyone else gets a 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import sharp from "sharp";
import { hasRole, requireUser } from "../.server/auth/guards.server.ts";
import { orderItemFile } from "../.server/merch/orders.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

const LINK_LIFETIME_SECONDS = 300;
const THUMB_EDGE = 240;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await orderItemFile({ id: user.id, isAdmin: hasRole(user.role, "ADMIN") }, params.id ?? "", params.itemId ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  const storage = objectStorage();
  if (new URL(request.url).searchParams.get("thumb") !== "1") {
    const url = await storage.signedGetUrl(file.r2Key, { expiresInSeconds: LINK_LIFETIME_SECONDS, downloadName: file.downloadName });
    return redirect(url, { headers: { "Cache-Control": "private, no-store" } });
  }
  const stored = await storage.get(file.r2Key);
  if (!stored) throw new Response("Not found", { status: 404 });
  const thumb = await sharp(stored.body).rotate().resize(THUMB_EDGE, THUMB_EDGE, { fit: "cover" }).webp({ quality: 75 }).toBuffer();
  return new Response(new Uint8Array(thumb), {
    headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff" },
  });
}
