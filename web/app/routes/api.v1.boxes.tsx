/** GET /api/v1/boxes — the caller's boxes; POST {name, tierId} creates one (its first hour is charged as it starts). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createBoxSchema } from "@spike-land/shared/boxes";
import type { BoxListResponse, CreateBoxResponse } from "@spike-land/shared/api/boxes";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { createBox, listBoxes } from "../.server/boxes/boxes.server.ts";
import { boxJson } from "../.server/boxes/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/boxes";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const body: BoxListResponse = { boxes: (await listBoxes(user.id)).map(boxJson) };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const input = await parseJsonBody(request, createBoxSchema);
    const created = await createBox(user.id, input);
    const body: CreateBoxResponse = { box: boxJson(created.box), action: created.action };
    return apiJson(body, { status: 202, headers: { Location: `${ROUTE}/${created.box.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
