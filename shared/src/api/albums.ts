/**
 * API contract for albums, enhancement requests, batches and pipelines (used by the desktop app and
 * API clients). Request schemas are what the server validates; response schemas are what the typed
 * client checks each answer against.
 */
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "../tokens/tiers.ts";
import { enhancementSettingsSchema } from "../images/enhancement.ts";
import { PIPELINE_VISIBILITIES } from "../images/pipelines.ts";

export const ALBUM_PRIVACY = ["PRIVATE", "UNLISTED", "PUBLIC"] as const;
export const JOB_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "REFUNDED", "CANCELLED"] as const;

const privacy = z.enum(ALBUM_PRIVACY, { error: "Choose who can see the album: PRIVATE, UNLISTED or PUBLIC." });
const tier = z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers: FREE, TIER_1K, TIER_2K or TIER_4K." });
const albumName = z
  .string({ error: "Give the album a name." })
  .trim()
  .min(1, "Give the album a name.")
  .max(80, "Keep the album name under 80 characters.");
const albumDescription = z.string({ error: "The description must be text." }).trim().max(2000, "Keep the description under 2000 characters.");
const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, "That id is not valid.");
/** An id, or null to clear the setting. */
const optionalId = (message: string) => id(message).nullable().optional();

// ---- Requests ----------------------------------------------------------------------------------

export const createAlbumRequest = z.object({
  name: albumName,
  description: albumDescription.nullish(),
  privacy: privacy.default("PRIVATE"),
});
export type CreateAlbumRequest = z.input<typeof createAlbumRequest>;

export const updateAlbumRequest = z
  .object({
    name: albumName.optional(),
    description: albumDescription.nullable().optional(),
    privacy: privacy.optional(),
    defaultTier: tier.optional(),
    pipelineId: optionalId("Send a pipeline id, or null for the default pipeline."),
    coverImageId: optionalId("Send the id of an image in the album, or null to use the first image."),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: "Send at least one of name, description, privacy, defaultTier, pipelineId or coverImageId.",
  });
export type UpdateAlbumRequest = z.input<typeof updateAlbumRequest>;

export const albumImageIdsRequest = z.object({
  imageIds: z
    .array(id("Each image id must be a non-empty string."), { error: "Send imageIds as a list of image ids." })
    .min(1, "Send at least one image id.")
    .max(1000, "Send at most 1000 image ids at a time."),
});

export const enhanceAlbumRequest = z.object({
  tier: tier.optional(),
  pipelineId: optionalId("Send a pipeline id, or null for the default pipeline."),
});
export type EnhanceAlbumRequest = z.input<typeof enhanceAlbumRequest>;

export const enhanceImageRequest = z.object({
  tier,
  pipelineId: optionalId("Send a pipeline id, or null for the default pipeline."),
  sourceImageId: optionalId("Send the id of a second image to blend with, or leave it out."),
});
export type EnhanceImageRequest = z.input<typeof enhanceImageRequest>;

// ---- Responses ---------------------------------------------------------------------------------

const albumSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  privacy: z.enum(ALBUM_PRIVACY),
  isDefault: z.boolean(),
  imageCount: z.number().int(),
  coverThumb: z.string().nullable(),
  /** The share page for UNLISTED and PUBLIC albums; null while PRIVATE. */
  shareUrl: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type AlbumSummary = z.infer<typeof albumSummary>;

export const albumListResponse = z.object({ albums: z.array(albumSummary) });
export type AlbumListResponse = z.infer<typeof albumListResponse>;

export const albumImage = z.object({
  id: z.string(),
  name: z.string(),
  thumb: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const albumDetail = albumSummary.extend({
  defaultTier: z.enum(ENHANCEMENT_TIERS),
  pipelineId: z.string().nullable(),
  coverImageId: z.string().nullable(),
  images: z.array(albumImage),
});
export type AlbumDetail = z.infer<typeof albumDetail>;

export const albumResponse = z.object({ album: albumDetail });
export type AlbumResponse = z.infer<typeof albumResponse>;

export const addAlbumImagesResponse = z.object({ added: z.number().int(), skipped: z.number().int() });
export type AddAlbumImagesResponse = z.infer<typeof addAlbumImagesResponse>;

export const removeAlbumImagesResponse = z.object({ removed: z.number().int() });
export type RemoveAlbumImagesResponse = z.infer<typeof removeAlbumImagesResponse>;

export const reorderAlbumImagesResponse = z.object({ imageIds: z.array(z.string()) });
export type ReorderAlbumImagesResponse = z.infer<typeof reorderAlbumImagesResponse>;

export const enhanceAlbumResponse = z.object({
  batchId: z.string(),
  tier: z.enum(ENHANCEMENT_TIERS),
  pipelineId: z.string().nullable(),
  /** Tokens charged for the jobs that were queued. */
  cost: z.number().int(),
  /** Images left out because the balance ran short while queueing. */
  skipped: z.number().int(),
  jobs: z.array(z.object({ id: z.string(), imageId: z.string(), status: z.enum(JOB_STATUSES) })),
});
export type EnhanceAlbumResponse = z.infer<typeof enhanceAlbumResponse>;

export const batchResponse = z.object({
  batch: z.object({
    batchId: z.string(),
    createdAt: z.iso.datetime(),
    items: z.array(
      z.object({
        jobId: z.string(),
        imageId: z.string(),
        imageName: z.string(),
        thumb: z.string(),
        status: z.enum(JOB_STATUSES),
        currentStage: z.string().nullable(),
        tier: z.enum(ENHANCEMENT_TIERS),
        tokensCost: z.number().int(),
        errorMessage: z.string().nullable(),
      }),
    ),
    totals: z.object({
      total: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      running: z.number().int(),
      processing: z.number().int(),
      tokens: z.number().int(),
    }),
    finished: z.boolean(),
  }),
});
export type BatchResponse = z.infer<typeof batchResponse>;

/** The fields of GET /api/v1/jobs/:id a client relies on; the server may send more. */
const enhancementJob = z.looseObject({
  id: z.string(),
  imageId: z.string(),
  imageName: z.string(),
  tier: z.enum(ENHANCEMENT_TIERS),
  tokensCost: z.number().int(),
  status: z.enum(JOB_STATUSES),
  currentStage: z.string().nullable(),
  errorMessage: z.string().nullable(),
  originalUrl: z.string(),
  enhancedUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export const enhanceImageResponse = z.object({ job: enhancementJob });
export type EnhanceImageResponse = z.infer<typeof enhanceImageResponse>;

const usablePipeline = z.object({ id: z.string(), name: z.string(), tier: z.enum(ENHANCEMENT_TIERS), mine: z.boolean() });
export const pipelineListResponse = z.object({ pipelines: z.array(usablePipeline) });
export type PipelineListResponse = z.infer<typeof pipelineListResponse>;

const pipelineSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  visibility: z.enum(PIPELINE_VISIBILITIES),
  tier: z.enum(ENHANCEMENT_TIERS),
  usageCount: z.number().int(),
  mine: z.boolean(),
  system: z.boolean(),
  settings: enhancementSettingsSchema,
  shareToken: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export const pipelineResponse = z.object({ pipeline: pipelineSummary });
export type PipelineResponse = z.infer<typeof pipelineResponse>;
