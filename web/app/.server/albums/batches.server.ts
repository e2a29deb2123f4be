/**
 * "Enhance all" for an album: one batch id, one enhancement job per image, refused up front when the
 * balance cannot pay for the whole batch or a FREE batch would pass the day's free allowance; and the
 * batch's progress for its page.
 */
import { randomUUID } from "node:crypto";
import { ENHANCEMENT_COST, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { SIGNED_URL_SECONDS, thumbKey } from "../images/library.server.ts";
import { FreeJobLimitError, requestEnhancement, requestEnhancements } from "../jobs/requests.server.ts";
import { TERMINAL_STATUSES } from "../jobs/views.server.ts";
import { InsufficientTokensError, peekBalance } from "../tokens/ledger.server.ts";
import { AlbumError, requireAlbum, requireUsablePipeline } from "./albums.server.ts";

function newBatchId(): string {
  return `batch_${randomUUID()}`;
}

function tokens(count: number): string {
  return `${count} token${count === 1 ? "" : "s"}`;
}

/**
 * Queues one job per image of the album (in album order) under one batch id. The tier and pipeline
 * default to the album's; `pipelineId: null` asks for the default pipeline explicitly.
 */
export async function enhanceAll(userId: string, albumId: string, options: { tier?: EnhancementTier; pipelineId?: string | null } = {}) {
  const album = await requireAlbum(userId, albumId);
  const tier = options.tier ?? album.defaultTier;
  const pipelineId = options.pipelineId === undefined ? album.pipelineId : options.pipelineId;
  if (pipelineId) await requireUsablePipeline(userId, pipelineId);
  const rows = await prisma.albumImage.findMany({
    where: { albumId: album.id, image: { userId } },
    orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }, { id: "asc" }],
    select: { imageId: true },
  });
  if (rows.length === 0) throw new AlbumError("This album has no images to enhance yet; add some first.", 400);
  const cost = ENHANCEMENT_COST[tier] * rows.length;
  const balance = (await peekBalance(userId))?.balance ?? 0;
  if (balance < cost) {
    throw new AlbumError(
      `This batch needs ${tokens(cost)} and you have ${balance}. Buy a token pack, pick a smaller tier, or wait for free tokens to regenerate.`,
      402,
    );
  }
  const batchId = newBatchId();
  if (tier === "FREE") {
    // All or nothing, so a batch past the day's free allowance is refused whole.
    try {
      const jobs = await requestEnhancements(userId, rows.map((row) => row.imageId), tier, { batchId, pipelineId });
      return { batchId, tier, pipelineId, jobIds: jobs.map((job) => job.id), cost: 0, skipped: 0 };
    } catch (error) {
      if (error instanceof FreeJobLimitError) throw new AlbumError(error.message, error.status);
      throw error;
    }
  }
  const jobIds: string[] = [];
  for (const row of rows) {
    try {
      const job = await requestEnhancement(userId, row.imageId, tier, { batchId, pipelineId });
      jobIds.push(job.id);
    } catch (error) {
      // Tokens spent elsewhere meanwhile: keep the jobs already paid for, queue no more.
      if (error instanceof InsufficientTokensError && jobIds.length > 0) break;
      if (error instanceof InsufficientTokensError) throw new AlbumError(error.message, 402);
      throw error;
    }
  }
  return { batchId, tier, pipelineId, jobIds, cost: ENHANCEMENT_COST[tier] * jobIds.length, skipped: rows.length - jobIds.length };
}

const TERMINAL = new Set<string>(TERMINAL_STATUSES);
const FAILED = new Set<string>(["FAILED", "REFUNDED", "CANCELLED"]);

/** Every job of one of the user's batches with its status and stage, and the totals; null if none. */
export async function batchView(userId: string, batchId: string) {
  const jobs = await prisma.imageEnhancementJob.findMany({
    where: { userId, workflowRunId: batchId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      status: true,
      currentStage: true,
      tier: true,
      tokensCost: true,
      errorMessage: true,
      createdAt: true,
      image: { select: { id: true, name: true, originalR2Key: true } },
    },
  });
  if (jobs.length === 0) return null;
  const storage = objectStorage();
  const items = await Promise.all(
    jobs.map(async (job) => ({
      jobId: job.id,
      imageId: job.image.id,
      imageName: job.image.name,
      thumb: await storage.signedGetUrl(thumbKey(job.image.originalR2Key), { expiresInSeconds: SIGNED_URL_SECONDS }),
      status: job.status,
      currentStage: job.currentStage,
      tier: job.tier,
      tokensCost: job.tokensCost,
      errorMessage: job.errorMessage,
    })),
  );
  const done = jobs.filter((job) => job.status === "COMPLETED").length;
  const failed = jobs.filter((job) => FAILED.has(job.status)).length;
  const running = jobs.filter((job) => !TERMINAL.has(job.status)).length;
  return {
    batchId,
    createdAt: jobs[0]!.createdAt.toISOString(),
    items,
    totals: {
      total: jobs.length,
      done,
      failed,
      running,
      processing: jobs.filter((job) => job.status === "PROCESSING").length,
      tokens: jobs.reduce((sum, job) => sum + job.tokensCost, 0),
    },
    finished: running === 0,
  };
}
