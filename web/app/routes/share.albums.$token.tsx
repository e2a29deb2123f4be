/**
 * GET /share/albums/:token — an UNLISTED or PUBLIC album for anyone with its link: title, description,
 * owner and a grid of its photos. A PRIVATE album, or a wrong or revoked token, answers a friendly 404.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, PageHeading } from "../components/ui.tsx";
import { OwnerBadge } from "../components/shared-photo.tsx";
import { notFound } from "../.server/sharing/delivery.server.ts";
import { albumByToken } from "../.server/sharing/sharing.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.album.name ?? "Shared album"} — Spike Land` },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const album = await albumByToken(token);
  if (!album) notFound("We could not find that album. The link may have been turned off.");
  return data(
    {
      token,
      album: { name: album.name, description: album.description, privacy: album.privacy },
      owner: { id: album.user.id, name: album.user.name?.trim() || "A Spike Land member", avatar: album.user.image },
      images: album.images,
    },
    { headers: { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" } },
  );
}

export default function SharedAlbumPage() {
  const { token, album, owner, images } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title={album.name} description={album.description ?? undefined} actions={<OwnerBadge owner={owner} />} />
      <p className="mb-6 text-sm text-slate-600">
        {images.length} photo{images.length === 1 ? "" : "s"}
      </p>
      {images.length === 0 ? (
        <Card>
          <p className="text-slate-700">This album is empty for now.</p>
        </Card>
      ) : (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {images.map((image) => (
            <li key={image.id}>
              <Link
                to={`/share/albums/${token}/images/${image.id}`}
                className="group block overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                <img src={image.thumb} alt={image.name} loading="lazy" className="aspect-square w-full bg-slate-100 object-cover transition group-hover:opacity-90" />
                <span className="block truncate px-3 py-2 text-sm font-medium text-slate-800">{image.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
