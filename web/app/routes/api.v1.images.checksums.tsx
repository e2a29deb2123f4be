/**
 * POST /api/v1/images/checksums with a JSON body {sha256: [...]} (at most 500): which of these
 * source-file checksums the caller's library already holds, so a client uploads only the rest.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { checksumsRequest, type ChecksumsResponse } from "@spike-land/shared/api/uploads";
import { apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { imagesBySourceSha256 } from "../.server/images/library.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/images/checksums";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const { sha256 } = await parseJsonBody(request, checksumsRequest);
    const held = await imagesBySourceSha256(user.id, sha256);
    // In the order asked, each checksum once.
    const body: ChecksumsResponse = {
      known: [...new Set(sha256)].flatMap((sum) => {
        const image = held.get(sum);
        return image ? [{ sha256: sum, imageId: image.id, name: image.name }] : [];
      }),
    };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: ROUTE }));
}
