/**
 * POST /albums/:id/images — adds photos (repeated `imageIds` fields) from the library or an image page
 * to one of the user's albums, then goes back to the form's `redirectTo` (an internal path only). An
 * `albumId` field, when present, names the album: a form with an album select then works without
 * JavaScript whichever album its action points at.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { replyMessage } from "../lib/form-reply.ts";
import { requireUser, safeRedirect } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { addImages } from "../.server/albums/albums.server.ts";

const addSchema = z.object({
  albumId: z.string().trim().optional(),
  redirectTo: z.string().optional(),
  imageIds: z
    .array(z.string().trim().min(1, "Select at least one photo first.").max(64, "That photo id is not valid."), { error: "Select at least one photo first." })
    .min(1, "Select at least one photo first.")
    .max(1000, "Add at most 1000 photos at a time."),
});

/** Where the browser goes back to, saying which album got how many photos. */
function backWith(back: string, albumId: string, imageIds: string[]): string {
  const target = new URL(back, "http://local");
  target.searchParams.set("addedTo", albumId);
  target.searchParams.set("count", String(new Set(imageIds).size));
  return `${target.pathname}${target.search}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await handleForm(
    request,
    addSchema,
    async (input) => {
      const albumId = input.albumId || (params.id ?? "");
      await addImages(user.id, albumId, input.imageIds);
      return redirect(backWith(safeRedirect(input.redirectTo, `/albums/${encodeURIComponent(albumId)}`), albumId, input.imageIds));
    },
    { notFoundIsPage: true },
  );
  if (outcome instanceof Response) return outcome;
  // This endpoint has no page of its own: a refused request is shown as an error page with its message.
  throw new Response(replyMessage(outcome.data)?.text ?? null, { status: outcome.init?.status ?? 400 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect(`/albums/${encodeURIComponent(params.id ?? "")}`);
}
