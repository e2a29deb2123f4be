/**
 * Enhancement jobs as their owner sees them: the history list, one job with signed links to its
 * original and result (the job page, its event stream and the API), and the statuses that end a job.
 */
import { cropDimensionsSchema } from "@spike-land/shared/images/enhancement";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import { HOUR_SECONDS } from "@spike-land/shared/time";
import { prisma } from "../platform/db.server.ts";
import { pageCount } from "../platform/pagination.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";

export const TERMINAL_STATUSES = ["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"] as const;

const JOB_PAGE_SIZE = 20;
/** How long the signed links to a job's original and result last. */
const JOB_IMAGE_URL_SECONDS = HOUR_SECONDS;

export async function findJob(userId: string, jobId: string) {
  return prisma.imageEnhancementJob.findFirst({ where: { id: jobId, userId } });
}

export async function listJobs(userId: string, page: number) {
  const current = Math.max(1, Math.floor(page) || 1);
  const [total, jobs] = await Promise.all([
    prisma.imageEnhancementJob.count({ where: { userId } }),
    prisma.imageEnhancementJob.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      skip: (current - 1) * JOB_PAGE_SIZE,
      take: JOB_PAGE_SIZE,
      include: { image: { select: { name: true, originalWidth: true, originalHeight: true } } },
    }),
  ]);
  return { jobs, page: current, pages: pageCount(total, JOB_PAGE_SIZE), total };
}

/** What the job page, the event stream and the API show. */
export async function jobView(userId: string, jobId: string) {
  const job = await prisma.imageEnhancementJob.findFirst({ where: { id: jobId, userId }, include: { image: true } });
  if (!job) return null;
  const storage = objectStorage();
  const originalUrl = await storage.signedGetUrl(job.image.originalR2Key, { expiresInSeconds: JOB_IMAGE_URL_SECONDS });
  const enhancedUrl =
    job.status === "COMPLETED" && job.enhancedR2Key ? await storage.signedGetUrl(job.enhancedR2Key, { expiresInSeconds: JOB_IMAGE_URL_SECONDS }) : null;
  return {
    id: job.id,
    imageId: job.imageId,
    imageName: job.image.name,
    tier: job.tier,
    tierName: ENHANCEMENT_LABEL[job.tier],
    tokensCost: job.tokensCost,
    status: job.status,
    currentStage: job.currentStage,
    retryCount: job.retryCount,
    maxRetries: job.maxRetries,
    errorMessage: job.errorMessage,
    wasCropped: job.wasCropped,
    // Where the result sits in the (upright) original, so the comparison lines the two up.
    cropInOriginal: cropFraction(job.cropDimensions, job.image.originalWidth, job.image.originalHeight),
    prompt: job.enhancementPrompt,
    enhancedWidth: job.enhancedWidth,
    enhancedHeight: job.enhancedHeight,
    enhancedSizeBytes: job.enhancedSizeBytes,
    originalUrl,
    enhancedUrl,
    createdAt: job.createdAt.toISOString(),
    processingStartedAt: job.processingStartedAt?.toISOString() ?? null,
    processingCompletedAt: job.processingCompletedAt?.toISOString() ?? null,
  };
}

/** The crop box as fractions of the original's width and height, or null when nothing was cropped. */
function cropFraction(crop: unknown, width: number, height: number): { left: number; top: number; width: number; height: number } | null {
  const parsed = cropDimensionsSchema.safeParse(crop);
  if (!parsed.success || width <= 0 || height <= 0) return null;
  const box = parsed.data;
  return { left: box.left / width, top: box.top / height, width: box.width / width, height: box.height / height };
}

export type JobView = NonNullable<Awaited<ReturnType<typeof jobView>>>;

