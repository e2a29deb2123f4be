/** POST /api/v1/sessions — email + password → a bearer token for non-browser clients. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { createSessionRequest, type CreateSessionResponse } from "@spike-land/shared/api/sessions";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { signInWithPassword } from "../.server/accounts/flows.server.ts";
import { createSession } from "../.server/auth/sessions.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const input = await parseJsonBody(request, createSessionRequest);
    // A SignInError is 401 for wrong credentials and 403 for an unconfirmed email; handleApi answers it.
    const userId = await signInWithPassword(input.email, input.password, clientIp(request));
    const session = await createSession(userId);
    const body: CreateSessionResponse = { token: session.token, expiresAt: session.expires.toISOString() };
    return apiJson(body, { status: 201 });
  }, (error) => recordServerError(error, { route: "/api/v1/sessions" }));
}
