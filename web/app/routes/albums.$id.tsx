/**
 * One album for its owner: the photos in order (drag or move buttons), bulk remove / move / cover,
 * name and description, privacy with the share link, default tier and pipeline, and "Enhance all".
 */
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { CopyLinkField } from "../components/copy-link.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Badge, Button, Card, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { PipelinePicker } from "../components/pipeline-picker.tsx";
import { AlbumImageGrid } from "../components/album-image-grid.tsx";
import { ALBUM_PRIVACY_CHOICES, PRIVACY_HINT, PRIVACY_LABEL, PRIVACY_TONE } from "../components/albums.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import {
  albumImages,
  albumOptions,
  deleteAlbum,
  enhanceAll,
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
    z.object({ intent: z.literal("privacy"), privacy: z.enum(ALBUM_PRIVACY_CHOICES, { error: "Choose private, unlisted or public." }) }),
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

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

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
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batchTier, setBatchTier] = useState<EnhancementTier>(album.defaultTier);
  const visibleSelection = new Set([...selected].filter((imageId) => images.some((image) => image.id === imageId)));
  const total = (costs.find((row) => row.tier === batchTier)?.cost ?? 0) * images.length;
  const affordable = total <= balance;
  const toggle = (imageId: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(imageId);
      else next.delete(imageId);
      return next;
    });

  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={album.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={PRIVACY_TONE[album.privacy]}>{PRIVACY_LABEL[album.privacy]}</Badge>
            <span>{plural(images.length, "photo")}</span>
            {album.description ? <span>· {album.description}</span> : null}
          </span>
        }
        actions={
          <Link to="/albums" className="text-sm font-semibold text-brand-700 hover:underline">
            All albums
          </Link>
        }
      />
      <ReplyMessage reply={posted} />

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
            <Form method="post" id="bulk-form" className="mt-4 flex flex-wrap items-end gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
              <p className="w-full text-sm font-medium text-slate-800 sm:w-auto" aria-live="polite">
                {visibleSelection.size} selected
              </p>
              <Button type="submit" name="intent" value="remove" variant="secondary" disabled={busy || visibleSelection.size === 0}>
                Remove from album
              </Button>
              <Button type="submit" name="intent" value="cover" variant="secondary" disabled={busy || visibleSelection.size !== 1}>
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
                  <Button type="submit" name="intent" value="move" variant="secondary" disabled={busy || visibleSelection.size === 0}>
                    Move
                  </Button>
                </div>
              ) : null}
            </Form>
            <div className="mt-4">
              <AlbumImageGrid images={images} coverImageId={album.coverImageId} selected={visibleSelection} onToggle={toggle} formId="bulk-form" />
            </div>
          </>
        ) : (
          <p className="mt-4 text-slate-600">
            No photos in this album yet. Select photos in your <Link to="/images" className="font-semibold text-brand-700 hover:underline">library</Link> and add
            them here.
          </p>
        )}
      </section>

      <div className="mt-10 grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold text-slate-900">Enhance all</h2>
          <p className="mt-1 text-sm text-slate-600">Starts one enhancement job per photo as a single batch and shows its progress.</p>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="enhance" />
            <div>
              <label htmlFor="batch-tier" className="block text-sm font-medium text-slate-800">
                Quality
              </label>
              <select
                id="batch-tier"
                name="tier"
                value={batchTier}
                onChange={(event) => setBatchTier(event.target.value as EnhancementTier)}
                className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
              >
                {costs.map((row) => (
                  <option key={row.tier} value={row.tier}>
                    {row.label} — {row.cost === 0 ? "free" : plural(row.cost, "token")} per photo
                  </option>
                ))}
              </select>
            </div>
            <PipelinePicker pipelines={pipelines} defaultValue={album.pipelineId} id="batch-pipeline" />
            <p className="text-sm text-slate-700" data-testid="batch-cost">
              {plural(images.length, "photo")} · total <strong>{plural(total, "token")}</strong> · your balance {balance}
            </p>
            {!affordable ? <FormMessage tone="info">This batch needs {plural(total, "token")} and you have {balance}.</FormMessage> : null}
            <Button type="submit" disabled={busy || images.length === 0 || !affordable}>
              Enhance all {images.length ? `(${plural(total, "token")})` : ""}
            </Button>
          </Form>
        </Card>

        <Card>
          <h2 className="text-lg font-semibold text-slate-900">Who can see it</h2>
          <p className="mt-1 text-sm text-slate-600">{PRIVACY_HINT[album.privacy]}</p>
          {album.isDefault ? (
            <p className="mt-3 text-sm text-slate-600">This is one of your default albums, so its privacy is fixed. Create an album for other settings.</p>
          ) : (
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="privacy" />
              <fieldset>
                <legend className="sr-only">Privacy</legend>
                <div className="flex flex-wrap gap-4">
                  {ALBUM_PRIVACY_CHOICES.map((privacy) => (
                    <label key={privacy} className="flex items-center gap-2 text-sm text-slate-700">
                      <input type="radio" name="privacy" value={privacy} defaultChecked={album.privacy === privacy} className="h-4 w-4 text-brand-600" />
                      {PRIVACY_LABEL[privacy]}
                    </label>
                  ))}
                </div>
              </fieldset>
              <Button type="submit" variant="secondary" className="mt-3" disabled={busy}>
                Save privacy
              </Button>
            </Form>
          )}
          {album.sharePath ? <div className="mt-4"><CopyLinkField id="share-link" label="Share link" link={`${origin}${album.sharePath}`} hint="Anyone with this link can view the album." /></div> : null}
        </Card>

        <Card>
          <h2 className="text-lg font-semibold text-slate-900">Details</h2>
          <Form method="post" className="mt-4 space-y-4" key={`${album.name}|${album.description ?? ""}`}>
            <input type="hidden" name="intent" value="rename" />
            {album.isDefault ? (
              <>
                <input type="hidden" name="name" value={album.name} />
                <p className="text-sm text-slate-600">Default albums keep their name; you can change the description.</p>
              </>
            ) : (
              <Field label="Name" inputProps={{ id: "album-name", name: "name", defaultValue: album.name, required: true, maxLength: 80 }} />
            )}
            <Field label="Description" inputProps={{ id: "album-description", name: "description", defaultValue: album.description ?? "", maxLength: 2000 }} />
            <Button type="submit" variant="secondary" disabled={busy}>
              Save details
            </Button>
          </Form>
        </Card>

        <Card>
          <h2 className="text-lg font-semibold text-slate-900">Enhancement defaults</h2>
          <p className="mt-1 text-sm text-slate-600">The quality and pipeline "Enhance all" starts with.</p>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="defaults" />
            <div>
              <label htmlFor="default-tier" className="block text-sm font-medium text-slate-800">
                Default quality
              </label>
              <select id="default-tier" name="defaultTier" defaultValue={album.defaultTier} className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900">
                {costs.map((row) => (
                  <option key={row.tier} value={row.tier}>
                    {row.label}
                  </option>
                ))}
              </select>
            </div>
            <PipelinePicker pipelines={pipelines} defaultValue={album.pipelineId} id="default-pipeline" label="Default pipeline" />
            <Button type="submit" variant="secondary" disabled={busy}>
              Save defaults
            </Button>
          </Form>
        </Card>
      </div>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold text-slate-900">Delete album</h2>
        {album.isDefault ? (
          <p className="mt-1 text-sm text-slate-600">Default albums cannot be deleted.</p>
        ) : (
          <Form
            method="post"
            className="mt-3 flex flex-wrap items-center gap-4"
            onSubmit={(event) => {
              if (!window.confirm(`Delete the album "${album.name}"? Its photos stay in your library.`)) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <p className="text-sm text-slate-600">The photos stay in your library; only the album goes.</p>
            <Button type="submit" variant="danger" disabled={busy}>
              Delete album
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
