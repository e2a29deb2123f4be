/**
 * POST /api/v1/albums/:id/enhance {tier?, pipelineId?} — queues one enhancement job per image of the
 * album under one batch id (202). Limited to 5 batches a minute; refused with 402 when the balance
 * cannot pay for the whole batch. Follow progress at GET /api/v1/batches/:batchId.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { enhanceAlbumRequest } from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { consume, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
import { findAlbum } from "../.server/albums/albums.server.ts";
import { enhanceAlbum } from "../.server/albums/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/albums/:id/enhance";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const albumId = params.id ?? "";
    if (!(await findAlbum(user.id, albumId))) return apiError("not_found", "We could not find that album.");
    const input = await parseJsonBody(request, enhanceAlbumRequest);
    try {
      await consume("albumBatch", user.id);
    } catch (error) {
      // The batch limit names itself, unlike the general limits handleApi answers.
      if (!(error instanceof RateLimitedError)) throw error;
      return apiError("rate_limited", `You can start 5 album batches a minute. ${error.message}`, {
        headers: { "Retry-After": String(error.retryAfterSeconds) },
      });
    }
    const body = await enhanceAlbum(user.id, albumId, input);
    return apiJson(body, { status: 202, headers: { Location: `/api/v1/batches/${encodeURIComponent(body.batchId)}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
