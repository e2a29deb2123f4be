/**
 * The measurement behind `queue.throughput`, run as its own process (see queue.ts): the app reads its
 * configuration once per process, and this run needs a database of its own.
 *
 * Baseline: each job's work in a plain loop — read the original, enhance it (the same provider call
 * the worker makes), store the result, update the job row. Value: the same number of FREE jobs sent
 * with requestEnhancement (charge transaction + pg-boss) and run by the real worker
 * (startEnhancementWorker with its default settings), from the first request to the last COMPLETED
 * row. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ensureDatabase, startCluster } from "../web/server/embedded-postgres.ts";
import { migrate } from "../web/server/database.ts";
import { syntheticJpeg } from "../shared/src/node/enhance/synthetic.ts";

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 60);
const WIDTH = 1600;
const HEIGHT = 1000;
const VARIANTS = 4;
const ROUNDS = 3;

const dir = mkdtempSync(path.join(os.tmpdir(), "spike-bench-queue-"));
const cluster = await startCluster(dir, { durable: true });
try {
  await ensureDatabase(cluster.urlFor("postgres"), "bench");
  const url = cluster.urlFor("bench");
  await migrate(url);
  for (const name of ["GEMINI_API_KEY", "GEMINI_BASE_URL", "GEMINI_MODEL", "S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    DATABASE_URL: url,
    APP_ENV: "test",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    DATA_DIR: dir,
  });
  const { createUser } = await import("../web/app/.server/accounts/users.server.ts");
  const { prisma } = await import("../web/app/.server/platform/db.server.ts");
  const { objectStorage } = await import("../web/app/.server/providers/storage/index.server.ts");
  const { enhancementProvider } = await import("../web/app/.server/providers/enhancement/index.server.ts");
  const { pipelineSettings } = await import("../shared/src/images/pipelines.ts");
  const { startQueue, stopQueue } = await import("../web/app/.server/platform/queue.server.ts");
  const { FREE_JOBS_PER_DAY, requestEnhancement } = await import("../web/app/.server/jobs/requests.server.ts");
  const { enhancedKey, startEnhancementWorker } = await import("../web/app/.server/jobs/enhance-worker.server.ts");

  // FREE work is bounded per user and day, so the images are spread over users, a day's allowance each.
  let users = 0;
  const newUser = () => createUser({ email: `bench-queue-${++users}@example.com`, name: "Queue bench" });
  const photos = await Promise.all(Array.from({ length: VARIANTS }, (_, seed) => syntheticJpeg({ width: WIDTH, height: HEIGHT, seed: seed + 1 })));
  const storage = objectStorage();
  async function makeImages(count: number) {
    const made: { imageId: string; userId: string }[] = [];
    let user = await newUser();
    for (let i = 0; i < count; i++) {
      if (i > 0 && i % FREE_JOBS_PER_DAY === 0) user = await newUser();
      const body = photos[i % VARIANTS]!;
      const image = await prisma.enhancedImage.create({
        data: { userId: user.id, name: `Bench ${i}`, originalUrl: "", originalR2Key: "pending", originalWidth: WIDTH, originalHeight: HEIGHT, originalSizeBytes: body.length, originalFormat: "jpeg" },
      });
      const key = `images/${user.id}/${image.id}/original.jpg`;
      await storage.put(key, body, { contentType: "image/jpeg" });
      await prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key } });
      made.push({ imageId: image.id, userId: user.id });
    }
    return made;
  }

  const provider = enhancementProvider();
  const settings = pipelineSettings(null, "FREE");
  // Warm the engine (first sharp calls, JIT) so neither side pays for it.
  for (const photo of photos) await provider.enhance({ input: photo, settings });

  // The two sides take turns in rounds, so a busy moment on the machine does not land on one side only.
  const perRound = Math.ceil(JOBS / ROUNDS);
  const baselineImages = await makeImages(perRound * ROUNDS);
  const queuedImages = await makeImages(perRound * ROUNDS);
  const baselineJobs: string[] = [];
  for (const { imageId, userId } of baselineImages) {
    baselineJobs.push((await prisma.imageEnhancementJob.create({ data: { userId, imageId, tier: "FREE", tokensCost: 0, maxRetries: 3 } })).id);
  }
  const boss = await startQueue(url, { maintenance: false });
  await startEnhancementWorker(boss);

  /** Baseline: each job's work in a plain loop, on job rows made beforehand. */
  async function plainLoop(jobIds: string[]) {
    const started = performance.now();
    for (const id of jobIds) {
      const job = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id }, include: { image: true } });
      const original = await storage.get(job.image.originalR2Key);
      const result = await provider.enhance({ input: original!.body, settings });
      const key = enhancedKey(job.userId, job.imageId, job.id);
      await storage.put(key, result.output.output, { contentType: "image/jpeg" });
      await prisma.imageEnhancementJob.update({
        where: { id },
        data: {
          status: "COMPLETED",
          currentStage: "GENERATING",
          enhancedR2Key: key,
          enhancedWidth: result.output.width,
          enhancedHeight: result.output.height,
          enhancedSizeBytes: result.output.sizeBytes,
          enhancementPrompt: result.prompt,
          enhancementModel: result.model,
          processingCompletedAt: new Date(),
        },
      });
    }
    return performance.now() - started;
  }

  // The watch for the last finished row is a prepared statement on a connection of its own: polled
  // every 20 ms, it should weigh on the machine as little as it can, beside the work it measures.
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  const stillOpen = async (ids: string[]) =>
    (
      await watcher.query<{ open: number }>({
        name: "open_jobs",
        text: `SELECT count(*)::int AS open FROM image_enhancement_jobs WHERE id = ANY($1::text[]) AND status IN ('PENDING', 'PROCESSING')`,
        values: [ids],
      })
    ).rows[0]!.open;

  /** Through the queue and the worker: from the first request to the last finished row. */
  async function throughQueue(images: { imageId: string; userId: string }[]) {
    const started = performance.now();
    const sent: string[] = [];
    for (const { imageId, userId } of images) sent.push((await requestEnhancement(userId, imageId, "FREE")).id);
    const sending = performance.now() - started;
    for (;;) {
      const open = await stillOpen(sent);
      if (open === 0) break;
      if (performance.now() - started > 300_000) throw new Error(`${open} queued jobs still open after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { ms: performance.now() - started, sending, ids: sent };
  }

  let baselineMs = 0;
  let queueMs = 0;
  let sentMs = 0;
  const ids: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const slice = <T>(list: T[]) => list.slice(round * perRound, (round + 1) * perRound);
    baselineMs += await plainLoop(slice(baselineJobs));
    const queued = await throughQueue(slice(queuedImages));
    queueMs += queued.ms;
    sentMs += queued.sending;
    ids.push(...queued.ids);
  }
  const rows = await prisma.imageEnhancementJob.findMany({ where: { id: { in: ids } } });
  const failed = rows.filter((row) => row.status !== "COMPLETED");
  if (failed.length) throw new Error(`${failed.length} queued jobs did not complete: ${failed[0]!.errorMessage}`);
  const latencies = rows.map((row) => row.processingCompletedAt!.getTime() - row.createdAt.getTime()).sort((a, b) => a - b);
  const runMs = rows.map((row) => row.processingCompletedAt!.getTime() - row.processingStartedAt!.getTime()).sort((a, b) => a - b);
  const pct = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor(list.length * p))]!;
  await watcher.end();
  await stopQueue();
  await prisma.$disconnect();

  console.log(
    JSON.stringify({
      jobs: ids.length,
      rounds: ROUNDS,
      input: `${WIDTH}×${HEIGHT} JPEG (${VARIANTS} variants, ${Math.round(photos[0]!.length / 1024)} KiB)`,
      output: `${rows[0]!.enhancedWidth}×${rows[0]!.enhancedHeight} JPEG`,
      queueMs,
      sentMs,
      baselineMs,
      latencyP50Ms: pct(latencies, 0.5),
      latencyP99Ms: pct(latencies, 0.99),
      attemptP50Ms: pct(runMs, 0.5),
    }),
  );
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
