/**
 * The image library's pieces: the photo grid whose checkboxes feed the "Add to album" bar, the
 * per-file lines of an upload sent without JavaScript, and the newer / older page links.
 */
import { useState } from "react";
import { Form, Link, useLocation } from "@remix-run/react";
import { Button, FormMessage, cx } from "../ui.tsx";

export type LibraryImage = { id: string; name: string; thumb: string };
export type UploadLine = { name: string; ok: boolean; error?: string };

const ADD_FORM = "add-to-album";

/** The photos, selectable for adding to an album when the user has albums. */
export function LibraryImages({ images, albums }: { images: LibraryImage[]; albums: Array<{ id: string; name: string }> }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const chosen = images.filter((image) => selected.has(image.id));
  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = () => setSelected(chosen.length === images.length ? new Set() : new Set(images.map((image) => image.id)));

  if (!images.length) return <p className="mt-8 text-slate-600">No photos yet. Upload some to get started.</p>;
  return (
    <>
      {albums.length ? <AddToAlbumBar albums={albums} chosenCount={chosen.length} allChosen={chosen.length === images.length} onToggleAll={toggleAll} /> : null}
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
              form={ADD_FORM}
              checked={selected.has(image.id)}
              onChange={(event) => toggle(image.id, event.target.checked)}
              aria-label={`Select ${image.name}`}
              className="absolute bottom-2.5 left-3 h-4 w-4 rounded border-slate-300 text-brand-600"
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function AddToAlbumBar({
  albums,
  chosenCount,
  allChosen,
  onToggleAll,
}: {
  albums: Array<{ id: string; name: string }>;
  chosenCount: number;
  allChosen: boolean;
  onToggleAll: () => void;
}) {
  const location = useLocation();
  const [albumId, setAlbumId] = useState(albums[0]?.id ?? "");
  return (
    <Form method="post" id={ADD_FORM} action={`/albums/${albumId}/images`} className="mt-8 flex flex-wrap items-end gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <p className="w-full text-sm font-medium text-slate-800 sm:w-auto" aria-live="polite">
        {chosenCount} selected
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
      <Button type="submit" variant="secondary" disabled={chosenCount === 0}>
        Add to album
      </Button>
      <Button type="button" variant="ghost" onClick={onToggleAll}>
        {allChosen ? "Clear selection" : "Select all on this page"}
      </Button>
    </Form>
  );
}

/** What the plain upload form (no JavaScript) got back: the overall message and one line per file. */
export function UploadResults({ message, results }: { message: string | null; results: UploadLine[] }) {
  return (
    <div className="mt-4 space-y-2">
      {message ? <FormMessage>{message}</FormMessage> : null}
      {results.map((result, index) =>
        result.ok ? (
          <FormMessage key={index} tone="success">
            {result.name} uploaded.
          </FormMessage>
        ) : (
          <FormMessage key={index}>{result.error}</FormMessage>
        ),
      )}
    </div>
  );
}

export function LibraryPager({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="mt-8 flex items-center gap-4 text-sm">
      {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link to={`?page=${page + 1}`}>Older</Link> : null}
    </nav>
  );
}
