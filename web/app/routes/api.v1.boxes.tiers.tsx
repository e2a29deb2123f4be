/** GET /api/v1/boxes/tiers — the box sizes on offer with their price per hour. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { BoxTiersResponse } from "@spike-land/shared/api/boxes";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { listTiers } from "../.server/boxes/boxes.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    await requireApiSession(request);
    const body: BoxTiersResponse = { tiers: await listTiers() };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: "/api/v1/boxes/tiers" }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
