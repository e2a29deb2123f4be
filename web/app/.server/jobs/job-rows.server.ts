/**
 * The statements every enhancement job runs, one round trip each: on the request side checking the
 * images a request names and creating its jobs (in the caller's transaction, beside the charge), and
 * in the worker claiming a job together with everything its run reads, recording the stage it is in
 * and storing the result. Outside a transaction they run as named prepared statements on the shared
 * node-postgres pool.
 *
 * Timestamps go in as ISO instants cast to `timestamp(3)`: the columns hold UTC without a zone, and
 * PostgreSQL ignores the zone on input. `updatedAt` is set here as Prisma would set it, since the
 * upkeep sweep reads it to find jobs nobody is working on.
 */
import { randomInt } from "node:crypto";
import os from "node:os";
import type { AnalysisResult, CropDimensions, PipelineStage } from "@spike-land/shared/images/enhancement";
import type { PipelineConfig } from "@spike-land/shared/images/pipelines";
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import type { ImageEnhancementJob, Prisma } from "../platform/db.server.ts";
import { pgPool } from "../platform/pg-pool.server.ts";

type Statement = { name: string; text: string };

/** The stage a job is in from the moment a worker claims it. */
export const CLAIMED_STAGE: PipelineStage = "ANALYZING";

async function run<Row>(statement: Statement, values: unknown[]): Promise<Row[]> {
  return (await pgPool().query({ name: statement.name, text: statement.text, values })).rows as Row[];
}

/** Parameters: $1 image ids, $2 user id, $3 blend source id (or null). */
const OWNED_IMAGES: Statement = {
  name: "enhance_owned_images",
  text: `SELECT (SELECT count(*)::int FROM enhanced_images WHERE id = ANY($1::text[]) AND "userId" = $2::text) AS images,
       EXISTS (SELECT 1 FROM enhanced_images WHERE id = $3::text AND "userId" = $2::text) AS source`,
};

/** How many of `imageIds` (distinct) the user owns, and whether the blend source is theirs. */
export async function ownedImages(userId: string, imageIds: string[], sourceImageId: string | null): Promise<{ images: number; source: boolean }> {
  const [row] = await run<{ images: number; source: boolean }>(OWNED_IMAGES, [imageIds, userId, sourceImageId]);
  return row ?? { images: 0, source: false };
}

// Job ids in the shape Prisma's cuid() gives them ("c", time, counter, this host and process, random:
// 25 characters), so jobs created here look and sort like any other row's id.
const FINGERPRINT = (() => {
  let sum = 0;
  for (const char of os.hostname()) sum = (sum * 31 + char.charCodeAt(0)) % 1296;
  return (process.pid % 1296).toString(36).padStart(2, "0") + sum.toString(36).padStart(2, "0");
})();
let idCounter = randomInt(0, 36 ** 4);

function newJobId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0");
  return `c${time}${idCounter.toString(36).padStart(4, "0")}${FINGERPRINT}${randomInt(0, 36 ** 8).toString(36).padStart(8, "0")}`;
}

export type NewJobs = {
  userId: string;
  imageIds: string[];
  tier: EnhancementTier;
  cost: number;
  maxRetries: number;
  pipelineId: string | null;
  sourceImageId: string | null;
  batchId: string | null;
  /** Creates the jobs only if the user's jobs of this tier since `since` leave room for all of them. */
  allowance: { limit: number; since: Date } | null;
};

/**
 * One PENDING job per image (in order), in one statement inside the caller's transaction; none at
 * all (an empty list) when an allowance is given and the jobs would pass it. The count is made
 * when the statement starts, so under a lock the caller took before it, it sees every earlier
 * request's jobs.
 */
