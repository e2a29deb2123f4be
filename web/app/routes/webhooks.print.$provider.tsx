/**
 * POST /webhooks/print/:provider (local | prodigi | printful): print provider status webhooks. The
 * local studio signs its body (X-Print-Signature); Prodigi and Printful do not sign their order
 * callbacks, so their registered URLs carry a secret `token` query parameter instead.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, apiJson, methodNotAllowed } from "../.server/http/api.server.ts";
import { receivePrintWebhook } from "../.server/merch/print-webhooks.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

const MAX_BODY_BYTES = 1024 * 1024;

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return apiJson({ error: { code: "bad_request", message: "The event is larger than 1 MB; order events never are." } }, { status: 413 });
  }
  const provider = params.provider ?? "";
  try {
    const result = await receivePrintWebhook(provider, await request.text(), new URL(request.url), request.headers);
    if (result.status === 200) return apiJson({ received: true, duplicate: result.duplicate, type: result.eventType });
    if (result.status === 401) return apiError("unauthorized", result.message);
    if (result.status === 404) return apiError("not_found", result.message);
    if (result.status === 503) return apiJson({ error: { code: "unavailable", message: result.message } }, { status: 503, headers: { "Retry-After": "5" } });
    return apiError("bad_request", result.message);
  } catch (error) {
    await recordServerError(error, { route: `/webhooks/print/${provider}` });
    // A 500 makes the provider send the event again later; nothing of it was kept.
    return apiError("internal", "The event could not be processed; it has been logged and will be retried.");
  }
}

export function loader() {
  return methodNotAllowed(["POST"]);
}
