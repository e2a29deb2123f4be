/** GET /api/v1/boxes/:id — one of the caller's boxes with its status and what it can do now. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { BoxResponse } from "@spike-land/shared/api/boxes";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { getBox } from "../.server/boxes/boxes.server.ts";
import { boxJson } from "../.server/boxes/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const body: BoxResponse = { box: boxJson(await getBox(user.id, params.id ?? "")) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: "/api/v1/boxes/:id" }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
