/** The daily allowance of FREE enhancement jobs, wherever a FREE job is asked for: service, form, album batch and API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { FREE_JOBS_PER_DAY, FreeJobLimitError, freeJobsLeftToday, requestEnhancement } from "./requests.server.ts";
import { addImages, AlbumError, createAlbum } from "../albums/albums.server.ts";
import { enhanceAll } from "../albums/batches.server.ts";
import { action as enhanceFormAction } from "../../routes/images_.$id.enhance.tsx";
import { action as apiImageEnhance } from "../../routes/api.v1.images.$id.enhance.tsx";
import { action as apiAlbumEnhance } from "../../routes/api.v1.albums.$id.enhance.tsx";
import { formRequest, jsonRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

// No worker runs here: the jobs stay PENDING, and only their count matters.
beforeAll(() => startQueue(env.DATABASE_URL, { maintenance: false }));
afterAll(() => stopQueue());

async function makeImage(userId: string, name = "Photo") {
  const image = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: `images/${userId}/${image.id}/original.jpg` } });
}

/** FREE jobs the user already ran, `daysAgo` 0 meaning today. */
async function usedFreeJobs(userId: string, imageId: string, count: number, daysAgo = 0) {
  const createdAt = new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000);
  await prisma.imageEnhancementJob.createMany({
    data: Array.from({ length: count }, () => ({ userId, imageId, tier: "FREE" as const, tokensCost: 0, status: "COMPLETED" as const, createdAt })),
  });
}

/** Counted here on its own, not through the service under test. */
const freeJobsToday = (userId: string) =>
  prisma.imageEnhancementJob.count({ where: { userId, tier: "FREE", createdAt: { gte: new Date(new Date().setUTCHours(0, 0, 0, 0)) } } });

const USED_UP = `You have used all ${FREE_JOBS_PER_DAY} of today's free enhancements. Choose a paid tier, or try again after midnight UTC.`;

describe("the daily allowance of free enhancements", () => {
  it(`allows ${FREE_JOBS_PER_DAY} FREE jobs a day and refuses the next with a clear message; yesterday's do not count`, async () => {
    const user = await makeUser();
    const image = await makeImage(user.id);
    await usedFreeJobs(user.id, image.id, 30, 1);
    await usedFreeJobs(user.id, image.id, FREE_JOBS_PER_DAY - 1);
    expect(await freeJobsLeftToday(user.id)).toBe(1);

    const last = await requestEnhancement(user.id, image.id, "FREE");
    expect(last.status).toBe("PENDING");
    // The job handed back is the row as stored.
    expect(last).toEqual(await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: last.id } }));
    const refused = await requestEnhancement(user.id, image.id, "FREE").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FreeJobLimitError);
    expect((refused as FreeJobLimitError).status).toBe(429);
    expect((refused as FreeJobLimitError).message).toBe(USED_UP);
    expect(await freeJobsToday(user.id)).toBe(FREE_JOBS_PER_DAY);

    // Paid tiers are not part of the allowance.
    expect((await requestEnhancement(user.id, image.id, "TIER_1K")).tier).toBe("TIER_1K");
  });

  it("never lets requests arriving together pass the allowance", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id);
    await usedFreeJobs(user.id, image.id, FREE_JOBS_PER_DAY - 2);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => requestEnhancement(user.id, image.id, "FREE")));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
    for (const result of results.filter((r) => r.status === "rejected")) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(FreeJobLimitError);
    expect(await freeJobsToday(user.id)).toBe(FREE_JOBS_PER_DAY);
  });

  it("sends the enhance form back to the photo with the message", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id);
    await usedFreeJobs(user.id, image.id, FREE_JOBS_PER_DAY);
    const { cookie } = await signIn(user.id);
    const result = await run(() => enhanceFormAction(routeArgs(formRequest(`/images/${image.id}/enhance`, { tier: "FREE" }, { cookie }), { id: image.id })));
    expect(result.status).toBe(302);
    expect(new URL(result.location!, "http://localhost").searchParams.get("error")).toBe(USED_UP);
    expect(await freeJobsToday(user.id)).toBe(FREE_JOBS_PER_DAY);
  });
});

describe("a FREE album batch", () => {
  async function albumOf(userId: string, photos: number) {
    const album = await createAlbum(userId, { name: "Holiday" });
    const images = [];
    for (let i = 0; i < photos; i++) images.push(await makeImage(userId, `Photo ${i + 1}`));
    await addImages(userId, album.id, images.map((image) => image.id));
    return { album, images };
  }

  it("is refused whole when it would pass the allowance, saying how many are left today", async () => {
    const user = await makeUser();
    const { album, images } = await albumOf(user.id, 5);
    await usedFreeJobs(user.id, images[0]!.id, FREE_JOBS_PER_DAY - 3);
    const refused = await enhanceAll(user.id, album.id, { tier: "FREE" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AlbumError);
    expect((refused as AlbumError).status).toBe(429);
    expect((refused as AlbumError).message).toBe(
      `This batch needs 5 free enhancements and you have 3 of today's ${FREE_JOBS_PER_DAY} left. Enhance fewer photos, choose a paid tier, or try again after midnight UTC.`,
    );
    expect(await freeJobsToday(user.id)).toBe(FREE_JOBS_PER_DAY - 3);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id, workflowRunId: { not: null } } })).toBe(0);
  });

  it("runs when it fits, using up the allowance exactly", async () => {
    const user = await makeUser();
    const { album, images } = await albumOf(user.id, 3);
    await usedFreeJobs(user.id, images[0]!.id, FREE_JOBS_PER_DAY - 3);
    const batch = await enhanceAll(user.id, album.id, { tier: "FREE" });
    expect(batch.jobIds).toHaveLength(3);
    expect(await freeJobsLeftToday(user.id)).toBe(0);
  });

  it("is refused through the API with 429 and the same message; so is a single FREE job past the allowance", async () => {
    const user = await makeUser();
    const { token } = await signIn(user.id);
    const { album, images } = await albumOf(user.id, 4);
    await usedFreeJobs(user.id, images[0]!.id, FREE_JOBS_PER_DAY - 2);

    const batch = await run(() => apiAlbumEnhance(routeArgs(jsonRequest(`/api/v1/albums/${album.id}/enhance`, { tier: "FREE" }, { token }), { id: album.id })));
    expect(batch.status).toBe(429);
    expect(batch.body.error.code).toBe("rate_limited");
    expect(batch.body.error.message).toContain("you have 2 of today's");

    for (let i = 0; i < 2; i++) {
      const ok = await run(() => apiImageEnhance(routeArgs(jsonRequest(`/api/v1/images/${images[i]!.id}/enhance`, { tier: "FREE" }, { token }), { id: images[i]!.id })));
      expect(ok.status).toBe(202);
    }
    const single = await run(() => apiImageEnhance(routeArgs(jsonRequest(`/api/v1/images/${images[2]!.id}/enhance`, { tier: "FREE" }, { token }), { id: images[2]!.id })));
    expect(single.status).toBe(429);
    expect(single.body.error).toEqual({ code: "rate_limited", message: USED_UP });
    expect(await freeJobsToday(user.id)).toBe(FREE_JOBS_PER_DAY);
  });
});
