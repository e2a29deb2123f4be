/**
 * GET /share/albums/:token/images/:imageId — one photo of a shared album, readable through the
 * album's link even without a link of its own. Views by anyone but the owner are counted.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SharedPhotoPage } from "../components/shared-photo.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { notFound } from "../.server/sharing/delivery.server.ts";
import { albumImageByToken, recordImageView, sharedPhotoView } from "../.server/sharing/sharing.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.photo.name ?? "Shared photo"} — Spike Land` },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await albumImageByToken(token, params.imageId ?? "");
  if (!found) notFound();
  const viewer = await getOptionalUser(request);
  const views = await recordImageView(found.image, viewer?.id ?? null);
  return data(
    { token, albumName: found.album.name, photo: sharedPhotoView(found.image, views, `/share/albums/${token}/images/${found.image.id}`) },
    { headers: { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" } },
  );
}

export default function SharedAlbumImagePage() {
  const { token, albumName, photo } = useLoaderData<typeof loader>();
  return (
    <SharedPhotoPage
      photo={photo}
      back={
        <Link to={`/share/albums/${token}`} className="text-sm font-medium text-brand-700 hover:underline">
          Back to {albumName}
        </Link>
      }
    />
  );
}
