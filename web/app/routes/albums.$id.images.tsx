/**
 * POST /albums/:id/images — adds photos (repeated `imageIds` fields) from the library or an image page
 * to one of the user's albums, then goes back to the form's `redirectTo` (an internal path only). An
 * `albumId` field, when present, names the album: a form with an album select then works without
 * JavaScript whichever album its action points at.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser, safeRedirect } from "../.server/auth/guards.server.ts";
import { addImages, AlbumError } from "../.server/albums/albums.server.ts";

const addSchema = z.object({
  imageIds: z
    .array(z.string().trim().min(1, "Select at least one photo first.").max(64, "That photo id is not valid."))
    .min(1, "Select at least one photo first.")
    .max(1000, "Add at most 1000 photos at a time."),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const chosen = form.get("albumId");
  const albumId = typeof chosen === "string" && chosen.trim() ? chosen.trim() : (params.id ?? "");
  const back = safeRedirect(form.get("redirectTo"), `/albums/${encodeURIComponent(albumId)}`);
  const parsed = addSchema.safeParse({ imageIds: form.getAll("imageIds") });
  if (!parsed.success) {
    throw new Response(parsed.error.issues[0]?.message ?? "Select at least one photo first.", { status: 400 });
  }
  try {
    await addImages(user.id, albumId, parsed.data.imageIds);
  } catch (error) {
    if (error instanceof AlbumError) throw new Response(error.message, { status: error.status });
    throw error;
  }
  const target = new URL(back, "http://local");
  target.searchParams.set("addedTo", albumId);
  target.searchParams.set("count", String(new Set(parsed.data.imageIds).size));
  return redirect(`${target.pathname}${target.search}`);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect(`/albums/${encodeURIComponent(params.id ?? "")}`);
}
