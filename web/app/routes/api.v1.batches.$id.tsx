/** GET /api/v1/batches/:id — an album batch's per-image job status and totals (the caller's own batches only). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { BatchResponse } from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { batchView } from "../.server/albums/batches.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const batch = await batchView(user.id, params.id ?? "");
    if (!batch) return apiError("not_found", "That batch was not found.");
    const body: BatchResponse = { batch };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: "/api/v1/batches/:id" }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
