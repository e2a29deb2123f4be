/** GET /api/v1/images/:id — one of the caller's photos with signed URLs; DELETE removes it. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { deleteImage, findImage, publicImage } from "../.server/images/library.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const NOT_FOUND = "There is no image with that id in your library.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const image = await findImage(user.id, params.id ?? "");
    if (!image) return apiError("not_found", NOT_FOUND);
    return apiJson({ image: await publicImage(image) });
  }, (error) => recordServerError(error, { route: "/api/v1/images/:id" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    if (!(await deleteImage(user.id, params.id ?? ""))) return apiError("not_found", NOT_FOUND);
    return new Response(null, { status: 204 });
  }, (error) => recordServerError(error, { route: "/api/v1/images/:id" }));
}
