/**
 * One photo: the original (signed URL), its facts, download, rename, delete, the Enhance form (tier,
 * pipeline, optional blend), "Add to album", and the Sharing panel (public toggle, share link, views).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { formatBytes } from "@spike-land/shared/images/limits";
import { CopyLinkField } from "../components/copy-link.tsx";
import { AddedToAlbumNotice } from "../components/albums/added-to-album.tsx";
import { JOB_STATUS_TONE } from "../components/jobs.ts";
import { Badge, Button, Card, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { PipelinePicker } from "../components/pipelines/pipeline-picker.tsx";
import { readNotice } from "../.server/http/notice.server.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { deleteImage, requireImage, signedUrls, updateImage } from "../.server/images/library.server.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";
import { prisma } from "../.server/platform/db.server.ts";
import { appUrlFor } from "../.server/platform/env.server.ts";
import { albumOptions } from "../.server/albums/albums.server.ts";
import { listUsablePipelines } from "../.server/pipelines/pipelines.server.ts";
import { imageSharing, setImagePublic, setImageSharing } from "../.server/sharing/sharing.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.image.name ?? "Image"} — Spike Land` }];

const FORMAT_NAMES: Record<string, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF", heif: "HEIC" };

/** The size an enhancement produces: the longest edge scaled to the tier's, keeping the aspect ratio. */
function enhancedSize(width: number, height: number, tier: EnhancementTier) {
  const scale = ENHANCEMENT_LONGEST_EDGE[tier] / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const image = await requireImage(user.id, params.id ?? "");
  const [urls, balance, sharing, albums, pipelines, jobs, blendSources] = await Promise.all([
    signedUrls(image),
    peekBalance(user.id),
    imageSharing(user.id, image.id),
    albumOptions(user.id),
    listUsablePipelines(user.id),
    prisma.imageEnhancementJob.findMany({
      where: { userId: user.id, imageId: image.id },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, tier: true, status: true, createdAt: true, enhancedWidth: true, enhancedHeight: true, isBlend: true },
    }),
    prisma.enhancedImage.findMany({
      where: { userId: user.id, id: { not: image.id } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, name: true },
    }),
  ]);
  const sharePath = sharing?.shareToken ? `/share/images/${sharing.shareToken}` : null;
  // The enhance route sends people back here with ?error= when it cannot start a job.
  const enhanceError = readNotice(request);
  return {
    enhanceError,
    image: {
      id: image.id,
      name: image.name,
      description: image.description,
      width: image.originalWidth,
      height: image.originalHeight,
      size: image.originalSizeBytes,
      format: FORMAT_NAMES[image.originalFormat] ?? image.originalFormat.toUpperCase(),
      createdAt: image.createdAt.toISOString(),
    },
    urls,
    balance: balance?.balance ?? 0,
    sharing: {
      isPublic: sharing?.isPublic ?? false,
      viewCount: sharing?.viewCount ?? 0,
      sharePath,
      shareUrl: sharePath ? `${appUrlFor(request)}${sharePath}` : null,
      profilePath: `/u/${user.id}`,
    },
    albums,
    jobs: jobs.map((job) => ({ ...job, tierName: ENHANCEMENT_LABEL[job.tier], createdAt: job.createdAt.toISOString() })),
    pipelines,
    blendSources,
    tiers: ENHANCEMENT_TIERS.map((tier) => ({ tier, name: ENHANCEMENT_LABEL[tier], cost: ENHANCEMENT_COST[tier], ...enhancedSize(image.originalWidth, image.originalHeight, tier) })),
  };
}

const renameSchema = z.object({
  name: z.string().trim().min(1, "Give the photo a name.").max(200, "Keep the name under 200 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
});

const publicSchema = z.object({
  isPublic: z.enum(["true", "false"], { error: "Choose whether the photo is public." }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const image = await requireImage(user.id, params.id ?? "");
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete") {
    await deleteImage(user.id, image.id);
    return redirect("/images");
  }
  if (intent === "rename") {
    const parsed = renameSchema.safeParse({ name: form.get("name") ?? "", description: form.get("description") ?? "" });
    if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]?.message ?? "Check the name." }, { status: 400 });
    await updateImage(user.id, image.id, { name: parsed.data.name, description: parsed.data.description || null });
    return data({ ok: true, message: "Saved." });
  }
  if (intent === "share" || intent === "unshare") {
    const shared = intent === "share";
    await setImageSharing(user.id, image.id, { shared });
    return data({ ok: true, section: "sharing", message: shared ? "Share link created." : "Share link turned off. The old link no longer works." });
  }
  if (intent === "public") {
    const parsed = publicSchema.safeParse({ isPublic: form.get("isPublic") ?? undefined });
    if (!parsed.success) return data({ ok: false, section: "sharing", message: parsed.error.issues[0]?.message ?? "Choose public or private." }, { status: 400 });
    const isPublic = parsed.data.isPublic === "true";
    await setImagePublic(user.id, image.id, isPublic);
    return data({ ok: true, section: "sharing", message: isPublic ? "This photo is now on your public profile." : "This photo is no longer on your public profile." });
  }
  return data({ ok: false, message: "Unknown action." }, { status: 400 });
}

