/**
 * GET /api/v1/audio/projects/:id — one of the caller's projects with its tracks in order (each with a
 * signed link to its audio); PATCH renames it or changes its description; DELETE removes it with its
 * tracks, their files and its mixdowns.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { audioProjectResponse, updateAudioProjectRequest } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { assertOwnProject, deleteProject, getProject, updateProject } from "../.server/audio/projects.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/projects/:id";
const ALLOWED = ["GET", "PATCH", "DELETE"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson(audioProjectResponse.parse({ project: await getProject(user.id, params.id ?? "") }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const projectId = params.id ?? "";
    if (request.method === "DELETE") {
      await deleteProject(user.id, projectId);
      return new Response(null, { status: 204 });
    }
    // Someone else's project is "not found" whatever the body says.
    await assertOwnProject(user.id, projectId);
    const input = await parseJsonBody(request, updateAudioProjectRequest);
    return apiJson(audioProjectResponse.parse({ project: await updateProject(user.id, projectId, input) }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}
