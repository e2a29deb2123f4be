/**
 * GET /u/:userId — a member's public profile: name, avatar, PUBLIC albums and public photos.
 * UNLISTED and PRIVATE albums never appear here. An unknown user answers a friendly 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProfileAlbums, ProfileHeader, ProfilePhotos } from "../components/gallery/profile.tsx";
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
      <ProfileHeader name={profile.name} avatar={profile.avatar} />
      <ProfileAlbums albums={profile.albums} />
      <ProfilePhotos images={profile.images} />
    </div>
  );
}