type ActionResult = { ok: boolean; message: string; section?: string };


function SharingPanel({ sharing, result }: { sharing: { isPublic: boolean; viewCount: number; sharePath: string | null; shareUrl: string | null; profilePath: string }; result: ActionResult | null }) {
  return (
    <Card>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Sharing</h2>
        <Badge tone={sharing.isPublic ? "green" : sharing.sharePath ? "brand" : "slate"}>
          {sharing.isPublic ? "Public" : sharing.sharePath ? "Link only" : "Private"}
        </Badge>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Viewed <span data-testid="image-views">{sharing.viewCount}</span> time{sharing.viewCount === 1 ? "" : "s"} by others. Shared copies never include
        location or camera details.
      </p>
      {result ? (
        <div className="mt-3">
          <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage>
        </div>
      ) : null}
      {sharing.shareUrl && sharing.sharePath ? (
        <div className="mt-4 space-y-2">
          <CopyLinkField id="share-link" label="Share link" link={sharing.shareUrl} />
          <p className="text-sm">
            <a href={sharing.sharePath} className="font-medium text-brand-700 hover:underline">
              Open {sharing.sharePath}
            </a>
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="unshare" />
            <Button type="submit" variant="ghost" className="px-0 text-red-700 hover:bg-transparent hover:underline">
              Turn off the link
            </Button>
          </Form>
        </div>
      ) : (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="share" />
          <Button type="submit" variant="secondary">
            Create share link
          </Button>
        </Form>
      )}
      <Form method="post" className="mt-4 border-t border-slate-200 pt-4">
        <input type="hidden" name="intent" value="public" />
        <input type="hidden" name="isPublic" value={sharing.isPublic ? "false" : "true"} />
        <p className="text-sm text-slate-600">
          {sharing.isPublic ? (
            <>
              Listed on <Link to={sharing.profilePath} className="font-medium text-brand-700 hover:underline">your public profile</Link>.
            </>
          ) : (
            "Public photos are listed on your public profile."
          )}
        </p>
        <Button type="submit" variant="secondary" className="mt-2">
          {sharing.isPublic ? "Make private" : "Make public"}
        </Button>
      </Form>
    </Card>
  );
}

