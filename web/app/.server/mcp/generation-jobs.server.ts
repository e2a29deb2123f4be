/**
 * Image generation and modification jobs asked for through the MCP server: checks the prompt and
 * the picture to change, counts the request against the generation rate limit, charges the tier's
 * tokens and creates the job row in one transaction (FREE work is bounded by the same daily
 * allowance as free enhancements), queues it, refunds it exactly once when it finally fails, and
 * shows a job to its owner.
 */
import { randomBytes } from "node:crypto";
import { DomainError } from "@spike-land/shared/errors";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { HOUR_SECONDS } from "@spike-land/shared/time";
import { prisma, type McpJobType, type Prisma } from "../platform/db.server.ts";
import { consume, LIMITS, RateLimitedError } from "../platform/rate-limit.server.ts";
import { describeLimit } from "../platform/rate-limit-rules.server.ts";
import { credit, spend } from "../tokens/ledger.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { generationProvider } from "../providers/generation/index.server.ts";
import { requireImage } from "../images/library.server.ts";
import { originalPath } from "../images/upload.server.ts";
import { FREE_JOBS_PER_DAY } from "../jobs/requests.server.ts";
import { enqueueGeneration } from "./generation-queue.server.ts";
import { checkedPicture, decodeBase64Image, fetchImageUrl } from "./image-source.server.ts";

/** The ledger source of a generation job's charge and refund. */
export const GENERATION_SOURCE = "mcp_generation_job";
export const MAX_PROMPT_LENGTH = 2000;
export const NO_SOURCE_MESSAGE = "Say which image to modify with exactly one of imageId, jobId, imageUrl or imageBase64.";
const OUTPUT_URL_SECONDS = HOUR_SECONDS;

export class GenerationError extends DomainError {
  constructor(message: string, status: number, options: { retryAfterSeconds?: number } = {}) {
    super(status, message, undefined, options);
  }
}

/** The limiter's own sentence is "Too many attempts. Try again in …"; its "Try again" part. */
export function tryAgain(wait: RateLimitedError): string {
  return wait.message.replace(/^Too many attempts\.\s*/, "");
}

/** Over the MCP generation limit: names the limit and when to try again. */
export class GenerationLimitError extends DomainError {
  constructor(wait: RateLimitedError) {
    super(429, `Too many image generations: the limit is ${describeLimit(LIMITS.mcpGenerate)} for generate_image and modify_image together. ${tryAgain(wait)}`, "rate_limited", {
      retryAfterSeconds: wait.retryAfterSeconds,
    });
  }
}

/** Who asks: the key's owner, and the key (kept on the job). */
export type Requester = { userId: string; apiKeyId: string | null };

/** The picture a MODIFY job changes: one of the owner's images, an earlier job's output, a public URL, or base64. */
export type ModifySource = { imageId: string } | { jobId: string } | { imageUrl: string } | { imageBase64: string };

export type GenerationRequest = { type: McpJobType; prompt: string; tier: EnhancementTier; source?: ModifySource };

function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function outputKey(userId: string, jobId: string): string {
  return `mcp/${userId}/${jobId}/output.jpg`;
}

/** The app path that serves a job's output to its owner (routes/mcp_.jobs.$id.output.tsx). */
export function outputPath(jobId: string): string {
  return `/mcp/jobs/${jobId}/output`;
}

const EXTENSIONS: Record<string, string> = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif", heif: "heic" };
const CONTENT_TYPES: Record<string, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp", avif: "image/avif", heif: "image/heic" };

/** Counts one generate or modify call against the MCP generation limit. */
export async function allowGeneration(userId: string): Promise<void> {
  try {
    await consume("mcpGenerate", userId);
  } catch (error) {
    if (error instanceof RateLimitedError) throw new GenerationLimitError(error);
    throw error;
  }
}

/** Where the worker finds the picture to change, and what the job row records of it. */
async function storedInput(userId: string, source: ModifySource): Promise<{ key: string; url: string | null; written: boolean }> {
  if ("imageId" in source) {
    const image = await requireImage(userId, source.imageId);
    return { key: image.originalR2Key, url: originalPath(image.id), written: false };
  }
  if ("jobId" in source) {
    const job = await prisma.mcpGenerationJob.findFirst({ where: { id: source.jobId, userId }, select: { status: true, outputImageR2Key: true } });
    if (!job) throw new GenerationError("That generation job was not found.", 404);
    if (job.status !== "COMPLETED" || !job.outputImageR2Key) throw new GenerationError("That generation job has no finished image yet; wait until get_job shows it COMPLETED.", 409);
    return { key: job.outputImageR2Key, url: outputPath(source.jobId), written: false };
  }
  const url = "imageUrl" in source ? source.imageUrl : null;
  const received = "imageUrl" in source ? (await fetchImageUrl(source.imageUrl)).bytes : decodeBase64Image(source.imageBase64);
  const picture = await checkedPicture(received, url ? "The image at that URL" : "The image");
  const key = `mcp/${userId}/inputs/${randomBytes(12).toString("hex")}.${EXTENSIONS[picture.format] ?? "bin"}`;
  await objectStorage().put(key, picture.bytes, { contentType: CONTENT_TYPES[picture.format] ?? "application/octet-stream", cacheControl: "private, no-store" });
  return { key, url, written: true };
}

