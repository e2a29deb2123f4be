import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENHANCEMENT_COST, ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { readBalance } from "../tokens/ledger.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { cancelJob, EnhancementError, requestEnhancement, rerunJob } from "./requests.server.ts";
import { processEnhancementJob, stageEvents, startEnhancementWorker } from "./enhance-worker.server.ts";
import { enhancementQueueOptions } from "./enhance-queue.server.ts";
import { action as enhanceAction } from "../../routes/images_.$id.enhance.tsx";
import { loader as imageLoader } from "../../routes/images.$id.tsx";
import { action as jobAction, loader as jobLoader } from "../../routes/jobs.$id.tsx";
import { loader as eventsLoader } from "../../routes/jobs.$id.events.tsx";
import { loader as apiJobLoader } from "../../routes/api.v1.jobs.$id.tsx";
import { loader as jobsLoader } from "../../routes/jobs._index.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../../test/request.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";

async function photo(width = 240, height = 160): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = 40 + ((x * 150) / width) | 0;
      pixels[i + 1] = 60 + ((y * 120) / height) | 0;
      pixels[i + 2] = 90 + (((x + y) * 60) / (width + height)) | 0;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

async function makeImage(userId: string, body?: Buffer) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Test photo", originalUrl: "", originalR2Key: "pending", originalWidth: 240, originalHeight: 160, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  const key = `images/${userId}/${image.id}/original.jpg`;
  if (body) await objectStorage().put(key, body, { contentType: "image/jpeg" });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key, originalSizeBytes: body?.length ?? 0 } });
}

const balance = async (userId: string) => (await readBalance(userId)).balance;

beforeAll(async () => {
  enhancementQueueOptions.retryDelaySeconds = 0;
  enhancementQueueOptions.retryBackoff = false;
  const boss = await startQueue(env.DATABASE_URL, { maintenance: false });
  await startEnhancementWorker(boss, { pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopQueue());

const finished = (jobId: string) =>
  expect.poll(async () => (await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: jobId } })).status, { timeout: 25_000, interval: 200 });

