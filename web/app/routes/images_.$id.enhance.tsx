/**
 * POST /images/:id/enhance — charges the tier's tokens and queues an enhancement job, then goes to the
 * job's page. Failures go back to the image page with the message (or a JSON error for fetch calls).
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { consume, RateLimitedError } from "../.server/http/rate-limit.server.ts";
import { apiError } from "../.server/http/api.server.ts";
import { EnhancementError, isEnhancementTier, requestEnhancement } from "../.server/jobs/enhance.server.ts";
import { InsufficientTokensError } from "../.server/tokens/ledger.server.ts";

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
      const code = status === 404 ? "not_found" : status === 429 ? "rate_limited" : status === 402 || status === 409 ? "conflict" : "bad_request";
      return apiError(code, message, { headers });
    }
    return redirect(`/images/${encodeURIComponent(imageId)}?error=${encodeURIComponent(message)}`, { headers });
  };
  const form = await request.formData();
  const tier = form.get("tier");
  if (!isEnhancementTier(tier)) return fail(400, "Choose one of the enhancement tiers.");
  try {
    await consume("enhancement", user.id);
    const job = await requestEnhancement(user.id, imageId, tier);
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
