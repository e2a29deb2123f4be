/** A member's public profile as it is shown: the header with the avatar, their PUBLIC albums and their public photos. */
import { Link } from "@remix-run/react";
import { Card, PageHeading } from "../ui.tsx";

export type ProfileAlbum = { id: string; name: string; shareToken: string | null; imageCount: number; cover: string | null };
export type ProfilePhoto = { id: string; name: string; shareToken: string | null; viewCount: number; thumb: string };

export function ProfileHeader({ name, avatar }: { name: string; avatar: string | null }) {
  return (
    <div className="mb-2 flex items-center gap-4">
      {avatar ? (
        <img src={avatar} alt="" className="h-16 w-16 rounded-full object-cover ring-1 ring-slate-200" />
      ) : (
        <span aria-hidden="true" className="flex h-16 w-16 items-center justify-center rounded-full bg-brand-100 text-2xl font-bold text-brand-800">
          {name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <div className="flex-1">
        <PageHeading title={name} description="Public albums and photos." />
      </div>
    </div>
  );
}

export function ProfileAlbums({ albums }: { albums: ProfileAlbum[] }) {
  return (
    <section aria-labelledby="albums-heading" className="mt-6">
      <h2 id="albums-heading" className="text-lg font-semibold text-slate-900">
        Albums
      </h2>
      {albums.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No public albums yet.</p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {albums.map((album) => (
            <li key={album.id}>
              <Link
                to={`/share/albums/${album.shareToken}`}
                className="group block overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                {album.cover ? (
                  <img src={album.cover} alt="" loading="lazy" className="aspect-[4/3] w-full bg-slate-100 object-cover transition group-hover:opacity-90" />
                ) : (
                  <div aria-hidden="true" className="flex aspect-[4/3] items-center justify-center bg-slate-100 text-sm text-slate-600">
                    No photos yet
                  </div>
                )}
                <div className="px-4 py-3">
                  <p className="font-semibold text-slate-900">{album.name}</p>
                  <p className="text-sm text-slate-600">
                    {album.imageCount} photo{album.imageCount === 1 ? "" : "s"}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ProfilePhotos({ images }: { images: ProfilePhoto[] }) {
  return (
    <section aria-labelledby="photos-heading" className="mt-10">
      <h2 id="photos-heading" className="text-lg font-semibold text-slate-900">
        Photos
      </h2>
      {images.length === 0 ? (
        <Card className="mt-4">
          <p className="text-sm text-slate-600">No public photos yet.</p>
        </Card>
      ) : (
        <ul className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {images.map((image) => (
            <li key={image.id}>
              <Link
                to={`/share/images/${image.shareToken}`}
                className="group block overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                <img src={image.thumb} alt={image.name} loading="lazy" className="aspect-square w-full bg-slate-100 object-cover transition group-hover:opacity-90" />
                <span className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span className="truncate font-medium text-slate-800">{image.name}</span>
                  <span className="shrink-0 text-slate-600">
                    {image.viewCount} view{image.viewCount === 1 ? "" : "s"}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