describe("enhancement jobs", () => {
  it("charges at request time, runs all four stages in the worker and stores a result at the tier's size", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, await photo());
    const before = await balance(user.id);
    const stages: string[] = [];
    const listener = (jobId: string, stage: string) => stages.push(`${jobId}:${stage}`);
    stageEvents.on("stage", listener);
    const job = await requestEnhancement(user.id, image.id, "TIER_1K");
    expect(await balance(user.id)).toBe(before - ENHANCEMENT_COST.TIER_1K);
    const spendRows = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_ENHANCEMENT", sourceId: job.id } });
    expect(spendRows).toHaveLength(1);
    expect(spendRows[0]!.amount).toBe(-ENHANCEMENT_COST.TIER_1K);

    await finished(job.id).toBe("COMPLETED");
    stageEvents.off("stage", listener);
    expect(stages).toEqual(["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"].map((stage) => `${job.id}:${stage}`));
    const done = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.currentStage).toBe("GENERATING");
    expect(done.enhancementModel).toBe("local-sharp");
    expect(done.enhancementPrompt?.length).toBeGreaterThan(0);
    expect(done.processingStartedAt).not.toBeNull();
    expect(done.processingCompletedAt).not.toBeNull();
    expect(done.enhancedR2Key).toBe(`images/${user.id}/${image.id}/enhanced-${job.id}.jpg`);
    expect(Math.max(done.enhancedWidth!, done.enhancedHeight!)).toBe(ENHANCEMENT_LONGEST_EDGE.TIER_1K);
    const stored = await objectStorage().get(done.enhancedR2Key!);
    expect(stored).not.toBeNull();
    const meta = await sharp(stored!.body).metadata();
    expect(meta.format).toBe("jpeg");
    expect(Math.max(meta.width!, meta.height!)).toBe(ENHANCEMENT_LONGEST_EDGE.TIER_1K);
    expect(done.enhancedSizeBytes).toBe(stored!.body.length);
    expect(await balance(user.id)).toBe(before - ENHANCEMENT_COST.TIER_1K);

    // The event stream reports the terminal state, with the result's URL, and ends.
    const { cookie } = await signIn(user.id);
    const response = (await eventsLoader(routeArgs(getRequest(`/jobs/${job.id}/events`, { cookie }), { id: job.id }))) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/event-stream");
    const text = await response.text();
    const events = text.split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)));
    expect(events.at(-1).status).toBe("COMPLETED");
    expect(events.at(-1).enhancedUrl).toBeTruthy();

    // The job page and the API show it too.
    const page = await run(() => jobLoader(routeArgs(getRequest(`/jobs/${job.id}`, { cookie }), { id: job.id })));
    expect(page.body.job.status).toBe("COMPLETED");
    const { token } = await signIn(user.id);
    const api = await run(() => apiJobLoader(routeArgs(getRequest(`/api/v1/jobs/${job.id}`, { headers: { Authorization: `Bearer ${token}` } }), { id: job.id })));
    expect(api.status).toBe(200);
    expect(api.body.job.status).toBe("COMPLETED");
    const history = await run(() => jobsLoader(routeArgs(getRequest("/jobs", { cookie }))));
    expect(history.body.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
  }, 40_000);

  it("refuses when the balance is short and writes nothing", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, await photo());
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 1 } });
    await expect(requestEnhancement(user.id, image.id, "TIER_4K")).rejects.toThrow(/needs 10 tokens and you have 1/);
    await expect(requestEnhancement(user.id, image.id, "TIER_2K")).rejects.toThrow(/needs 5 tokens and you have 1/);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, type: "SPEND_ENHANCEMENT" } })).toBe(0);
    expect(await balance(user.id)).toBe(1);
    // The free preview tier costs nothing and still runs.
    await requestEnhancement(user.id, image.id, "FREE");
    expect(await balance(user.id)).toBe(1);
  });

  it("a job whose original is missing or corrupt fails after its retries and is refunded exactly once", async () => {
    const user = await makeUser();
    const corrupt = await makeImage(user.id, Buffer.from("this is not a jpeg"));
    const missing = await makeImage(user.id);
    const before = await balance(user.id);
    const a = await requestEnhancement(user.id, corrupt.id, "TIER_1K");
    const b = await requestEnhancement(user.id, missing.id, "TIER_1K");
    expect(await balance(user.id)).toBe(before - 2 * ENHANCEMENT_COST.TIER_1K);
    await finished(a.id).toBe("REFUNDED");
    await finished(b.id).toBe("REFUNDED");
    for (const job of [a, b]) {
      const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.retryCount).toBe(row.maxRetries);
      expect(row.errorMessage).toMatch(/Failed after 3 attempts/);
      expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: job.id } })).toBe(1);
    }
    // Give any stray retry a moment: still refunded once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: { in: [a.id, b.id] } } })).toBe(2);
    expect(await balance(user.id)).toBe(before);
  }, 40_000);

  it("cancelling a pending job refunds it; rerun charges again; other users get 404", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const image = await makeImage(user.id, await photo());
    const before = await balance(user.id);
    // Created directly as PENDING (not queued) so the worker cannot start it first.
    const job = await prisma.$transaction(async (tx) => {
      const created = await tx.imageEnhancementJob.create({ data: { userId: user.id, imageId: image.id, tier: "TIER_1K", tokensCost: 2, maxRetries: 3 } });
      await tx.userTokenBalance.update({ where: { userId: user.id }, data: { balance: { decrement: 2 } } });
      await tx.tokenTransaction.create({
        data: { userId: user.id, amount: -2, type: "SPEND_ENHANCEMENT", source: "enhancement_job", sourceId: created.id, balanceAfter: before - 2 },
      });
      return created;
    });
    await expect(cancelJob(other.id, job.id)).rejects.toBeInstanceOf(EnhancementError);
    const otherCookie = (await signIn(other.id)).cookie;
    const peek = await run(() => jobLoader(routeArgs(getRequest(`/jobs/${job.id}`, { cookie: otherCookie }), { id: job.id })));
    expect(peek.status).toBe(404);
    const cancelByOther = await run(() => jobAction(routeArgs(formRequest(`/jobs/${job.id}`, { intent: "cancel" }, { cookie: otherCookie }), { id: job.id })));
    expect(cancelByOther.status).toBe(404);
    const sse = await run(() => eventsLoader(routeArgs(getRequest(`/jobs/${job.id}/events`, { cookie: otherCookie }), { id: job.id })));
    expect(sse.status).toBe(404);

    const { cookie } = await signIn(user.id);
    const cancelled = await run(() => jobAction(routeArgs(formRequest(`/jobs/${job.id}`, { intent: "cancel" }, { cookie }), { id: job.id })));
    expect(cancelled.location).toBe(`/jobs/${job.id}`);
    const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("REFUNDED");
    expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: job.id } })).toBe(1);
    expect(await balance(user.id)).toBe(before);
    await expect(cancelJob(user.id, job.id)).rejects.toThrow(/not started/);

    const again = await rerunJob(user.id, job.id);
    expect(again.id).not.toBe(job.id);
    expect(again.tier).toBe("TIER_1K");
    expect(await balance(user.id)).toBe(before - 2);
    await finished(again.id).toBe("COMPLETED");
  }, 40_000);

  it("the enhance form route redirects to the job, reports errors back to the image page, and rate-limits the 11th request", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, await photo(120, 80));
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 1 } });
    const { cookie } = await signIn(user.id);
    const post = (imageId: string, tier: string) =>
      run(() => enhanceAction(routeArgs(formRequest(`/images/${imageId}/enhance`, { tier }, { cookie }), { id: imageId })));
    const ok = await post(image.id, "FREE");
    expect(ok.location).toMatch(/^\/jobs\/c/);
    const short = await post(image.id, "TIER_4K");
    expect(short.location).toMatch(new RegExp(`^/images/${image.id}\\?error=`));
    // The image page shows the message it was sent back with, and never words a crafted link brings.
    const shown = await run(() => imageLoader(routeArgs(getRequest(short.location!, { cookie }), { id: image.id })));
    expect(shown.body.enhanceError).toMatch(/needs 10 tokens/);
    const forged = await run(() => imageLoader(routeArgs(getRequest(`/images/${image.id}?error=Your+account+is+locked%2C+call+us&sig=x`, { cookie }), { id: image.id })));
    expect(forged.body.enhanceError).toBeNull();
    const other = await makeUser();
    const foreign = await makeImage(other.id, await photo(60, 40));
    const notMine = await post(foreign.id, "FREE");
    expect(new URL(notMine.location!, "http://x").searchParams.get("error")).toMatch(/not found/);
    for (let i = 3; i < 10; i++) expect((await post("missing-image", "FREE")).status).toBe(302);
    const limited = await post(image.id, "FREE");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  }, 40_000);

  it("a blend job takes a second image as its source and moves the result towards that image's palette", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, await photo());
    // An orange picture with some structure, as the palette to borrow.
    const orange = await sharp({ create: { width: 200, height: 150, channels: 3, background: "#e07020" } })
      .composite([{ input: { create: { width: 100, height: 75, channels: 3, background: "#f0b040" } }, left: 50, top: 40 }])
      .jpeg()
      .toBuffer();
    const source = await makeImage(user.id, orange);
    await prisma.enhancedImage.update({ where: { id: source.id }, data: { name: "Orange hour" } });
    const before = await balance(user.id);

    const plain = await requestEnhancement(user.id, image.id, "TIER_1K");
    const blend = await requestEnhancement(user.id, image.id, "TIER_1K", { sourceImageId: source.id });
    expect([plain.isBlend, plain.sourceImageId]).toEqual([false, null]);
    expect([blend.isBlend, blend.sourceImageId]).toEqual([true, source.id]);
    expect(await balance(user.id)).toBe(before - 2 * ENHANCEMENT_COST.TIER_1K);
    await finished(plain.id).toBe("COMPLETED");
    await finished(blend.id).toBe("COMPLETED");

    const [plainRow, blendRow] = await Promise.all([plain, blend].map((job) => prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })));
    expect(blendRow!.enhancementPrompt).toContain("Blend the colour palette of “Orange hour” into the picture");
    expect(plainRow!.enhancementPrompt).not.toContain("Blend");
    expect([blendRow!.enhancedWidth, blendRow!.enhancedHeight]).toEqual([plainRow!.enhancedWidth, plainRow!.enhancedHeight]);
    const means = async (key: string) => {
      const stored = await objectStorage().get(key);
      const { channels } = await sharp(stored!.body).stats();
      return { r: channels[0]!.mean, g: channels[1]!.mean, b: channels[2]!.mean };
    };
    const [was, now, target] = await Promise.all([means(plainRow!.enhancedR2Key!), means(blendRow!.enhancedR2Key!), means(source.originalR2Key)]);
    // The photo is blue-ish (blue above red); the source is orange (red far above blue).
    expect(was.b).toBeGreaterThan(was.r);
    expect(target.r - target.b).toBeGreaterThan(100);
    expect(now.r - now.b).toBeGreaterThan(was.r - was.b + 30);
    const distance = (m: typeof was) => Math.hypot(m.r - target.r, m.g - target.g, m.b - target.b);
    expect(distance(now)).toBeLessThan(distance(was) * 0.8);
  }, 40_000);

  it("refuses a blend source that is not the user's (404) or is the image itself (400), charging nothing", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const image = await makeImage(user.id, await photo());
    const theirs = await makeImage(other.id, await photo(60, 40));
    const before = await balance(user.id);
    const notMine = await requestEnhancement(user.id, image.id, "TIER_1K", { sourceImageId: theirs.id }).catch((error: unknown) => error);
    expect(notMine).toBeInstanceOf(EnhancementError);
    expect([(notMine as EnhancementError).status, (notMine as EnhancementError).message]).toEqual([404, "The image to blend with was not found."]);
    const itself = await requestEnhancement(user.id, image.id, "TIER_1K", { sourceImageId: image.id }).catch((error: unknown) => error);
    expect((itself as EnhancementError).status).toBe(400);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
    expect(await balance(user.id)).toBe(before);

    // Through the enhance form: the same answers, back on the image page.
    const { cookie } = await signIn(user.id);
    const posted = await run(() =>
      enhanceAction(routeArgs(formRequest(`/images/${image.id}/enhance`, { tier: "TIER_1K", sourceImageId: theirs.id }, { cookie }), { id: image.id })),
    );
    expect(new URL(posted.location ?? "/", "http://x").searchParams.get("error")).toMatch(/The image to blend with was not found/);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a blend whose source image was deleted fails at once, without retries, and is refunded once", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, await photo());
    const source = await makeImage(user.id, await photo(60, 40));
    const before = await balance(user.id);
    // Created directly (not queued), so the attempt below is the only one.
    const job = await prisma.$transaction(async (tx) => {
      const created = await tx.imageEnhancementJob.create({
        data: { userId: user.id, imageId: image.id, tier: "TIER_1K", tokensCost: 2, maxRetries: 3, isBlend: true, sourceImageId: source.id },
      });
      await tx.userTokenBalance.update({ where: { userId: user.id }, data: { balance: { decrement: 2 } } });
      await tx.tokenTransaction.create({
        data: { userId: user.id, amount: -2, type: "SPEND_ENHANCEMENT", source: "enhancement_job", sourceId: created.id, balanceAfter: before - 2 },
      });
      return created;
    });
    await prisma.enhancedImage.delete({ where: { id: source.id } });
    expect((await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })).sourceImageId).toBeNull();

    await expect(processEnhancementJob(job.id)).resolves.toBeUndefined();
    const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("REFUNDED");
    expect(row.retryCount).toBe(1);
    expect(row.isBlend).toBe(true);
    expect(row.errorMessage).toBe("The image to blend with was deleted, so this blend cannot be made.");
    expect(row.enhancedR2Key).toBeNull();
    expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: job.id } })).toBe(1);
    expect(await balance(user.id)).toBe(before);
    // Another attempt changes nothing.
    await processEnhancementJob(job.id);
    expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: job.id } })).toBe(1);
  });
});
