/** GET /jobs/:id/result — the owner's enhanced image (a fresh signed URL); ?download=1 saves it. */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../.server/auth/guards.server.ts";
import { findJob } from "../.server/jobs/views.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await findJob(user.id, params.id ?? "");
  if (!job) throw new Response("Not found", { status: 404 });
  const download = new URL(request.url).searchParams.get("download") === "1";
  const which = new URL(request.url).searchParams.get("which") === "original" ? "original" : "enhanced";
  let key = job.enhancedR2Key;
  if (which === "original") {
    const image = await prisma.enhancedImage.findUnique({ where: { id: job.imageId }, select: { originalR2Key: true } });
    key = image?.originalR2Key ?? null;
  }
  if (!key || (which === "enhanced" && job.status !== "COMPLETED")) throw new Response("Not ready", { status: 404 });
  const name = which === "original" ? `original-${job.imageId}.jpg` : `enhanced-${job.id}.jpg`;
  const url = await objectStorage().signedGetUrl(key, { expiresInSeconds: 600, ...(download ? { downloadName: name } : {}) });
  return redirect(url, { headers: { "Cache-Control": "no-store" } });
}
