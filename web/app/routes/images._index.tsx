/** The image library: the user's photos newest first, the upload zone, and adding selected photos to an album. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { UploadZone } from "../components/images/upload-zone.tsx";
import { LibraryImages, LibraryPager, UploadResults } from "../components/images/library.tsx";
import { PageHeading } from "../components/ui.tsx";
import { AddedToAlbumNotice } from "../components/albums/added-to-album.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listImages, signedUrls } from "../.server/images/library.server.ts";
import { receiveUploads } from "../.server/images/receive.server.ts";
import { albumOptions } from "../.server/albums/albums.server.ts";

export const meta: MetaFunction = () => [{ title: "Images — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const library = await listImages(user.id, page);
  const images = await Promise.all(
    library.images.map(async (image) => ({
      id: image.id,
      name: image.name,
      width: image.originalWidth,
      height: image.originalHeight,
      thumb: (await signedUrls(image)).thumb,
    })),
  );
  const albums = await albumOptions(user.id);
  return { images, albums, total: library.total, page: library.page, pages: library.pages };
}

/**
 * The no-JavaScript path: the plain multipart form posts here and sees one line per file. The files
 * stream through the same upload reader as /images/upload, which answers per file rather than per form.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await receiveUploads(request, user.id);
  return data(
    { results: outcome.results.map((r) => (r.ok ? { name: r.name, ok: true as const } : { name: r.name, ok: false as const, error: r.error })), message: outcome.message ?? null },
    { status: outcome.status === 207 ? 200 : outcome.status },
  );
}

export default function ImagesPage() {
  const { images, albums, total, page, pages } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const revalidator = useRevalidator();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title="Images" description={`${total} photo${total === 1 ? "" : "s"} in your library. Only you can see them.`} />
      <AddedToAlbumNotice albums={albums} />
      <UploadZone onUploaded={() => revalidator.revalidate()} />
      {posted ? <UploadResults message={posted.message} results={posted.results} /> : null}
      <LibraryImages images={images} albums={albums} />
      <LibraryPager page={page} pages={pages} />
    </div>
  );
}