/**
 * Checks, charges and queues a GENERATE or MODIFY job; answers the job and how the engine reads the
 * prompt. Nothing is charged for a request refused on the way (a prompt the engine cannot carry
 * out, a missing image, the rate limit, a short balance).
 */
export async function requestGeneration(requester: Requester, request: GenerationRequest) {
  const { userId } = requester;
  const prompt = request.prompt.trim();
  if (!(ENHANCEMENT_TIERS as readonly string[]).includes(request.tier)) throw new GenerationError("Choose one of the tiers: FREE, TIER_1K, TIER_2K or TIER_4K.", 400);
  if (prompt.length === 0) throw new GenerationError("Write a prompt saying what the image should show or how to change it.", 400);
  if (prompt.length > MAX_PROMPT_LENGTH) throw new GenerationError(`The prompt is ${prompt.length} characters; the limit is ${MAX_PROMPT_LENGTH}.`, 400);
  if (request.type === "MODIFY" && !request.source) throw new GenerationError(NO_SOURCE_MESSAGE, 400);
  const reading = generationProvider().read(request.type, prompt, request.tier);
  if (!reading.ok) throw new GenerationError(reading.message, 422);
  await allowGeneration(userId);

  const input = request.type === "MODIFY" && request.source ? await storedInput(userId, request.source) : null;
  const cost = ENHANCEMENT_COST[request.tier];
  let job;
  try {
    job = await prisma.$transaction(
      async (tx) => {
        if (request.tier === "FREE") {
          // Concurrent FREE requests count one after the other, so together they never pass the day's allowance.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`free-mcp-jobs:${userId}`}, 0))`;
          const used = await tx.mcpGenerationJob.count({ where: { userId, tier: "FREE", createdAt: { gte: startOfUtcDay() } } });
          if (used >= FREE_JOBS_PER_DAY) {
            throw new GenerationError(`You have used all ${FREE_JOBS_PER_DAY} of today's free generations. Choose a paid tier, or try again after midnight UTC.`, 429);
          }
        }
        const created = await tx.mcpGenerationJob.create({
          data: {
            userId,
            apiKeyId: requester.apiKeyId,
            type: request.type,
            tier: request.tier,
            tokensCost: cost,
            prompt,
            inputImageUrl: input?.url ?? null,
            inputImageR2Key: input?.key ?? null,
          },
        });
        if (cost > 0) await spend(userId, cost, "SPEND_MCP_GENERATION", { source: GENERATION_SOURCE, sourceId: created.id }, tx);
        return created;
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (error) {
    if (input?.written) await objectStorage().delete(input.key).catch(() => undefined);
    throw error;
  }
  try {
    await enqueueGeneration(job.id);
  } catch (error) {
    await refundGeneration(job.id, "The job could not be queued.");
    throw error;
  }
  return { job, reading: reading.summary };
}

/** Refunds the job's cost once and marks it REFUNDED; a finished or refunded job is left as it is. */
export async function refundGeneration(jobId: string, errorMessage: string) {
  return prisma.$transaction(
    async (tx: Prisma.TransactionClient) => {
      // The row lock orders this against the worker's completion, so a job is either done or refunded.
      const rows = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text AS status FROM mcp_generation_jobs WHERE id = ${jobId} FOR UPDATE`;
      const status = rows[0]?.status;
      if (!status || status === "COMPLETED" || status === "REFUNDED") return null;
      const job = await tx.mcpGenerationJob.update({
        where: { id: jobId },
        data: { status: "REFUNDED", errorMessage, processingCompletedAt: new Date() },
      });
      if (job.tokensCost > 0) await credit(job.userId, job.tokensCost, "REFUND", { source: GENERATION_SOURCE, sourceId: jobId, once: true }, tx);
      return job;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** What the owner sees of a job: no storage keys, a fresh link to the output when there is one. */
export async function generationJobView(userId: string, jobId: string) {
  const job = await prisma.mcpGenerationJob.findFirst({ where: { id: jobId, userId } });
  if (!job) return null;
  const outputUrl =
    job.status === "COMPLETED" && job.outputImageR2Key ? await objectStorage().signedGetUrl(job.outputImageR2Key, { expiresInSeconds: OUTPUT_URL_SECONDS }) : null;
  return {
    id: job.id,
    kind: "generation" as const,
    type: job.type,
    tier: job.tier,
    tierName: ENHANCEMENT_LABEL[job.tier],
    tokensCost: job.tokensCost,
    status: job.status,
    prompt: job.prompt,
    inputImageUrl: job.inputImageUrl,
    outputUrl,
    outputPath: job.outputImageUrl,
    outputWidth: job.outputWidth,
    outputHeight: job.outputHeight,
    outputSizeBytes: job.outputSizeBytes,
    model: job.modelName,
    errorMessage: job.errorMessage,
    createdAt: job.createdAt.toISOString(),
    processingStartedAt: job.processingStartedAt?.toISOString() ?? null,
    processingCompletedAt: job.processingCompletedAt?.toISOString() ?? null,
  };
}

export type GenerationJobView = NonNullable<Awaited<ReturnType<typeof generationJobView>>>;

/** The stored output of the owner's finished job, or null. */
export async function generationOutput(userId: string, jobId: string) {
  const job = await prisma.mcpGenerationJob.findFirst({ where: { id: jobId, userId, status: "COMPLETED" }, select: { outputImageR2Key: true } });
  return job?.outputImageR2Key ?? null;
}
