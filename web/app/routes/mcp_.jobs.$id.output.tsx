/**
 * GET /mcp/jobs/:id/output — the picture an MCP generation job made, for its owner (their API key
 * as a bearer token, or their signed-in browser): a redirect to a fresh signed link. ?download=1 saves it.
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { generationOutput } from "../.server/mcp/generation-jobs.server.ts";
import { apiKeyOwner } from "../.server/mcp/server.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = (await apiKeyOwner(request)) ?? (await requireUser(request)).id;
  const jobId = params.id ?? "";
  const key = await generationOutput(userId, jobId);
  if (!key) throw new Response("Not found", { status: 404 });
  const download = new URL(request.url).searchParams.get("download") === "1";
  const url = await objectStorage().signedGetUrl(key, { expiresInSeconds: 600, ...(download ? { downloadName: `generated-${jobId}.jpg` } : {}) });
  return redirect(url, { headers: { "Cache-Control": "no-store" } });
}
