/**
 * /api/v1/albums/:id/images with a JSON body {imageIds}: POST adds the caller's images at the end,
 * DELETE takes them out of the album (they stay in the library), PUT puts them first in that order.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import {
  albumImageIdsRequest,
  type AddAlbumImagesResponse,
  type RemoveAlbumImagesResponse,
  type ReorderAlbumImagesResponse,
} from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { addImages, findAlbum, removeImages, reorder } from "../.server/albums/albums.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/albums/:id/images";
const ALLOWED = ["POST", "PUT", "DELETE"];

export function loader() {
  return methodNotAllowed(ALLOWED);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (!ALLOWED.includes(request.method)) return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const albumId = params.id ?? "";
    if (!(await findAlbum(user.id, albumId))) return apiError("not_found", "We could not find that album.");
    const { imageIds } = await parseJsonBody(request, albumImageIdsRequest);
    if (request.method === "POST") {
      const body: AddAlbumImagesResponse = await addImages(user.id, albumId, imageIds);
      return apiJson(body);
    }
    if (request.method === "DELETE") {
      const body: RemoveAlbumImagesResponse = await removeImages(user.id, albumId, imageIds);
      return apiJson(body);
    }
    const body: ReorderAlbumImagesResponse = { imageIds: await reorder(user.id, albumId, imageIds) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}
