/** GET /api/v1/albums — the caller's albums (default ones first) with counts and share links; POST creates one. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createAlbumRequest, type AlbumListResponse, type AlbumResponse } from "@spike-land/shared/api/albums";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { createAlbum, ensureDefaultAlbums } from "../.server/albums/albums.server.ts";
import { albumDetail, albumSummaries } from "../.server/albums/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/albums";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    await ensureDefaultAlbums(user.id);
    const body: AlbumListResponse = { albums: await albumSummaries(user.id) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const input = await parseJsonBody(request, createAlbumRequest);
    await ensureDefaultAlbums(user.id);
    const album = await createAlbum(user.id, input);
    const body: AlbumResponse = { album: await albumDetail(user.id, album.id) };
    return apiJson(body, { status: 201, headers: { Location: `${ROUTE}/${album.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
