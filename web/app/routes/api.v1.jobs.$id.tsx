/** GET /api/v1/jobs/:id — an enhancement job's status for API clients (session cookie or bearer token). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { jobView } from "../.server/jobs/views.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const view = await jobView(user.id, params.id ?? "");
    if (!view) return apiError("not_found", "That job was not found.");
    return apiJson({ job: view });
  }, (error) => recordServerError(error, { route: "/api/v1/jobs/:id" }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
