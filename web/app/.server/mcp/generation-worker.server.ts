/**
 * The generation worker: takes MCP generation jobs off the queue, makes the picture with the
 * configured generation provider (the local renderer and editor, or Gemini), stores it, and
 * records its size, model and times on the row. A failure another attempt could cure is retried
 * by the queue with backoff; a final failure, or one that would fail the same way again, refunds
 * the job once. Jobs a crashed worker left behind are refunded by a sweep every minute.
 */
import type PgBoss from "pg-boss";
import { MINUTE_MS, SECOND_MS } from "@spike-land/shared/time";
import { prisma } from "../platform/db.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { generationProvider, GenerationProviderError, type GeneratedImage } from "../providers/generation/index.server.ts";
import { outputKey, outputPath, refundGeneration } from "./generation-jobs.server.ts";
import { ensureGenerationQueue, GENERATION_QUEUE, GENERATION_RETRIES, generationQueueOptions, registerLocalGenerationWorker } from "./generation-queue.server.ts";

/** A failure another attempt would meet again: the job is refunded at once. */
class PermanentGenerationError extends Error {}

function isPermanent(error: unknown): boolean {
  return error instanceof PermanentGenerationError || (error instanceof GenerationProviderError && !error.retryable);
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The job did not finish in ${Math.round(seconds / 60)} minutes and was timed out.`)), seconds * SECOND_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Moves a PENDING job (or one a lost attempt left PROCESSING) to PROCESSING; null when there is nothing to do. */
async function claim(jobId: string) {
  const { count } = await prisma.mcpGenerationJob.updateMany({
    where: { id: jobId, status: { in: ["PENDING", "PROCESSING"] } },
    data: { status: "PROCESSING", processingStartedAt: new Date(), errorMessage: null },
  });
  return count === 0 ? null : prisma.mcpGenerationJob.findUnique({ where: { id: jobId } });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claim>>>;

async function make(job: Claimed): Promise<GeneratedImage> {
  const provider = generationProvider();
  if (job.type === "GENERATE") return provider.generate({ prompt: job.prompt, tier: job.tier });
  if (!job.inputImageR2Key) throw new PermanentGenerationError("The job names no image to modify.");
  const stored = await objectStorage().get(job.inputImageR2Key);
  if (!stored) throw new PermanentGenerationError("The image to modify was deleted before the job ran, so it cannot be changed.");
  return provider.modify({ prompt: job.prompt, tier: job.tier, input: stored.body });
}

async function run(job: Claimed): Promise<void> {
  const image = await make(job);
  const key = outputKey(job.userId, job.id);
  await objectStorage().put(key, image.output, { contentType: "image/jpeg", cacheControl: "private, no-store" });
  const { count } = await prisma.mcpGenerationJob.updateMany({
    where: { id: job.id, status: "PROCESSING" },
    data: {
      status: "COMPLETED",
      outputImageR2Key: key,
      outputImageUrl: outputPath(job.id),
      outputWidth: image.width,
      outputHeight: image.height,
      outputSizeBytes: image.sizeBytes,
      modelName: image.model,
      errorMessage: null,
      processingCompletedAt: new Date(),
    },
  });
  // Refunded meanwhile (timed out by the sweep): the refund stands and the picture goes.
  if (count === 0) await objectStorage().delete(key);
}

/**
 * One attempt at a job. Returns when it is finished (done, refunded, or nothing to do); throws when
 * the attempt failed and `attempt` < GENERATION_RETRIES, so the queue tries again.
 */
export async function processGenerationJob(jobId: string, attempt = 0, retries = GENERATION_RETRIES): Promise<void> {
  const job = await claim(jobId);
  if (!job) return;
  try {
    await withTimeout(run(job), generationQueueOptions.timeoutSeconds);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof GenerationProviderError) && !(error instanceof PermanentGenerationError)) {
      await recordServerError(error, { route: `queue:${GENERATION_QUEUE}`, userId: job.userId });
    }
    if (isPermanent(error)) {
      await refundGeneration(jobId, message);
      return;
    }
    if (attempt >= retries) {
      await refundGeneration(jobId, `Failed after ${attempt + 1} attempts: ${message}`);
      return;
    }
    await prisma.mcpGenerationJob.updateMany({ where: { id: jobId, status: "PROCESSING" }, data: { errorMessage: message } });
    throw error;
  }
}

/** Jobs left PENDING or PROCESSING well past every attempt (a worker died) are refunded. */
export async function sweepStaleGenerations(now = new Date()): Promise<number> {
  const limitMs = generationQueueOptions.timeoutSeconds * SECOND_MS * (GENERATION_RETRIES + 1) * 2;
  const stale = await prisma.mcpGenerationJob.findMany({
    where: { status: { in: ["PENDING", "PROCESSING"] }, updatedAt: { lt: new Date(now.getTime() - limitMs) } },
    select: { id: true },
  });
  for (const job of stale) await refundGeneration(job.id, "The job timed out.");
  return stale.length;
}

export async function startGenerationWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await ensureGenerationQueue(boss);
  const sweep = () =>
    sweepStaleGenerations().catch((error: unknown) => {
      console.error("generation sweep:", error instanceof Error ? error.message : error);
      return 0;
    });
  void sweep();
  const timer = setInterval(() => void sweep(), MINUTE_MS);
  timer.unref();
  boss.once("stopped", () => clearInterval(timer));
  const worker = { boss, id: "" };
  worker.id = await boss.work<{ jobId: string }>(
    GENERATION_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1, includeMetadata: true },
    async (jobs) => {
      for (const job of jobs) await processGenerationJob(job.data.jobId, job.retryCount, job.retryLimit);
      if (worker.id) boss.notifyWorker(worker.id);
    },
  );
  registerLocalGenerationWorker(worker);
}
