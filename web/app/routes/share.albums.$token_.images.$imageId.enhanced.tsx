/** GET /share/albums/:token/images/:imageId/enhanced — an album photo's latest enhancement (visitors: 20 a minute per address). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadViewer, notFound, sharedFileResponse } from "../.server/sharing/delivery.server.ts";
import { albumImageByToken, sharedEnhanced } from "../.server/sharing/sharing.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await downloadViewer(request);
  const found = await albumImageByToken(params.token ?? "", params.imageId ?? "");
  if (!found) notFound();
  const file = await sharedEnhanced(found.image);
  if (!file) notFound("This photo has no enhanced version yet.");
  return sharedFileResponse(request, file, `${found.image.name}-enhanced`);
}
