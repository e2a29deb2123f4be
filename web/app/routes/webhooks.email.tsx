/**
 * POST /webhooks/email: delivery events from the email provider (Resend, signed with Svix headers):
 * delivered, opened, clicked, bounced and complained, recorded on the matching email log row.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, methodNotAllowed } from "../.server/http/api.server.ts";
import { receiveDeliveryEvent } from "../.server/email/delivery-events.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const MAX_BODY_BYTES = 256 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return apiJson({ error: { code: "bad_request", message: "The event is larger than 256 KB; delivery events never are." } }, { status: 413 });
  }
  try {
    const result = await receiveDeliveryEvent(env.RESEND_WEBHOOK_SECRET, await request.text(), request.headers);
    if (result.status === 200) return apiJson({ received: true, duplicate: result.duplicate, matched: result.matched, type: result.eventType });
    if (result.status === 401) return apiError("unauthorized", result.message);
    if (result.status === 503) return apiJson({ error: { code: "unavailable", message: result.message } }, { status: 503 });
    return apiError("bad_request", result.message);
  } catch (error) {
    await recordServerError(error, { route: "/webhooks/email" });
    return apiError("internal", "The event could not be processed; it has been logged and will be retried.");
  }
}

export function loader() {
  return methodNotAllowed(["POST"]);
}
