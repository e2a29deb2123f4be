/** Serves stored profile pictures. Avatars are shown next to public content, so they are not private. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AVATAR_CACHE_CONTROL } from "../.server/accounts/avatar.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (!/^[A-Za-z0-9_-]+\.webp$/.test(file)) throw new Response("Not found", { status: 404 });
  const object = await objectStorage().get(`avatars/${file}`);
  if (!object) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(object.body), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(object.size),
      "Cache-Control": AVATAR_CACHE_CONTROL,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
