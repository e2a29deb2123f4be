import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { readBalance } from "../tokens/ledger.server.ts";
import { queue, QUEUE_SCHEMA, startQueue, stopQueue } from "../platform/queue.server.ts";
import { requestEnhancement } from "./requests.server.ts";
import { ENHANCE_QUEUE } from "./enhance-queue.server.ts";
import { refundJob } from "./refunds.server.ts";
import { INTERRUPTED_MESSAGE, openJobLocks, type JobLocks } from "./interrupted.server.ts";
import { makeUser } from "../../../test/fixtures.ts";

let locks: JobLocks;

beforeAll(async () => {
  await startQueue(env.DATABASE_URL, { maintenance: false });
  locks = await openJobLocks();
});
afterAll(async () => {
  await locks.close();
  await stopQueue();
});

/** A charged 1K job that a worker fetched a minute ago and then lost, as after kill -9. */
async function fetchedJob(retryCount = 0) {
  const user = await makeUser();
  const image = await prisma.enhancedImage.create({
    data: { userId: user.id, name: "Lost", originalUrl: "", originalR2Key: "k", originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg" },
  });
  const job = await requestEnhancement(user.id, image.id, "TIER_1K");
  const [fetched] = await queue().fetch<{ jobId: string }>(ENHANCE_QUEUE, { batchSize: 1 });
  expect(fetched?.data.jobId).toBe(job.id);
  await prisma.$executeRawUnsafe(`UPDATE ${QUEUE_SCHEMA}.job SET started_on = now() - interval '1 minute' WHERE id = $1::uuid`, fetched!.id);
  await prisma.imageEnhancementJob.update({ where: { id: job.id }, data: { status: "PROCESSING", retryCount } });
  return { user, job, queueJobId: fetched!.id };
}

const queueState = async (id: string) =>
  (await prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text AS state FROM ${QUEUE_SCHEMA}.job WHERE id = $1::uuid`, id))[0]?.state;

describe("jobs whose worker died", () => {
  it("leaves a job alone while its worker lives, and sends it back to the queue with the attempt counted once the worker is gone", async () => {
    const { job, queueJobId } = await fetchedJob();
    // Another worker process, alive and holding the job.
    const worker = new pg.Client({ connectionString: env.DATABASE_URL });
    await worker.connect();
    await worker.query("SELECT pg_advisory_lock(41207, hashtext($1))", [job.id]);

    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(0);
    expect((await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })).retryCount).toBe(0);
    expect(await queueState(queueJobId)).toBe("active");

    await worker.end(); // the process dies: PostgreSQL drops its lock with its connection
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(1);
    const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.status, row.retryCount, row.errorMessage]).toEqual(["PROCESSING", 1, INTERRUPTED_MESSAGE]);
    expect(await queueState(queueJobId)).toBe("retry");
    // Asked again, nothing more happens: the job is waiting for its retry, not lost.
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(0);
  });

  it("refunds a lost job that had no attempts left, once", async () => {
    const { user, job, queueJobId } = await fetchedJob(2);
    const before = (await readBalance(user.id)).balance;
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(1);
    const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.status, row.retryCount]).toEqual(["REFUNDED", 3]);
    expect((await readBalance(user.id)).balance).toBe(before + 2);
    expect(await queueState(queueJobId)).toBe("completed");
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(0);
    expect((await readBalance(user.id)).balance).toBe(before + 2);
  });

  it("does not take a job this process is running for a lost one", async () => {
    const { job } = await fetchedJob();
    const release = await locks.hold(job.id);
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(0);
    await release();
    expect(await locks.recover(queue(), ENHANCE_QUEUE, refundJob)).toBe(1);
  });
});
