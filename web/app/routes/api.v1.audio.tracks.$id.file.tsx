/**
 * PUT /api/v1/audio/tracks/:id/file — multipart (a `file` part, optionally `name`): uploads the audio
 * of a track kept on the device, or replaces a track's audio. The track is then stored on the
 * server, keeping its place and mix settings.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { audioTrackResponse } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { assertOwnTrack, replaceTrackFile } from "../.server/audio/projects.server.ts";
import { readAudioUpload } from "../.server/audio/upload-form.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/tracks/:id/file";
const ALLOWED = ["PUT"];

export function loader() {
  return methodNotAllowed(ALLOWED);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const trackId = params.id ?? "";
    // Someone else's track is "not found" before its upload is read.
    await assertOwnTrack(user.id, trackId);
    const track = await replaceTrackFile(user.id, trackId, await readAudioUpload(request));
    return apiJson(audioTrackResponse.parse({ track }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}
