import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma, type EnhancementTier, type JobStatus } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { ENHANCE_QUEUE } from "../jobs/enhance-queue.server.ts";
import { refundJob } from "../jobs/refunds.server.ts";
import { readBalance } from "../tokens/ledger.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { adminRerunJob, jobCounts, listAdminJobs, parseJobFilter, recentFailures } from "./jobs.server.ts";

beforeAll(() => startQueue(env.DATABASE_URL, { maintenance: false }));
afterAll(() => stopQueue());

async function imageOf(userId: string) {
  return prisma.enhancedImage.create({
    data: { userId, name: "Street", originalUrl: "", originalR2Key: `images/${userId}/x/original.jpg`, originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg" },
  });
}

async function seed(userId: string, imageId: string, status: JobStatus, tier: EnhancementTier, errorMessage: string | null = null) {
  return prisma.imageEnhancementJob.create({ data: { userId, imageId, status, tier, tokensCost: 2, errorMessage } });
}

describe("dashboard numbers", () => {
  it("counts jobs by status, by tier and by both", async () => {
    const before = await jobCounts();
    const user = await makeUser();
    const image = await imageOf(user.id);
    await seed(user.id, image.id, "COMPLETED", "TIER_1K");
    await seed(user.id, image.id, "COMPLETED", "TIER_1K");
    await seed(user.id, image.id, "COMPLETED", "TIER_4K");
    await seed(user.id, image.id, "FAILED", "TIER_2K", "Engine crashed");
    await seed(user.id, image.id, "PENDING", "FREE");
    const after = await jobCounts();
    expect(after.total - before.total).toBe(5);
    expect(after.byStatus.COMPLETED - before.byStatus.COMPLETED).toBe(3);
    expect(after.byStatus.FAILED - before.byStatus.FAILED).toBe(1);
    expect(after.byStatus.PENDING - before.byStatus.PENDING).toBe(1);
    expect(after.byStatus.CANCELLED - before.byStatus.CANCELLED).toBe(0);
    expect(after.byTier.TIER_1K - before.byTier.TIER_1K).toBe(2);
    expect(after.byTier.TIER_4K - before.byTier.TIER_4K).toBe(1);
    expect(after.byStatusAndTier.COMPLETED.TIER_1K - before.byStatusAndTier.COMPLETED.TIER_1K).toBe(2);
    expect(after.byStatusAndTier.FAILED.TIER_2K - before.byStatusAndTier.FAILED.TIER_2K).toBe(1);
    expect(Object.values(after.byStatus).reduce((sum, n) => sum + n, 0)).toBe(after.total);
  });

  it("lists recent failures with their error, and filters the job list", async () => {
    const user = await makeUser();
    const image = await imageOf(user.id);
    const failed = await seed(user.id, image.id, "FAILED", "TIER_2K", "Out of memory");
    const refunded = await seed(user.id, image.id, "REFUNDED", "FREE", "Failed after 3 attempts: timeout");
    const quiet = await seed(user.id, image.id, "CANCELLED", "FREE", "Cancelled before it started.");
    const failures = await recentFailures();
    const ids = failures.map((job) => job.id);
    expect(ids).toEqual(expect.arrayContaining([failed.id, refunded.id]));
    expect(ids).not.toContain(quiet.id);
    expect(failures.find((job) => job.id === failed.id)).toMatchObject({ errorMessage: "Out of memory", image: { name: "Street" }, user: { email: user.email } });

    const filtered = await listAdminJobs(parseJobFilter(new URLSearchParams("status=REFUNDED&tier=FREE")));
    expect(filtered.jobs.every((job) => job.status === "REFUNDED" && job.tier === "FREE")).toBe(true);
    expect(filtered.jobs.map((job) => job.id)).toContain(refunded.id);
    expect(parseJobFilter(new URLSearchParams("status=BOGUS&tier=TIER_9K&page=-2"))).toEqual({ status: null, tier: null, page: 1 });
  });
});

describe("admin rerun", () => {
  it("queues the same work again for the owner without charging, and audits it", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const image = await imageOf(owner.id);
    const failed = await seed(owner.id, image.id, "FAILED", "TIER_2K", "Engine crashed");
    const balance = (await readBalance(owner.id)).balance;

    const job = await adminRerunJob(admin.id, failed.id, "192.0.2.9");
    expect(job).toMatchObject({ userId: owner.id, imageId: image.id, tier: "TIER_2K", tokensCost: 0, status: "PENDING" });
    expect(job.id).not.toBe(failed.id);
    expect((await readBalance(owner.id)).balance).toBe(balance);
    expect(await prisma.tokenTransaction.count({ where: { userId: owner.id, sourceId: job.id } })).toBe(0);

    const queued = await prisma.$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM pgboss.job WHERE name = ${ENHANCE_QUEUE} AND data->>'jobId' = ${job.id}`;
    expect(queued).toEqual([{ state: "created" }]);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id, targetId: owner.id } });
    expect(audit).toMatchObject({ action: "USER_UPDATE", ipAddress: "192.0.2.9" });
    expect(audit.metadata).toMatchObject({ event: "job.admin_rerun", jobId: failed.id, newJobId: job.id, charged: 0 });

    // Ending a free job refunds nothing and leaves the balance alone.
    await refundJob(job.id, "Stopped");
    expect((await readBalance(owner.id)).balance).toBe(balance);
    expect((await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("REFUNDED");
  });

  it("refuses a job still in progress and one that does not exist", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const image = await imageOf(owner.id);
    const running = await seed(owner.id, image.id, "PROCESSING", "TIER_1K");
    await expect(adminRerunJob(admin.id, running.id)).rejects.toMatchObject({ status: 409 });
    await expect(adminRerunJob(admin.id, "missing")).rejects.toMatchObject({ status: 404 });
    expect(await prisma.imageEnhancementJob.count({ where: { imageId: image.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { userId: admin.id } })).toBe(0);
  });
});