function EnhancedVersions({ jobs }: { jobs: Array<{ id: string; tierName: string; status: string; createdAt: string; enhancedWidth: number | null; enhancedHeight: number | null; isBlend: boolean }> }) {
  return (
    <Card aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">
        Enhanced versions
      </h2>
      {jobs.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Not enhanced yet. Choose a tier and press Enhance.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100">
          {jobs.map((job) => (
            <li key={job.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link to={`/jobs/${job.id}`} className="font-medium text-brand-700 hover:underline">
                {job.tierName}
                {job.isBlend ? " blend" : ""}
                {job.enhancedWidth && job.enhancedHeight ? ` · ${job.enhancedWidth} × ${job.enhancedHeight}` : ""}
              </Link>
              <span className="flex items-center gap-3">
                <time dateTime={job.createdAt} className="text-slate-600">
                  {job.createdAt.slice(0, 16).replace("T", " ")} UTC
                </time>
                <Badge tone={JOB_STATUS_TONE[job.status] ?? "slate"}>{job.status}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function AddToAlbum({ imageId, albums }: { imageId: string; albums: Array<{ id: string; name: string; privacy: string }> }) {
  const [albumId, setAlbumId] = useState(albums[0]?.id ?? "");
  if (albums.length === 0) return null;
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Add to album</h2>
      <AddedToAlbumNotice albums={albums} />
      <Form method="post" action={`/albums/${encodeURIComponent(albumId)}/images`} className="mt-4 space-y-3">
        <input type="hidden" name="imageIds" value={imageId} />
        <input type="hidden" name="redirectTo" value={`/images/${imageId}`} />
        <div>
          <label htmlFor="albumId" className="block text-sm font-medium text-slate-800">
            Album
          </label>
          <select
            id="albumId"
            name="albumId"
            value={albumId}
            onChange={(event) => setAlbumId(event.currentTarget.value)}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          >
            {albums.map((album) => (
              <option key={album.id} value={album.id}>
                {album.name} ({album.privacy.toLowerCase()})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Add
        </Button>
      </Form>
    </Card>
  );
}

export default function ImagePage() {
  const { image, urls, balance, tiers, enhanceError, sharing, albums, pipelines, blendSources, jobs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const sharingResult = result?.section === "sharing" ? result : null;
  const renameResult = result && result.section !== "sharing" ? result : null;
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={image.name}
        description={image.description ?? undefined}
        actions={
          <Link to="/images" className="text-sm font-medium text-brand-700 hover:underline">
            Back to your images
          </Link>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-6">
          <img src={urls.original} alt={image.name} className="w-full rounded-2xl bg-slate-100 ring-1 ring-slate-200" />
          <EnhancedVersions jobs={jobs} />
        </div>
        <div className="space-y-6">
          <Card>
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-600">Dimensions</dt>
              <dd data-testid="image-dimensions">
                {image.width} × {image.height}
              </dd>
              <dt className="text-slate-600">Size</dt>
              <dd>{formatBytes(image.size)}</dd>
              <dt className="text-slate-600">Format</dt>
              <dd>{image.format}</dd>
              <dt className="text-slate-600">Views</dt>
              <dd>{sharing.viewCount}</dd>
            </dl>
            <a href={urls.download} className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
              Download original
            </a>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Enhance</h2>
            <p className="mt-1 text-sm text-slate-600">
              Your balance: <span data-testid="enhance-balance">{balance}</span> token{balance === 1 ? "" : "s"}.
            </p>
            {enhanceError ? (
              <div className="mt-3">
                <FormMessage>{enhanceError}</FormMessage>
              </div>
            ) : null}
            <Form method="post" action={`/images/${image.id}/enhance`} className="mt-4 space-y-4">
              <fieldset className="space-y-2">
                <legend className="sr-only">Quality</legend>
                {tiers.map((option) => (
                  <label key={option.tier} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="tier" value={option.tier} defaultChecked={option.tier === "TIER_1K"} disabled={option.cost > balance} />
                    <span>
                      {option.name} — {option.cost} token{option.cost === 1 ? "" : "s"}, {option.width} × {option.height}
                    </span>
                  </label>
                ))}
              </fieldset>
              <PipelinePicker pipelines={pipelines} />
              {blendSources.length > 0 ? (
                <div>
                  <label htmlFor="sourceImageId" className="block text-sm font-medium text-slate-800">
                    Blend with
                  </label>
                  <select
                    id="sourceImageId"
                    name="sourceImageId"
                    defaultValue=""
                    aria-describedby="sourceImageId-hint"
                    className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
                  >
                    <option value="">No blend</option>
                    {blendSources.map((source) => (
                      <option key={source.id} value={source.id}>
                        {source.name}
                      </option>
                    ))}
                  </select>
                  <p id="sourceImageId-hint" className="mt-1 text-sm text-slate-600">
                    Optional: mix in the style of another of your photos.
                  </p>
                </div>
              ) : null}
              <Button type="submit">Enhance</Button>
            </Form>
          </Card>
          <SharingPanel sharing={sharing} result={sharingResult} />
          <AddToAlbum imageId={image.id} albums={albums} />
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Name and description</h2>
            {renameResult ? <FormMessage tone={renameResult.ok ? "success" : "error"}>{renameResult.message}</FormMessage> : null}
            <Form method="post" className="mt-4 space-y-3">
              <input type="hidden" name="intent" value="rename" />
              <Field label="Name" inputProps={{ id: "name", name: "name", defaultValue: image.name, required: true, maxLength: 200 }} />
              <Field label="Description" inputProps={{ id: "description", name: "description", defaultValue: image.description ?? "", maxLength: 2000 }} />
              <Button type="submit" variant="secondary">
                Save
              </Button>
            </Form>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Delete</h2>
            <Form
              method="post"
              className="mt-4"
              onSubmit={(event) => {
                if (!window.confirm(`Delete ${image.name}? This cannot be undone.`)) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <Button type="submit" variant="danger">
                Delete photo
              </Button>
            </Form>
          </Card>
        </div>
      </div>
    </div>
  );
}
