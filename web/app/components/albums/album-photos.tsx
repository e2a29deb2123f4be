/**
 * The photos section of an album page: select all, the bulk form (remove, set as cover, move to
 * another album) and the ordered grid whose checkboxes belong to that form.
 */
import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import { Button } from "../ui.tsx";
import { AlbumImageGrid, type AlbumGridImage } from "./image-grid.tsx";

const BULK_FORM = "bulk-form";

export function AlbumPhotos({
  images,
  coverImageId,
  otherAlbums,
  busy,
}: {
  images: AlbumGridImage[];
  coverImageId: string | null;
  otherAlbums: Array<{ id: string; name: string }>;
  busy: boolean;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Photos that left the album since they were ticked no longer count.
  const visibleSelection = new Set([...selected].filter((imageId) => images.some((image) => image.id === imageId)));
  const toggle = (imageId: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(imageId);
      else next.delete(imageId);
      return next;
    });

  return (
    <section aria-labelledby="photos-heading" className="mt-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h2 id="photos-heading" className="text-lg font-semibold text-slate-900">
          Photos
        </h2>
        {images.length ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={visibleSelection.size === images.length}
              onChange={(event) => setSelected(event.target.checked ? new Set(images.map((image) => image.id)) : new Set())}
              className="h-4 w-4 rounded border-slate-300 text-brand-600"
            />
            Select all
          </label>
        ) : null}
      </div>
      {images.length ? (
        <>
          <p className="mt-1 text-sm text-slate-600">Drag a photo onto another to reorder, or use the arrow buttons.</p>
          <BulkActions selectedCount={visibleSelection.size} otherAlbums={otherAlbums} busy={busy} />
          <div className="mt-4">
            <AlbumImageGrid images={images} coverImageId={coverImageId} selected={visibleSelection} onToggle={toggle} formId={BULK_FORM} />
          </div>
        </>
      ) : (
        <p className="mt-4 text-slate-600">
          No photos in this album yet. Select photos in your <Link to="/images" className="font-semibold text-brand-700 hover:underline">library</Link> and add
          them here.
        </p>
      )}
    </section>
  );
}

function BulkActions({ selectedCount, otherAlbums, busy }: { selectedCount: number; otherAlbums: Array<{ id: string; name: string }>; busy: boolean }) {
  return (
    <Form method="post" id={BULK_FORM} className="mt-4 flex flex-wrap items-end gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <p className="w-full text-sm font-medium text-slate-800 sm:w-auto" aria-live="polite">
        {selectedCount} selected
      </p>
      <Button type="submit" name="intent" value="remove" variant="secondary" disabled={busy || selectedCount === 0}>
        Remove from album
      </Button>
      <Button type="submit" name="intent" value="cover" variant="secondary" disabled={busy || selectedCount !== 1}>
        Set as cover
      </Button>
      {otherAlbums.length ? (
        <div className="flex items-end gap-2">
          <div>
            <label htmlFor="toAlbumId" className="block text-sm font-medium text-slate-800">
              Move to
            </label>
            <select id="toAlbumId" name="toAlbumId" className="mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900">
              {otherAlbums.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" name="intent" value="move" variant="secondary" disabled={busy || selectedCount === 0}>
            Move
          </Button>
        </div>
      ) : null}
    </Form>
  );
}
