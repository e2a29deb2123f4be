/**
 * POST /api/v1/audio/projects/:id/mixdowns — `{ target: "download" | "track" }` (download when left
 * out): queues a render of the project's mix as it is now and answers 202 with the queued mixdown;
 * poll GET /api/v1/audio/mixdowns/:id. 5 a minute.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { mixdownRequest, mixdownResponse } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { assertOwnProject, requestMixdown } from "../.server/audio/projects.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/projects/:id/mixdowns";
const ALLOWED = ["POST"];

export function loader() {
  return methodNotAllowed(ALLOWED);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(ALLOWED);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const projectId = params.id ?? "";
    await assertOwnProject(user.id, projectId);
    // A bare POST (no body at all) asks for the default: a download.
    const input = request.headers.get("Content-Type") === null ? mixdownRequest.parse({}) : await parseJsonBody(request, mixdownRequest);
    const mixdown = await requestMixdown(user.id, projectId, input.target);
    return apiJson(mixdownResponse.parse({ mixdown }), { status: 202, headers: { Location: `/api/v1/audio/mixdowns/${mixdown.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
