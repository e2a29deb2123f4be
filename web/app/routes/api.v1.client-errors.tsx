/** POST /api/v1/client-errors — the browser reports uncaught errors here (rate limited per address). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { clientErrorReport, recordClientError, recordServerError } from "../.server/platform/error-log.server.ts";
import { clientIp, consume } from "../.server/platform/rate-limit.server.ts";
import { getRequestSession } from "../.server/auth/sessions.server.ts";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    await consume("clientErrors", clientIp(request));
    const report = await parseJsonBody(request, clientErrorReport);
    const session = await getRequestSession(request);
    const saved = await recordClientError(report, session?.user.id ?? null);
    return apiJson({ id: saved.id }, { status: 201 });
  }, (error) => recordServerError(error, { route: "/api/v1/client-errors" }));
}
