/** POST /images/upload — one or many photos as multipart; answers JSON with one result per file. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { receiveUploads } from "../.server/images/receive.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== "POST") return Response.json({ message: "Use POST to upload." }, { status: 405, headers: { Allow: "POST" } });
  const outcome = await receiveUploads(request, user.id);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (outcome.retryAfterSeconds) headers["Retry-After"] = String(outcome.retryAfterSeconds);
  return Response.json({ results: outcome.results, ...(outcome.message ? { message: outcome.message } : {}) }, { status: outcome.status, headers });
}

export function loader() {
  return new Response("Upload photos from your image library at /images.", { status: 405, headers: { Allow: "POST" } });
}
