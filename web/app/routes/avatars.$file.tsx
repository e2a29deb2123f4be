/** Serves stored profile pictures. Avatars are shown next to public content, so they are not private. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getObject } from "../.server/storage/objects.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (!/^[A-Za-z0-9_-]+\.webp$/.test(file)) throw new Response("Not found", { status: 404 });
  const body = await getObject(`avatars/${file}`);
  if (!body) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "image/webp", "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
}
