/** GET /share/albums/:token/images/:imageId/original — an album photo's original without metadata (visitors: 20 a minute per address). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadViewer, notFound, sharedFileResponse } from "../.server/sharing/delivery.server.ts";
import { albumImageByToken, sharedOriginal } from "../.server/sharing/sharing.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await downloadViewer(request);
  const found = await albumImageByToken(params.token ?? "", params.imageId ?? "");
  if (!found) notFound();
  const file = await sharedOriginal(found.image);
  if (!file) notFound();
  return sharedFileResponse(request, file, found.image.name);
}
