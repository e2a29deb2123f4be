/**
 * GET /api/v1/audio/tracks/:id — one of the caller's tracks (with a signed link to its audio when it
 * is stored); PATCH changes its name, volume, mute or solo; DELETE removes it with its file.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { audioTrackResponse, updateAudioTrackRequest } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { assertOwnTrack, deleteTrack, getTrack, updateTrack } from "../.server/audio/projects.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/tracks/:id";
const ALLOWED = ["GET", "PATCH", "DELETE"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson(audioTrackResponse.parse({ track: await getTrack(user.id, params.id ?? "") }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const trackId = params.id ?? "";
    if (request.method === "DELETE") {
      await deleteTrack(user.id, trackId);
      return new Response(null, { status: 204 });
    }
    // Someone else's track is "not found" whatever the body says.
    await assertOwnTrack(user.id, trackId);
    const input = await parseJsonBody(request, updateAudioTrackRequest);
    return apiJson(audioTrackResponse.parse({ track: await updateTrack(user.id, trackId, input) }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}