export async function insertJobs(tx: Prisma.TransactionClient, jobs: NewJobs): Promise<ImageEnhancementJob[]> {
  const ids = jobs.imageIds.map(() => newJobId());
  const now = new Date().toISOString();
  const limit = jobs.allowance?.limit ?? null;
  const since = jobs.allowance?.since.toISOString() ?? null;
  const rows = await tx.$queryRaw<ImageEnhancementJob[]>`
    INSERT INTO image_enhancement_jobs
           (id, "imageId", "userId", tier, "tokensCost", status, "maxRetries", "pipelineId", "sourceImageId", "isBlend", "workflowRunId", "createdAt", "updatedAt")
    SELECT n.id, n."imageId", ${jobs.userId}::text, ${jobs.tier}::text::"EnhancementTier", ${jobs.cost}::int, 'PENDING', ${jobs.maxRetries}::int,
           ${jobs.pipelineId}::text, ${jobs.sourceImageId}::text, ${jobs.sourceImageId !== null}::boolean, ${jobs.batchId}::text,
           ${now}::timestamp(3), ${now}::timestamp(3)
      FROM unnest(${ids}::text[], ${jobs.imageIds}::text[]) AS n(id, "imageId")
     WHERE ${limit}::int IS NULL
        OR (SELECT count(*) FROM image_enhancement_jobs
             WHERE "userId" = ${jobs.userId}::text AND tier = ${jobs.tier}::text::"EnhancementTier" AND "createdAt" >= ${since}::timestamp(3))
           + ${ids.length}::int <= ${limit}::int
    RETURNING *`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Takes a job that is waiting or was interrupted: PROCESSING from now, in its first stage, and
 * returns what the run needs (the original's key, the pipeline's settings, a blend's second image)
 * in the same statement. Parameters: $1 job id, $2 now.
 */
const CLAIM: Statement = {
  name: "enhance_job_claim",
  text: `WITH claimed AS (
  UPDATE image_enhancement_jobs
     SET status = 'PROCESSING', "currentStage" = '${CLAIMED_STAGE}', "processingStartedAt" = $2::timestamp(3), "updatedAt" = $2::timestamp(3)
   WHERE id = $1::text AND status IN ('PENDING', 'PROCESSING')
  RETURNING id, "userId", "imageId", tier, "isBlend", "pipelineId", "sourceImageId"
)
SELECT c.id, c."userId", c."imageId", c.tier::text AS tier, c."isBlend",
       i."originalR2Key",
       p.id IS NOT NULL AS "hasPipeline", p.tier::text AS "pipelineTier",
       p."analysisConfig", p."autoCropConfig", p."promptConfig", p."generationConfig",
       s."originalR2Key" AS "sourceR2Key", s.name AS "sourceName"
  FROM claimed c
  JOIN enhanced_images i ON i.id = c."imageId"
  LEFT JOIN enhancement_pipelines p ON p.id = c."pipelineId"
  LEFT JOIN enhanced_images s ON s.id = c."sourceImageId"`,
};

type ClaimRow = {
  id: string;
  userId: string;
  imageId: string;
  tier: EnhancementTier;
  isBlend: boolean;
  originalR2Key: string;
  hasPipeline: boolean;
  pipelineTier: EnhancementTier | null;
  analysisConfig: unknown;
  autoCropConfig: unknown;
  promptConfig: unknown;
  generationConfig: unknown;
  sourceR2Key: string | null;
  sourceName: string | null;
};

export type ClaimedJob = {
  id: string;
  userId: string;
  imageId: string;
  tier: EnhancementTier;
  isBlend: boolean;
  image: { originalR2Key: string };
  pipeline: PipelineConfig | null;
  /** A blend's second image; null when it was deleted (or the job is no blend). */
  sourceImage: { originalR2Key: string; name: string } | null;
};

/** The claimed job, or null when it is not waiting or running (cancelled, refunded, completed, gone). */
export async function claimJob(jobId: string, now = new Date()): Promise<ClaimedJob | null> {
  const [row] = await run<ClaimRow>(CLAIM, [jobId, now.toISOString()]);
  if (!row) return null;
  return {
    id: row.id,
    userId: row.userId,
    imageId: row.imageId,
    tier: row.tier,
    isBlend: row.isBlend,
    image: { originalR2Key: row.originalR2Key },
    pipeline: row.hasPipeline
      ? {
          tier: row.pipelineTier ?? row.tier,
          analysisConfig: row.analysisConfig,
          autoCropConfig: row.autoCropConfig,
          promptConfig: row.promptConfig,
          generationConfig: row.generationConfig,
        }
      : null,
    sourceImage: row.sourceR2Key !== null && row.sourceName !== null ? { originalR2Key: row.sourceR2Key, name: row.sourceName } : null,
  };
}

/** Parameters: $1 job id, $2 stage, $3 now. */
const STAGE: Statement = {
  name: "enhance_job_stage",
  text: `UPDATE image_enhancement_jobs SET "currentStage" = $2::text::"PipelineStage", "updatedAt" = $3::timestamp(3) WHERE id = $1::text`,
};

export async function recordStage(jobId: string, stage: PipelineStage, now = new Date()): Promise<void> {
  await run(STAGE, [jobId, stage, now.toISOString()]);
}

/**
 * The finished job: result, analysis and crop, prompt and model, in its last stage. An analysis or
 * crop that is absent leaves its column as it was. Parameters: $1 job id, $2 analysis (JSON text or
 * null), $3 analysis source, $4 was cropped, $5 crop (JSON text or null), $6 prompt, $7 model,
 * $8 result key, $9 result URL, $10 width, $11 height, $12 size in bytes, $13 now.
 */
const COMPLETE: Statement = {
  name: "enhance_job_complete",
  text: `UPDATE image_enhancement_jobs
   SET status = 'COMPLETED', "currentStage" = 'GENERATING',
       "analysisResult" = COALESCE($2::text::jsonb, "analysisResult"), "analysisSource" = $3::text,
       "wasCropped" = $4::boolean, "cropDimensions" = COALESCE($5::text::jsonb, "cropDimensions"),
       "enhancementPrompt" = $6::text, "enhancementModel" = $7::text,
       "enhancedR2Key" = $8::text, "enhancedUrl" = $9::text,
       "enhancedWidth" = $10::int, "enhancedHeight" = $11::int, "enhancedSizeBytes" = $12::int,
       "errorMessage" = NULL, "processingCompletedAt" = $13::timestamp(3), "updatedAt" = $13::timestamp(3)
 WHERE id = $1::text`,
};

export type CompletedJob = {
  analysis: AnalysisResult | null;
  analysisSource: string | null;
  wasCropped: boolean;
  crop: CropDimensions | null;
  prompt: string;
  model: string;
  key: string;
  url: string;
  width: number;
  height: number;
  sizeBytes: number;
};

export async function completeJob(jobId: string, done: CompletedJob, now = new Date()): Promise<void> {
  await run(COMPLETE, [
    jobId,
    done.analysis ? JSON.stringify(done.analysis) : null,
    done.analysisSource,
    done.wasCropped,
    done.crop ? JSON.stringify(done.crop) : null,
    done.prompt,
    done.model,
    done.key,
    done.url,
    done.width,
    done.height,
    done.sizeBytes,
    now.toISOString(),
  ]);
}
