/** The user's albums as a grid with covers, counts and privacy, and a form to create a new album. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Badge, Button, Card, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { ALBUM_PRIVACY_CHOICES, PRIVACY_LABEL, PRIVACY_TONE } from "../components/albums.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { AlbumError, createAlbum, ensureDefaultAlbums, listAlbums } from "../.server/albums/albums.server.ts";

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
  privacy: z.enum(ALBUM_PRIVACY_CHOICES, { error: "Choose who can see the album: private, unlisted or public." }).default("PRIVATE"),
});

type FieldErrors = Partial<Record<"name" | "description" | "privacy", string[]>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const parsed = createSchema.safeParse({
    name: form.get("name") ?? undefined,
    description: form.get("description") ?? undefined,
    privacy: form.get("privacy") || undefined,
  });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) (errors[issue.path[0] as keyof FieldErrors] ??= []).push(issue.message);
    return data({ errors, message: null as string | null }, { status: 400 });
  }
  try {
    const album = await createAlbum(user.id, parsed.data);
    return redirect(`/albums/${album.id}`);
  } catch (error) {
    if (error instanceof AlbumError) return data({ errors: { name: [error.message] } as FieldErrors, message: null }, { status: error.status });
    throw error;
  }
}

export default function AlbumsPage() {
  const { albums, profilePath } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
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
      <ul aria-label="Your albums" className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3">
        {albums.map((album) => (
          <li key={album.id} data-testid="album-card">
            <Link
              to={`/albums/${album.id}`}
              className="group block overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              {album.coverThumb ? (
                <img src={album.coverThumb} alt="" loading="lazy" className="aspect-[4/3] w-full bg-slate-100 object-cover" />
              ) : (
                <div className="flex aspect-[4/3] w-full items-center justify-center bg-slate-100 text-sm text-slate-600">No photos yet</div>
              )}
              <div className="space-y-1 p-4">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate font-semibold text-slate-900 group-hover:text-brand-700">{album.name}</span>
                  <Badge tone={PRIVACY_TONE[album.privacy]}>{PRIVACY_LABEL[album.privacy]}</Badge>
                </div>
                <p className="text-sm text-slate-600">
                  {album.imageCount} photo{album.imageCount === 1 ? "" : "s"}
                  {album.isDefault ? " · default album" : ""}
                </p>
              </div>
            </Link>
          </li>
        ))}
      </ul>

      <Card className="mt-10 max-w-2xl">
        <h2 className="text-lg font-semibold text-slate-900">Create an album</h2>
        <Form method="post" className="mt-4 space-y-4" noValidate>
          {posted?.message ? <FormMessage>{posted.message}</FormMessage> : null}
          <Field label="Name" errors={posted?.errors.name} inputProps={{ id: "album-name", name: "name", required: true, maxLength: 80, autoComplete: "off" }} />
          <Field
            label="Description (optional)"
            errors={posted?.errors.description}
            inputProps={{ id: "album-description", name: "description", maxLength: 2000, autoComplete: "off" }}
          />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Who can see it</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {ALBUM_PRIVACY_CHOICES.map((privacy) => (
                <label key={privacy} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="radio" name="privacy" value={privacy} defaultChecked={privacy === "PRIVATE"} className="h-4 w-4 text-brand-600" />
                  {PRIVACY_LABEL[privacy]}
                </label>
              ))}
            </div>
            {posted?.errors.privacy ? <p className="mt-1 text-sm font-medium text-red-700">{posted.errors.privacy[0]}</p> : null}
          </fieldset>
          <Button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create album"}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
