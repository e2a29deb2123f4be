/**
 * POST /images/:id/enhance — charges the tier's tokens and queues an enhancement job, then goes to the
 * job's page. Failures go back to the image page with the message (or a JSON error for fetch calls).
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { codeForStatus } from "@spike-land/shared/errors";
import { replyMessage } from "../lib/form-reply.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { recordServerEvent } from "../.server/analytics/collect.server.ts";
import { consume } from "../.server/platform/rate-limit.server.ts";
import { apiError } from "../.server/http/api.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { withNotice } from "../.server/http/notice.server.ts";
import { requestEnhancement } from "../.server/jobs/requests.server.ts";

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
  const outcome = await handleForm(request, enhanceFormSchema, async ({ tier, pipelineId, sourceImageId }) => {
    await consume("enhancement", user.id);
    const job = await requestEnhancement(user.id, imageId, tier, { pipelineId, sourceImageId });
    await recordServerEvent(request, "enhancement", { userId: user.id, value: job.tokensCost, metadata: { jobId: job.id, tier: job.tier } });
    if (json) return Response.json({ job: { id: job.id, status: job.status, tier: job.tier, tokensCost: job.tokensCost } }, { status: 202 });
    return redirect(`/jobs/${job.id}`);
  });
  if (outcome instanceof Response) return outcome;

  // This endpoint has no page of its own: a refusal goes back to the image page (or to the fetch call).
  const status = outcome.init?.status ?? 400;
  const message = replyMessage(outcome.data)?.text ?? "Check the enhancement settings.";
  const retryAfter = new Headers(outcome.init?.headers).get("Retry-After");
  const headers: Record<string, string> = retryAfter ? { "Retry-After": retryAfter } : {};
  if (json) return apiError(codeForStatus(status), message, { headers });
  // A request limit says when to try again; going back to the page would only invite another try.
  if (retryAfter) return new Response(message, { status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  return redirect(withNotice(`/images/${encodeURIComponent(imageId)}`, message));
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/images/${encodeURIComponent(params.id ?? "")}`);
}
