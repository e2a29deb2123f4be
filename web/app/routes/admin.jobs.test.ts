import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma, type EnhancementTier, type JobStatus } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { readBalance } from "../.server/tokens/ledger.server.ts";
import { action, loader } from "./admin.jobs.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

beforeAll(() => startQueue(env.DATABASE_URL, { maintenance: false }));
afterAll(() => stopQueue());

async function admin() {
  const user = await makeUser({ role: "ADMIN" });
  return { user, ...(await signIn(user.id)) };
}

async function seedJobs(userId: string, rows: Array<[JobStatus, EnhancementTier, string?]>) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Market", originalUrl: "", originalR2Key: `images/${userId}/m/original.jpg`, originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg" },
  });
  const jobs = [];
  for (const [status, tier, errorMessage] of rows) {
    jobs.push(await prisma.imageEnhancementJob.create({ data: { userId, imageId: image.id, status, tier, tokensCost: 5, errorMessage: errorMessage ?? null } }));
  }
  return jobs;
}

describe("the admin jobs dashboard", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const [failed] = await seedJobs(user.id, [["FAILED", "TIER_1K", "Broken"]]);
    expect((await run(() => loader(routeArgs(getRequest("/admin/jobs", { cookie }))))).status).toBe(403);
    const rerun = await run(() => action(routeArgs(formRequest("/admin/jobs", { intent: "rerun", jobId: failed!.id }, { cookie }))));
    expect(rerun.status).toBe(403);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(1);
    const signedOut = await run(() => loader(routeArgs(getRequest("/admin/jobs"))));
    expect(signedOut.location).toBe("/login?redirectTo=%2Fadmin%2Fjobs");
  });

  it("shows counts that match the seeded jobs, the failures with their error, and filters", async () => {
    await prisma.imageEnhancementJob.deleteMany(); // this file's database: start the count from zero
    const { cookie } = await admin();
    const owner = await makeUser();
    await seedJobs(owner.id, [
      ["COMPLETED", "TIER_1K"],
      ["COMPLETED", "TIER_2K"],
      ["FAILED", "TIER_2K", "The original image is missing from storage."],
      ["REFUNDED", "TIER_4K", "Failed after 3 attempts: timeout"],
      ["PROCESSING", "FREE"],
    ]);
    const page = await run(() => loader(routeArgs(getRequest("/admin/jobs", { cookie }))));
    expect(page.status).toBe(200);
    const { counts } = page.body;
    expect(counts.total).toBe(5);
    expect(counts.byStatus).toEqual({ PENDING: 0, PROCESSING: 1, COMPLETED: 2, FAILED: 1, REFUNDED: 1, CANCELLED: 0 });
    expect(counts.byTier).toEqual({ FREE: 1, TIER_1K: 1, TIER_2K: 2, TIER_4K: 1 });
    expect(counts.byStatusAndTier.COMPLETED).toEqual({ FREE: 0, TIER_1K: 1, TIER_2K: 1, TIER_4K: 0 });
    expect(page.body.failures.map((job: { errorMessage: string }) => job.errorMessage).sort()).toEqual([
      "Failed after 3 attempts: timeout",
      "The original image is missing from storage.",
    ]);
    expect(page.body.total).toBe(5);

    const filtered = await run(() => loader(routeArgs(getRequest("/admin/jobs?status=COMPLETED&tier=TIER_2K", { cookie }))));
    expect(filtered.body.total).toBe(1);
    expect(filtered.body.jobs[0]).toMatchObject({ status: "COMPLETED", tier: "TIER_2K" });
    expect(filtered.body.filter).toMatchObject({ status: "COMPLETED", tier: "TIER_2K", page: 1 });
  });

  it("reruns a failed job for its owner without charging them", async () => {
    const { user, cookie } = await admin();
    const owner = await makeUser();
    const [failed] = await seedJobs(owner.id, [["FAILED", "TIER_4K", "Broken"]]);
    const balance = (await readBalance(owner.id)).balance;
    const result = await run(() => action(routeArgs(formRequest("/admin/jobs", { intent: "rerun", jobId: failed!.id }, { cookie, ip: "192.0.2.77" }))));
    expect(result.status).toBe(200);
    expect(result.message).toBe("Queued again for the owner at no charge.");
    const rerun = await prisma.imageEnhancementJob.findFirstOrThrow({ where: { imageId: failed!.imageId, id: { not: failed!.id } } });
    expect(rerun).toMatchObject({ userId: owner.id, imageId: failed!.imageId, tier: "TIER_4K", tokensCost: 0, status: "PENDING" });
    expect((await readBalance(owner.id)).balance).toBe(balance);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: user.id } });
    expect(audit).toMatchObject({ targetId: owner.id, ipAddress: "192.0.2.77" });
    expect(audit.metadata).toMatchObject({ event: "job.admin_rerun", jobId: failed!.id, newJobId: rerun.id });
  });

  it("answers bad input and unknown jobs clearly", async () => {
    const { cookie } = await admin();
    const empty = await run(() => action(routeArgs(formRequest("/admin/jobs", { intent: "rerun" }, { cookie }))));
    expect(empty.status).toBe(400);
    expect(empty.message).toBe("Choose a job to rerun.");
    const missing = await run(() => action(routeArgs(formRequest("/admin/jobs", { intent: "rerun", jobId: "nope" }, { cookie }))));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("That job was not found.");
    const owner = await makeUser();
    const [running] = await seedJobs(owner.id, [["PENDING", "FREE"]]);
    const busy = await run(() => action(routeArgs(formRequest("/admin/jobs", { intent: "rerun", jobId: running!.id }, { cookie }))));
    expect(busy.status).toBe(409);
    expect(busy.message).toBe("This job is still queued or running; rerun it once it has finished.");
  });
});
