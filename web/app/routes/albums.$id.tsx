/**
 * One album for its owner: the photos in order (drag or move buttons), bulk remove / move / cover,
 * name and description, privacy with the share link, default tier and pipeline, and "Enhance all".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { ReplyMessage } from "../components/form-reply.tsx";
import { ALBUM_PRIVACY } from "@spike-land/shared/api/albums";
import { PRIVACY_LABEL, plural } from "../components/albums/labels.ts";
import { AlbumPhotos } from "../components/albums/album-photos.tsx";
import { AlbumHeading, DefaultsCard, DeleteAlbumCard, DetailsCard, EnhanceAllCard, PrivacyCard } from "../components/albums/album-settings.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import {
  albumImages,
  albumOptions,
  deleteAlbum,
  isDefaultAlbum,
  moveImages,
  removeImages,
  renameAlbum,
  reorder,
  requireAlbum,
  setCover,
  setDefaults,
  setPrivacy,
  shiftImage,
} from "../.server/albums/albums.server.ts";
import { enhanceAll } from "../.server/albums/batches.server.ts";
import { listUsablePipelines } from "../.server/pipelines/pipelines.server.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";
import { consume } from "../.server/platform/rate-limit.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.album.name ?? "Album"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const album = await orPageError(requireAlbum(user.id, params.id ?? ""));
  const [images, albums, pipelines, balance] = await Promise.all([
    albumImages(user.id, album.id),
    albumOptions(user.id),
    listUsablePipelines(user.id),
    peekBalance(user.id),
  ]);
  return {
    album: {
      id: album.id,
      name: album.name,
      description: album.description,
      privacy: album.privacy,
      sharePath: album.shareToken ? `/share/albums/${album.shareToken}` : null,
      coverImageId: album.coverImageId,
      defaultTier: album.defaultTier,
      pipelineId: album.pipelineId,
      isDefault: isDefaultAlbum(album),
    },
    origin: new URL(request.url).origin,
    images,
    otherAlbums: albums.filter((other) => other.id !== album.id),
    pipelines,
    balance: balance?.balance ?? 0,
    costs: ENHANCEMENT_TIERS.map((tier) => ({ tier, label: ENHANCEMENT_LABEL[tier], cost: ENHANCEMENT_COST[tier] })),
  };
}

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, "That id is not valid.");
const imageIds = z.array(id("Select at least one photo first."), { error: "Select at least one photo first." }).min(1, "Select at least one photo first.").max(1000, "Select at most 1000 photos at a time.");
const optionalPipeline = z
  .string()
  .trim()
  .max(64, "That pipeline id is not valid.")
  .optional()
  .transform((value) => value || null);
const tier = z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers." });

const intents = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("rename"),
      name: z.string({ error: "Give the album a name." }).trim().min(1, "Give the album a name.").max(80, "Keep the album name under 80 characters."),
      description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
    }),
    z.object({ intent: z.literal("privacy"), privacy: z.enum(ALBUM_PRIVACY, { error: "Choose private, unlisted or public." }) }),
    z.object({ intent: z.literal("defaults"), defaultTier: tier, pipelineId: optionalPipeline }),
    z.object({ intent: z.literal("enhance"), tier, pipelineId: optionalPipeline }),
    z.object({ intent: z.literal("reorder"), orderedImageIds: imageIds }),
    z.object({ intent: z.literal("shift"), imageId: id("Choose a photo to move."), direction: z.enum(["up", "down"], { error: "Move a photo up or down." }) }),
    z.object({ intent: z.literal("remove"), imageIds }),
    z.object({ intent: z.literal("move"), imageIds, toAlbumId: id("Choose the album to move the photos to.") }),
    z.object({ intent: z.literal("cover"), imageIds: imageIds.refine((ids) => ids.length === 1, "Select exactly one photo to use as the cover.") }),
    z.object({ intent: z.literal("delete") }),
  ],
  { error: "That action is not one this page offers." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const album = await orPageError(requireAlbum(user.id, params.id ?? ""));
  return handleForm(
    request,
    intents,
    async (input) => {
      switch (input.intent) {
        case "rename":
          await renameAlbum(user.id, album.id, input);
          return "Album details saved.";
        case "privacy":
          await setPrivacy(user.id, album.id, input.privacy);
          return `The album is now ${PRIVACY_LABEL[input.privacy]!.toLowerCase()}.`;
        case "defaults":
          await setDefaults(user.id, album.id, input);
          return "Enhancement defaults saved.";
        case "enhance": {
          await consume("albumBatch", user.id);
          const batch = await enhanceAll(user.id, album.id, { tier: input.tier, pipelineId: input.pipelineId });
          return redirect(`/albums/${album.id}/batches/${batch.batchId}`);
        }
        case "reorder":
          await reorder(user.id, album.id, input.orderedImageIds);
          return "New order saved.";
        case "shift":
          await shiftImage(user.id, album.id, input.imageId, input.direction === "up" ? -1 : 1);
          return "New order saved.";
        case "remove": {
          const { removed } = await removeImages(user.id, album.id, input.imageIds);
          return `${plural(removed, "photo")} removed from the album; they are still in your library.`;
        }
        case "move": {
          const { moved } = await moveImages(user.id, album.id, input.toAlbumId, input.imageIds);
          return `${plural(moved, "photo")} moved.`;
        }
        case "cover":
          await setCover(user.id, album.id, input.imageIds[0]!);
          return "Cover photo set.";
        case "delete":
          await deleteAlbum(user.id, album.id);
          return redirect("/albums");
      }
    },
    {
      // A missing target album or image reads exactly like a missing album: nothing leaks.
      notFoundIsPage: true,
      explain: (error) => (error.code === "rate_limited" ? `You can start 5 album batches a minute. ${error.message}` : undefined),
    },
  );
}

export default function AlbumPage() {
  const { album, origin, images, otherAlbums, pipelines, balance, costs } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <AlbumHeading album={album} photoCount={images.length} />
      <ReplyMessage reply={posted} />
      <AlbumPhotos images={images} coverImageId={album.coverImageId} otherAlbums={otherAlbums} busy={busy} />
      <div className="mt-10 grid gap-6 lg:grid-cols-2">
        <EnhanceAllCard album={album} photoCount={images.length} pipelines={pipelines} balance={balance} costs={costs} busy={busy} />
        <PrivacyCard album={album} origin={origin} busy={busy} />
        <DetailsCard album={album} busy={busy} />
        <DefaultsCard album={album} pipelines={pipelines} costs={costs} busy={busy} />
      </div>
      <DeleteAlbumCard album={album} busy={busy} />
    </div>
  );
}
