/** The user's albums as a grid with covers, counts and privacy, and a form to create a new album. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { PageHeading } from "../components/ui.tsx";
import { ALBUM_PRIVACY } from "@spike-land/shared/api/albums";
import { AlbumList } from "../components/albums/album-list.tsx";
import { CreateAlbumForm } from "../components/albums/create-album-form.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { createAlbum, ensureDefaultAlbums, listAlbums } from "../.server/albums/albums.server.ts";

export const meta: MetaFunction = () => [{ title: "Albums — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await ensureDefaultAlbums(user.id);
  return { albums: await listAlbums(user.id), profilePath: `/u/${user.id}` };
}

const createSchema = z.object({
  name: z
    .string({ error: "Give the album a name." })
    .trim()
    .min(1, "Give the album a name.")
    .max(80, "Keep the album name under 80 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
  privacy: z.enum(ALBUM_PRIVACY, { error: "Choose who can see the album: private, unlisted or public." }).default("PRIVATE"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, createSchema, async (input) => {
    const album = await createAlbum(user.id, input);
    return redirect(`/albums/${album.id}`);
  });
}

export default function AlbumsPage() {
  const { albums, profilePath } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ lastResult: posted?.result, onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }) });
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Albums"
        description="Group your photos, order them, share them by link or publicly, and enhance a whole album in one go."
        actions={
          <Link to={profilePath} className="text-sm font-medium text-brand-700 hover:underline">
            Your public profile
          </Link>
        }
      />
      <AlbumList albums={albums} />
      <CreateAlbumForm form={form} fields={fields} busy={busy} />
    </div>
  );
}
