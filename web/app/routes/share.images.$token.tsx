/**
 * GET /share/images/:token — a shared photo for anyone holding its link, signed in or not. Each view
 * by someone other than the owner is counted. Unknown or revoked tokens answer a friendly 404.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SharedPhotoPage } from "../components/shared-photo.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { notFound } from "../.server/sharing/delivery.server.ts";
import { imageByToken, recordImageView, sharedPhotoView } from "../.server/sharing/sharing.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.photo.name ?? "Shared photo"} — Spike Land` },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const image = await imageByToken(token);
  if (!image) notFound();
  const viewer = await getOptionalUser(request);
  const views = await recordImageView(image, viewer?.id ?? null);
  return data(
    { photo: sharedPhotoView(image, views, `/share/images/${token}`), isOwner: viewer?.id === image.userId, imageId: viewer?.id === image.userId ? image.id : null },
    { headers: { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" } },
  );
}

export default function SharedImagePage() {
  const { photo, imageId } = useLoaderData<typeof loader>();
  return (
    <SharedPhotoPage
      photo={photo}
      back={
        imageId ? (
          <a href={`/images/${imageId}`} className="text-sm font-medium text-brand-700 hover:underline">
            Manage this photo
          </a>
        ) : undefined
      }
    />
  );
}
