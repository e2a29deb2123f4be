/**
 * /api/v1/audio/projects/:id/tracks — POST adds a track at the end of the project: multipart (a
 * `file` part and an optional `name`) uploads its audio, checked by content and stored; JSON
 * `{ name, fileFormat, duration, fileSizeBytes }` registers a track whose audio stays on the device.
 * PUT `{ trackIds }` puts every track of the project in that order.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { audioTrackResponse, registerLocalTrackRequest, reorderAudioTracksRequest, reorderAudioTracksResponse } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { addUploadedTrack, assertOwnProject, registerLocalTrack, reorderTracks } from "../.server/audio/projects.server.ts";
import { isMultipart, readAudioUpload } from "../.server/audio/upload-form.server.ts";
import { DomainError } from "@spike-land/shared/errors";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/projects/:id/tracks";
const ALLOWED = ["POST", "PUT"];

export function loader() {
  return methodNotAllowed(ALLOWED);
}

function isJson(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (!ALLOWED.includes(request.method)) return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const projectId = params.id ?? "";
    // Someone else's project is "not found" whatever the body says.
    await assertOwnProject(user.id, projectId);
    if (request.method === "PUT") {
      const { trackIds } = await parseJsonBody(request, reorderAudioTracksRequest);
      return apiJson(reorderAudioTracksResponse.parse({ trackIds: await reorderTracks(user.id, projectId, trackIds) }));
    }
    let track;
    if (isJson(request)) {
      track = await registerLocalTrack(user.id, projectId, await parseJsonBody(request, registerLocalTrackRequest));
    } else if (isMultipart(request)) {
      track = await addUploadedTrack(user.id, projectId, await readAudioUpload(request));
    } else {
      throw new DomainError(
        400,
        "Send the audio as multipart/form-data (a part named file, and optionally name), or JSON { name, fileFormat, duration, fileSizeBytes } to add a track kept on your device.",
      );
    }
    return apiJson(audioTrackResponse.parse({ track }), { status: 201, headers: { Location: `/api/v1/audio/tracks/${track.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
