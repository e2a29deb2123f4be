/** The user's albums as cards: cover, name, privacy and photo count, each opening its album. */
import { Link } from "@remix-run/react";
import { Badge } from "../ui.tsx";
import { PRIVACY_LABEL, PRIVACY_TONE } from "./labels.ts";

export type AlbumCard = { id: string; name: string; privacy: string; coverThumb: string | null; imageCount: number; isDefault: boolean };

export function AlbumList({ albums }: { albums: AlbumCard[] }) {
  return (
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
  );
}
