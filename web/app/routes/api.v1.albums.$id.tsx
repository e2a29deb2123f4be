/**
 * GET /api/v1/albums/:id — one of the caller's albums with its images in order; PATCH changes its
 * name, description, privacy, enhancement defaults or cover; DELETE removes it (the images stay).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { updateAlbumRequest, type AlbumResponse } from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { withDomainErrors } from "../.server/http/domain-errors.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import {
  AlbumError,
  deleteAlbum,
  findAlbum,
  isDefaultAlbum,
  renameAlbum,
  requireAlbum,
  requireUsablePipeline,
  setCover,
  setDefaults,
  setPrivacy,
} from "../.server/albums/albums.server.ts";
import { albumDetail } from "../.server/albums/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/albums/:id";
const ALLOWED = ["GET", "PATCH", "DELETE"];
const NOT_FOUND = "We could not find that album.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return withDomainErrors(async () => {
      const body: AlbumResponse = { album: await albumDetail(user.id, params.id ?? "") };
      return apiJson(body);
    });
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const albumId = params.id ?? "";
    if (request.method === "DELETE") {
      return withDomainErrors(async () => {
        await deleteAlbum(user.id, albumId);
        return new Response(null, { status: 204 });
      });
    }
    // Someone else's album is "not found" whatever the body says.
    if (!(await findAlbum(user.id, albumId))) return apiError("not_found", NOT_FOUND);
    const input = await parseJsonBody(request, updateAlbumRequest);
    return withDomainErrors(async () => {
      const current = await requireAlbum(user.id, albumId);
      // Everything that can refuse is checked before the first write, so a refused PATCH changes nothing.
      if (input.privacy !== undefined && input.privacy !== current.privacy && isDefaultAlbum(current)) {
        throw new AlbumError(`"${current.name}" is a default album and its privacy cannot change; create an album for other settings.`, 409);
      }
      if (input.pipelineId) await requireUsablePipeline(user.id, input.pipelineId);
      if (input.coverImageId) {
        const member = await prisma.albumImage.findFirst({
          where: { albumId: current.id, imageId: input.coverImageId, image: { userId: user.id } },
          select: { id: true },
        });
        if (!member) throw new AlbumError("The cover must be one of the album's images.", 400);
      }
      if (input.name !== undefined || input.description !== undefined) {
        await renameAlbum(user.id, current.id, {
          name: input.name ?? current.name,
          description: input.description === undefined ? current.description : input.description,
        });
      }
      if (input.privacy !== undefined && input.privacy !== current.privacy) await setPrivacy(user.id, current.id, input.privacy);
      if (input.defaultTier !== undefined || input.pipelineId !== undefined) {
        await setDefaults(user.id, current.id, {
          defaultTier: input.defaultTier ?? current.defaultTier,
          pipelineId: input.pipelineId === undefined ? current.pipelineId : input.pipelineId,
        });
      }
      if (input.coverImageId) await setCover(user.id, current.id, input.coverImageId);
      if (input.coverImageId === null) {
        await prisma.album.updateMany({ where: { id: current.id, userId: user.id }, data: { coverImageId: null } });
      }
      const body: AlbumResponse = { album: await albumDetail(user.id, current.id) };
      return apiJson(body);
    });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
