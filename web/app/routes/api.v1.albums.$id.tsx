/**
 * GET /api/v1/albums/:id — one of the caller's albums with its images in order; PATCH changes its
 * name, description, privacy, enhancement defaults or cover; DELETE removes it (the images stay).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { updateAlbumRequest, type AlbumResponse } from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { deleteAlbum, findAlbum } from "../.server/albums/albums.server.ts";
import { albumDetail, updateAlbum } from "../.server/albums/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/albums/:id";
const ALLOWED = ["GET", "PATCH", "DELETE"];
const NOT_FOUND = "We could not find that album.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const body: AlbumResponse = { album: await albumDetail(user.id, params.id ?? "") };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const albumId = params.id ?? "";
    if (request.method === "DELETE") {
      await deleteAlbum(user.id, albumId);
      return new Response(null, { status: 204 });
    }
    // Someone else's album is "not found" whatever the body says.
    if (!(await findAlbum(user.id, albumId))) return apiError("not_found", NOT_FOUND);
    const input = await parseJsonBody(request, updateAlbumRequest);
    const body: AlbumResponse = { album: await updateAlbum(user.id, albumId, input) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}
