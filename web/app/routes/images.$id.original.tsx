/** GET /images/:id/original — the owner is sent on to a short-lived signed URL; anyone else gets 404. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { requireImage, signedUrls } from "../.server/images/library.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const image = await orPageError(requireImage(user.id, params.id ?? ""));
  const urls = await signedUrls(image);
  return redirect(urls.original, { headers: { "Cache-Control": "private, no-store" } });
}
