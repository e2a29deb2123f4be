/**
 * One photo: the original (signed URL), its facts, download, rename, delete, the Enhance form (tier,
 * pipeline, optional blend), "Add to album", and the Sharing panel (public toggle, share link, views).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { resultFor } from "../lib/form-reply.ts";
import { PageHeading } from "../components/ui.tsx";
import { EnhancedVersions, ImageFacts } from "../components/images/image-details.tsx";
import { EnhanceCard } from "../components/images/enhance-card.tsx";
import { SharingPanel } from "../components/images/sharing-panel.tsx";
import { AddToAlbum, DeleteImageCard, RenameCard } from "../components/images/image-actions.tsx";
import { readNotice } from "../.server/http/notice.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { blendSources, deleteImage, requireImage, signedUrls, updateImage } from "../.server/images/library.server.ts";
import { enhancedVersions } from "../.server/images/results.server.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";
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
  const image = await orPageError(requireImage(user.id, params.id ?? ""));
  const [urls, balance, sharing, albums, pipelines, jobs, sources] = await Promise.all([
    signedUrls(image),
    peekBalance(user.id),
    imageSharing(user.id, image.id),
    albumOptions(user.id),
    listUsablePipelines(user.id),
    enhancedVersions(user.id, image.id),
    blendSources(user.id, image.id),
  ]);
  const sharePath = sharing?.shareToken ? `/share/images/${sharing.shareToken}` : null;
  return {
    // The enhance route sends people back here with a signed ?error= when it cannot start a job.
    enhanceError: readNotice(request),
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
    blendSources: sources,
    tiers: ENHANCEMENT_TIERS.map((tier) => ({ tier, name: ENHANCEMENT_LABEL[tier], cost: ENHANCEMENT_COST[tier], ...enhancedSize(image.originalWidth, image.originalHeight, tier) })),
  };
}

const renameSchema = z.object({
  intent: z.literal("rename"),
  name: z.string({ error: "Give the photo a name." }).trim().min(1, "Give the photo a name.").max(200, "Keep the name under 200 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
});

const intents = z.discriminatedUnion(
  "intent",
  [
    renameSchema,
    z.object({ intent: z.literal("delete") }),
    z.object({ intent: z.literal("share") }),
    z.object({ intent: z.literal("unshare") }),
    z.object({ intent: z.literal("public"), isPublic: z.enum(["true", "false"], { error: "Choose whether the photo is public." }) }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const image = await orPageError(requireImage(user.id, params.id ?? ""));
  return handleForm(request, intents, async (input) => {
    switch (input.intent) {
      case "delete":
        await deleteImage(user.id, image.id);
        return redirect("/images");
      case "rename":
        await updateImage(user.id, image.id, { name: input.name, description: input.description || null });
        return "Saved.";
      case "share":
        await setImageSharing(user.id, image.id, { shared: true });
        return "Share link created.";
      case "unshare":
        await setImageSharing(user.id, image.id, { shared: false });
        return "Share link turned off. The old link no longer works.";
      case "public": {
        const isPublic = input.isPublic === "true";
        await setImagePublic(user.id, image.id, isPublic);
        return isPublic ? "This photo is now on your public profile." : "This photo is no longer on your public profile.";
      }
    }
  });
}

export default function ImagePage() {
  const { image, urls, balance, tiers, enhanceError, sharing, albums, pipelines, blendSources: sources, jobs } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const [renameForm, renameFields] = useForm({
    lastResult: resultFor(posted, "rename"),
    defaultValue: { name: image.name, description: image.description ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: renameSchema }),
  });
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
          <ImageFacts image={image} viewCount={sharing.viewCount} downloadUrl={urls.download} />
          <EnhanceCard imageId={image.id} balance={balance} tiers={tiers} pipelines={pipelines} blendSources={sources} error={enhanceError} />
          <SharingPanel sharing={sharing} reply={posted} />
          <AddToAlbum imageId={image.id} albums={albums} />
          <RenameCard form={renameForm} fields={renameFields} reply={posted} />
          <DeleteImageCard name={image.name} />
        </div>
      </div>
    </div>
  );
}
