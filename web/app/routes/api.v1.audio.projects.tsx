/** GET /api/v1/audio/projects — the caller's mixer projects, most recently changed first, with their storage use; POST creates one. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { audioProjectListResponse, audioProjectResponse, createAudioProjectRequest } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { createProject, listProjects } from "../.server/audio/projects.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/projects";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson(audioProjectListResponse.parse(await listProjects(user.id)));
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const input = await parseJsonBody(request, createAudioProjectRequest);
    const project = await createProject(user.id, input);
    return apiJson(audioProjectResponse.parse({ project }), { status: 201, headers: { Location: `${ROUTE}/${project.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
