/**
 * POST /api/v1/images/:id/enhance {tier, pipelineId?, sourceImageId?} — charges the tier's tokens and
 * queues an enhancement job for one of the caller's images (202 with the job). 402 when the balance is
 * short, 404 for an image that is not the caller's, 429 past the enhancement rate limit.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { enhanceImageRequest, type EnhanceImageResponse } from "@spike-land/shared/api/albums";
import { apiError, apiJson, handleApi, methodNotAllowed, parseJsonBody } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { consume } from "../.server/platform/rate-limit.server.ts";
import { requestEnhancement } from "../.server/jobs/requests.server.ts";
import { jobView } from "../.server/jobs/views.server.ts";
import { findImage } from "../.server/images/library.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const ROUTE = "/api/v1/images/:id/enhance";
const NOT_FOUND = "There is no image with that id in your library.";

export function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const imageId = params.id ?? "";
    if (!(await findImage(user.id, imageId))) return apiError("not_found", NOT_FOUND);
    const input = await parseJsonBody(request, enhanceImageRequest);
    // A RateLimitedError becomes 429 with Retry-After in handleApi.
    await consume("enhancement", user.id);
    const job = await requestEnhancement(user.id, imageId, input.tier, { pipelineId: input.pipelineId, sourceImageId: input.sourceImageId });
    const view = await jobView(user.id, job.id);
    if (!view) return apiError("not_found", NOT_FOUND);
    const body: EnhanceImageResponse = { job: view };
    return apiJson(body, { status: 202, headers: { Location: `/api/v1/jobs/${job.id}` } });
  }, (error) => recordServerError(error, { route: ROUTE }));
}
