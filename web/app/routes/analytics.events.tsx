/**
 * POST /analytics/events — the browser reports a page view here once the visitor has accepted
 * analytics. Without consent, or with DNT / GPC, the answer is the same 204 and nothing is stored.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiProblem, apiError, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";
import { clientIp, consume } from "../.server/platform/rate-limit.server.ts";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { ensureVisitorCookie } from "../.server/analytics/consent.server.ts";
import { pageViewSchema, recordPageView } from "../.server/analytics/collect.server.ts";

/** A page view is a path, a referrer and a title: a few kilobytes at most. */
export const MAX_EVENT_BYTES = 8 * 1024;

export function loader() {
  return methodNotAllowed(["POST"]);
}

async function readBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  // sendBeacon posts text/plain; both are read as JSON.
  if (type !== "application/json" && type !== "text/plain") throw new ApiProblem(apiError("bad_request", "Send the page view as JSON."));
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_EVENT_BYTES) throw new ApiProblem(apiError("payload_too_large", "The page view is too large."));
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > MAX_EVENT_BYTES) throw new ApiProblem(apiError("payload_too_large", "The page view is too large."));
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiProblem(apiError("bad_request", "The page view is not valid JSON."));
  }
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  return handleApi(async () => {
    await consume("analytics", clientIp(request));
    const raw = await readBody(request);
    const parsed = pageViewSchema.safeParse(raw);
    if (!parsed.success) throw new ApiProblem(apiError("validation_failed", "That is not a page view."));
    const visitor = ensureVisitorCookie(request);
    if (!visitor) return new Response(null, { status: 204 });
    const cookied = visitor.setCookie ? withCookie(request, visitor.setCookie) : request;
    const user = await getOptionalUser(request);
    await recordPageView(cookied, parsed.data, user?.id ?? null);
    return new Response(null, { status: 204, headers: visitor.setCookie ? { "Set-Cookie": visitor.setCookie } : undefined });
  }, (error) => recordServerError(error, { route: "/analytics/events" }));
}

/** The request as it will look once the browser holds the freshly issued visitor cookie. */
function withCookie(request: Request, setCookie: string): Request {
  const headers = new Headers(request.headers);
  const pair = setCookie.split(";")[0]!;
  headers.set("Cookie", [request.headers.get("Cookie"), pair].filter(Boolean).join("; "));
  return new Request(request.url, { method: "GET", headers });
}
