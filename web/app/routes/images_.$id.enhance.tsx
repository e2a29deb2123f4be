/**
 * POST /images/:id/enhance — charges the tier's tokens and queues an enhancement job, then goes to the
 * job's page. Failures go back to the image page with the message (or a JSON error for fetch calls).
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { consume, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
import { apiError } from "../.server/http/api.server.ts";
import { withNotice } from "../.server/http/notice.server.ts";
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { EnhancementError, requestEnhancement } from "../.server/jobs/requests.server.ts";
import { InsufficientTokensError } from "../.server/tokens/ledger.server.ts";

const optionalId = z
  .string()
  .trim()
  .max(64, "That id is not valid.")
  .optional()
  .transform((value) => value || null);

/** Fields of the enhance form: a tier, and optionally a saved pipeline and a second image to blend in. */
const enhanceFormSchema = z.object({
  tier: z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers." }),
  pipelineId: optionalId,
  sourceImageId: optionalId,
});

function wantsJson(request: Request): boolean {
  const accept = request.headers.get("Accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const imageId = params.id ?? "";
  const json = wantsJson(request);
  const fail = (status: number, message: string, headers: Record<string, string> = {}) => {
    if (json) {
      const code = status === 404 ? "not_found" : status === 429 ? "rate_limited" : status === 402 ? "payment_required" : status === 409 ? "conflict" : "bad_request";
      return apiError(code, message, { headers });
    }
    return redirect(withNotice(`/images/${encodeURIComponent(imageId)}`, message), { headers });
  };
  const form = await request.formData();
  const parsed = enhanceFormSchema.safeParse({
    tier: form.get("tier") ?? undefined,
    pipelineId: form.get("pipelineId") ?? undefined,
    sourceImageId: form.get("sourceImageId") ?? undefined,
  });
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Check the enhancement settings.");
  const { tier, pipelineId, sourceImageId } = parsed.data;
  try {
    await consume("enhancement", user.id);
    const job = await requestEnhancement(user.id, imageId, tier, { pipelineId, sourceImageId });
    if (json) return Response.json({ job: { id: job.id, status: job.status, tier: job.tier, tokensCost: job.tokensCost } }, { status: 202 });
    return redirect(`/jobs/${job.id}`);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const headers = { "Retry-After": String(error.retryAfterSeconds) };
      if (json) return fail(429, error.message, headers);
      return new Response(error.message, { status: 429, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (error instanceof InsufficientTokensError) return fail(402, error.message);
    if (error instanceof EnhancementError) return fail(error.status, error.message);
    throw error;
  }
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/images/${encodeURIComponent(params.id ?? "")}`);
}
