/**
 * POST /boxes/:id/vnc-ticket — for the owner of a running box: a one-minute, single-use ticket for
 * the box screen proxy, with the box's VNC password (JSON). Others' boxes are not found; a box that
 * is not running answers 409.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { apiJson, domainErrorResponse, methodNotAllowed } from "../.server/http/api.server.ts";
import { issueVncTicket } from "../.server/boxes/vnc-tickets.server.ts";

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const user = await requireUser(request);
  try {
    const issued = await issueVncTicket(user.id, params.id ?? "");
    return apiJson({ ticket: issued.ticket, password: issued.password, expiresAt: issued.expiresAt.toISOString() });
  } catch (error) {
    const answer = domainErrorResponse(error);
    if (answer) return answer;
    throw error;
  }
}

export function loader() {
  return methodNotAllowed(["POST"]);
}
