/**
 * POST /api/v1/boxes/:id/vnc-ticket — for the owner of a running box, with a bearer token: a
 * one-minute, single-use ticket for the box screen proxy, the box's VNC password and the proxy's
 * path. The desktop app's viewer uses it (its window has an origin of its own, which the proxy
 * accepts for these tickets only).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import type { VncTicketResponse } from "@spike-land/shared/api/boxes";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { issueVncTicket } from "../.server/boxes/vnc-tickets.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const boxId = params.id ?? "";
    const issued = await issueVncTicket(user.id, boxId, "app");
    const body: VncTicketResponse = {
      ticket: issued.ticket,
      password: issued.password,
      expiresAt: issued.expiresAt.toISOString(),
      path: `/boxes/${encodeURIComponent(boxId)}/vnc?ticket=${encodeURIComponent(issued.ticket)}`,
    };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: "/api/v1/boxes/:id/vnc-ticket" }));
}
