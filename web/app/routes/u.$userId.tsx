/**
 * GET /u/:userId — a member's public profile: name, avatar, PUBLIC albums and public photos.
 * UNLISTED and PRIVATE albums never appear here. An unknown user answers a friendly 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, PageHeading } from "../components/ui.tsx";
import { notFound } from "../.server/sharing/delivery.server.ts";
import { publicProfile } from "../.server/sharing/sharing.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  loaded ? [{ title: `${loaded.name} — Spike Land` }, { name: "description", content: `Public albums and photos by ${loaded.name}.` }] : [{ title: "Profile — Spike Land" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const profile = await publicProfile(params.userId ?? "");
  if (!profile) notFound("We could not find that profile.");
  return {
    id: profile.user.id,
    name: profile.user.name?.trim() || "A Spike Land member",
    avatar: profile.user.image,
    albums: profile.albums.map(({ id, name, description, shareToken, imageCount, cover }) => ({ id, name, description, shareToken, imageCount, cover })),
    images: profile.images.map(({ id, name, shareToken, viewCount, thumb }) => ({ id, name, shareToken, viewCount, thumb })),
  };
}

export default function PublicProfilePage() {
  const profile = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <div className="mb-2 flex items-center gap-4">
        {profile.avatar ? (
          <img src={profile.avatar} alt="" className="h-16 w-16 rounded-full object-cover ring-1 ring-slate-200" />
        ) : (
          <span aria-hidden="true" className="flex h-16 w-16 items-center justify-center rounded-full bg-brand-100 text-2xl font-bold text-brand-800">
            {profile.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="flex-1">
          <PageHeading title={profile.name} description="Public albums and photos." />
        </div>
      </div>

      <section aria-labelledby="albums-heading" className="mt-6">
        <h2 id="albums-heading" className="text-lg font-semibold text-slate-900">
          Albums
        </h2>
        {profile.albums.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No public albums yet.</p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {profile.albums.map((album) => (
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

      <section aria-labelledby="photos-heading" className="mt-10">
        <h2 id="photos-heading" className="text-lg font-semibold text-slate-900">
          Photos
        </h2>
        {profile.images.length === 0 ? (
          <Card className="mt-4">
            <p className="text-sm text-slate-600">No public photos yet.</p>
          </Card>
        ) : (
          <ul className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
            {profile.images.map((image) => (
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
    </div>
  );
}
