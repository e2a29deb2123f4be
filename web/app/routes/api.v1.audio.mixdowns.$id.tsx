/**
 * GET /api/v1/audio/mixdowns/:id — one of the caller's mixdowns: queued, rendering, done (with a
 * download link, or the new track's id) or failed (with what went wrong).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { mixdownResponse } from "@spike-land/shared/api/audio";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { getMixdown } from "../.server/audio/projects.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/audio/mixdowns/:id";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    return apiJson(mixdownResponse.parse({ mixdown: await getMixdown(user.id, params.id ?? "") }));
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
