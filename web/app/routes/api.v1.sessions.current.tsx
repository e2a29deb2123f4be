/** DELETE /api/v1/sessions/current — ends the session the request is authenticated with. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { revokeSession } from "../.server/auth/sessions.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { DomainError } from "@spike-land/shared/errors";

const API_KEY_HAS_NO_SESSION = "This request is signed in with an API key, which has no session to end. Revoke the key in Settings → API keys instead.";

export function loader() {
  return methodNotAllowed(["DELETE"]);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  return handleApi(async () => {
    const session = await requireApiSession(request);
    if (session.id === null) throw new DomainError(400, API_KEY_HAS_NO_SESSION);
    await revokeSession(session.id, session.user.id);
    return new Response(null, { status: 204 });
  }, (error) => recordServerError(error, { route: "/api/v1/sessions/current" }));
}
