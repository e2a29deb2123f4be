/** GET /share/images/:token/original — the shared original with all metadata removed (visitors: 20 a minute per address). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadViewer, notFound, sharedFileResponse } from "../.server/sharing/delivery.server.ts";
import { imageByToken, sharedOriginal } from "../.server/sharing/sharing.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await downloadViewer(request);
  const image = await imageByToken(params.token ?? "");
  if (!image) notFound();
  const file = await sharedOriginal(image);
  if (!file) notFound();
  return sharedFileResponse(request, file, image.name);
}
