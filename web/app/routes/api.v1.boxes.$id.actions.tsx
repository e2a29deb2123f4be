/** POST /api/v1/boxes/:id/actions {action} — START, STOP, RESTART, DELETE or CLONE, run through the queue (202). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { boxActionSchema } from "@spike-land/shared/boxes";
import type { BoxActionResponse } from "@spike-land/shared/api/boxes";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { requestAction } from "../.server/boxes/boxes.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const boxId = params.id ?? "";
    const input = await parseJsonBody(request, boxActionSchema);
    const body: BoxActionResponse = { action: await requestAction(user.id, boxId, input.action) };
    return apiJson(body, { status: 202, headers: { Location: `/api/v1/boxes/${encodeURIComponent(boxId)}` } });
  }, (error) => recordServerError(error, { route: "/api/v1/boxes/:id/actions" }));
}
