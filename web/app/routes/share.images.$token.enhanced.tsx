/** GET /share/images/:token/enhanced — the latest completed enhancement of a shared photo (visitors: 20 a minute per address). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadViewer, notFound, sharedFileResponse } from "../.server/sharing/delivery.server.ts";
import { imageByToken, sharedEnhanced } from "../.server/sharing/sharing.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await downloadViewer(request);
  const image = await imageByToken(params.token ?? "");
  if (!image) notFound();
  const file = await sharedEnhanced(image);
  if (!file) notFound("This photo has no enhanced version yet.");
  return sharedFileResponse(request, file, `${image.name}-enhanced`);
}
