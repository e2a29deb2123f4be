/** POST /webhooks/stripe: Stripe's (or the local emulator's) signed events. The body is read raw for the signature check. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, methodNotAllowed } from "../.server/http/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { receiveStripeWebhook } from "../.server/payments/webhook.server.ts";

/** Stripe's events are far smaller; anything bigger is not one of them. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return apiJson({ error: { code: "bad_request", message: "The event is larger than 1 MB; Stripe's events never are." } }, { status: 413 });
  }
  try {
    const result = await receiveStripeWebhook(await request.text(), request.headers.get("Stripe-Signature"));
    if (result.status === 200) return apiJson({ received: true, duplicate: result.duplicate, type: result.type });
    if (result.status === 503) return apiJson({ error: { code: "internal", message: result.message } }, { status: 503 });
    return apiError("bad_request", result.message);
  } catch (error) {
    await recordServerError(error, { route: "/webhooks/stripe" });
    // A 500 makes Stripe retry the delivery later; nothing of this event was kept.
    return apiError("internal", "The event could not be processed; it has been logged. Stripe will retry it.");
  }
}

export function loader() {
  return methodNotAllowed(["POST"]);
}
