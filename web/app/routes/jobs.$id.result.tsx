/** GET /jobs/:id/result — the owner's enhanced image (a fresh signed URL); ?download=1 saves it. */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { findJob } from "../.server/jobs/views.server.ts";
import { findImage } from "../.server/images/library.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await findJob(user.id, params.id ?? "");
  if (!job) throw new Response("Not found", { status: 404 });
  const download = new URL(request.url).searchParams.get("download") === "1";
  const which = new URL(request.url).searchParams.get("which") === "original" ? "original" : "enhanced";
  const key = which === "original" ? ((await findImage(user.id, job.imageId))?.originalR2Key ?? null) : job.enhancedR2Key;
  if (!key || (which === "enhanced" && job.status !== "COMPLETED")) throw new Response("Not ready", { status: 404 });
  const name = which === "original" ? `original-${job.imageId}.jpg` : `enhanced-${job.id}.jpg`;
  const url = await objectStorage().signedGetUrl(key, { expiresInSeconds: 600, ...(download ? { downloadName: name } : {}) });
  return redirect(url, { headers: { "Cache-Control": "no-store" } });
}
