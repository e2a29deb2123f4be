/** The image library: the user's photos newest first, the upload zone, and adding selected photos to an album. */
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { UploadZone } from "../components/images/upload-zone.tsx";
import { Button, FormMessage, PageHeading, cx } from "../components/ui.tsx";
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

/** The no-JavaScript path: the plain multipart form posts here and sees one line per file. */
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
  const location = useLocation();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [albumId, setAlbumId] = useState(albums[0]?.id ?? "");
  const chosen = images.filter((image) => selected.has(image.id));
  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title="Images" description={`${total} photo${total === 1 ? "" : "s"} in your library. Only you can see them.`} />
      <AddedToAlbumNotice albums={albums} />
      <UploadZone onUploaded={() => revalidator.revalidate()} />
      {posted ? (
        <div className="mt-4 space-y-2">
          {posted.message ? <FormMessage>{posted.message}</FormMessage> : null}
          {posted.results.map((result, index) =>
            result.ok ? (
              <FormMessage key={index} tone="success">
                {result.name} uploaded.
              </FormMessage>
            ) : (
              <FormMessage key={index}>{result.error}</FormMessage>
            ),
          )}
        </div>
      ) : null}
      {images.length && albums.length ? (
        <Form
          method="post"
          id="add-to-album"
          action={`/albums/${albumId}/images`}
          className="mt-8 flex flex-wrap items-end gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
        >
          <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
          <p className="w-full text-sm font-medium text-slate-800 sm:w-auto" aria-live="polite">
            {chosen.length} selected
          </p>
          <div>
            <label htmlFor="add-album" className="block text-sm font-medium text-slate-800">
              Album
            </label>
            <select
              id="add-album"
              name="albumId"
              value={albumId}
              onChange={(event) => setAlbumId(event.target.value)}
              className="mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
            >
              {albums.map((album) => (
                <option key={album.id} value={album.id}>
                  {album.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={chosen.length === 0}>
            Add to album
          </Button>
          <Button type="button" variant="ghost" onClick={() => setSelected(chosen.length === images.length ? new Set() : new Set(images.map((image) => image.id)))}>
            {chosen.length === images.length ? "Clear selection" : "Select all on this page"}
          </Button>
        </Form>
      ) : null}
      {images.length ? (
        <ul aria-label="Your images" className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {images.map((image) => (
            <li
              key={image.id}
              data-testid="library-image"
              className={cx("relative overflow-hidden rounded-xl bg-white ring-1", selected.has(image.id) ? "ring-2 ring-brand-600" : "ring-slate-200")}
            >
              <Link to={`/images/${image.id}`} className="group block hover:opacity-95">
                <img src={image.thumb} alt={image.name} loading="lazy" className="aspect-square w-full bg-slate-100 object-cover" />
                <span className="block truncate px-3 py-2 pl-10 text-sm font-medium text-slate-800 group-hover:text-brand-700">{image.name}</span>
              </Link>
              <input
                type="checkbox"
                name="imageIds"
                value={image.id}
                form="add-to-album"
                checked={selected.has(image.id)}
                onChange={(event) => toggle(image.id, event.target.checked)}
                aria-label={`Select ${image.name}`}
                className="absolute bottom-2.5 left-3 h-4 w-4 rounded border-slate-300 text-brand-600"
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-8 text-slate-600">No photos yet. Upload some to get started.</p>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-8 flex items-center gap-4 text-sm">
          {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
