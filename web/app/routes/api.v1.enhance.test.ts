/** The enhancement JSON endpoints: one image, a whole album as a batch, and the batch's progress. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { batchResponse, enhanceAlbumResponse, enhanceImageResponse } from "@spike-land/shared/api/albums";
import { ENHANCEMENT_COST } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { processEnhancementJob } from "../.server/jobs/enhance-worker.server.ts";
import { readBalance } from "../.server/tokens/ledger.server.ts";
import { addImages, createAlbum } from "../.server/albums/albums.server.ts";
import { action as imageEnhanceAction, loader as imageEnhanceLoader } from "./api.v1.images.$id.enhance.tsx";
import { action as albumEnhanceAction } from "./api.v1.albums.$id.enhance.tsx";
import { action as batchAction, loader as batchLoader } from "./api.v1.batches.$id.tsx";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

function expectApiError(result: Outcome, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
  expect(result.body.error.message.length).toBeGreaterThan(0);
}

async function apiUser() {
  const user = await makeUser();
  const { token } = await signIn(user.id);
  return { user, token };
}

async function makeImage(userId: string, name = "Photo") {
  const image = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: `images/${userId}/${image.id}/original.jpg` } });
}

const balance = async (userId: string) => (await readBalance(userId)).balance;
const enhanceImage = (id: string, body: unknown, token?: string) =>
  run(() => imageEnhanceAction(routeArgs(jsonRequest(`/api/v1/images/${id}/enhance`, body, { token }), { id })));
const enhanceAlbum = (id: string, body: unknown, token?: string) =>
  run(() => albumEnhanceAction(routeArgs(jsonRequest(`/api/v1/albums/${id}/enhance`, body, { token }), { id })));
const getBatch = (id: string, token?: string) =>
  run(() => batchLoader(routeArgs(getRequest(`/api/v1/batches/${id}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {}), { id })));

beforeAll(async () => {
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

describe("the enhancement endpoints need a session", () => {
  it("answers 401 JSON without a token and 405 to GET on the POST-only endpoints", async () => {
    expectApiError(await enhanceImage("x", { tier: "FREE" }), 401, "unauthorized");
    expectApiError(await enhanceAlbum("x", {}), 401, "unauthorized");
    expectApiError(await getBatch("batch_x"), 401, "unauthorized");
    expectApiError(await run(() => imageEnhanceLoader()), 405, "method_not_allowed");
    expectApiError(await run(() => batchAction()), 405, "method_not_allowed");
  });
});

describe("POST /api/v1/images/:id/enhance", () => {
  it("charges the tier's cost and answers 202 with the queued job", async () => {
    const { user, token } = await apiUser();
    const image = await makeImage(user.id);
    const before = await balance(user.id);
    const result = await enhanceImage(image.id, { tier: "TIER_1K" }, token);
    expect(result.status).toBe(202);
    const { job } = enhanceImageResponse.parse(result.body);
    expect(job).toMatchObject({ imageId: image.id, tier: "TIER_1K", tokensCost: ENHANCEMENT_COST.TIER_1K, status: "PENDING", enhancedUrl: null });
    expect(result.headers.get("Location")).toBe(`/api/v1/jobs/${job.id}`);
    expect(await balance(user.id)).toBe(before - ENHANCEMENT_COST.TIER_1K);
    const spent = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_ENHANCEMENT", sourceId: job.id } });
    expect(spent.map((row) => row.amount)).toEqual([-ENHANCEMENT_COST.TIER_1K]);
  });

  it("answers 402 when the balance is short, charging nothing", async () => {
    const { user, token } = await apiUser();
    const image = await makeImage(user.id);
    const before = await balance(user.id);
    expect(before).toBeLessThan(ENHANCEMENT_COST.TIER_4K * 2);
    expect((await enhanceImage(image.id, { tier: "TIER_4K" }, token)).status).toBe(202);
    const left = await balance(user.id);
    expect(left).toBeLessThan(ENHANCEMENT_COST.TIER_4K);
    const refused = await enhanceImage(image.id, { tier: "TIER_4K" }, token);
    expectApiError(refused, 402, "payment_required");
    expect(refused.body.error.message).toBe(`This needs 10 tokens and you have ${left}. Buy a token pack or wait for free tokens to regenerate.`);
    expect(await balance(user.id)).toBe(left);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(1);
  });

  it("answers 404 for someone else's image or pipeline, and 422 with field messages to a bad body", async () => {
    const owner = await apiUser();
    const theirs = await makeImage(owner.user.id);
    const { user, token } = await apiUser();
    const before = await balance(user.id);
    expectApiError(await enhanceImage(theirs.id, { tier: "FREE" }, token), 404, "not_found");
    expectApiError(await enhanceImage("no-such-image", { tier: "FREE" }, token), 404, "not_found");

    const mine = await makeImage(user.id);
    const invalid = await enhanceImage(mine.id, { tier: "TIER_8K", sourceImageId: "" }, token);
    expectApiError(invalid, 422, "validation_failed");
    expect(invalid.body.error.fields).toEqual({
      tier: ["Choose one of the enhancement tiers: FREE, TIER_1K, TIER_2K or TIER_4K."],
      sourceImageId: ["Send the id of a second image to blend with, or leave it out."],
    });
    const privatePipeline = await prisma.enhancementPipeline.create({ data: { userId: owner.user.id, name: "Private", tier: "FREE" } });
    expectApiError(await enhanceImage(mine.id, { tier: "TIER_1K", pipelineId: privatePipeline.id }, token), 404, "not_found");
    expectApiError(await enhanceImage(mine.id, { tier: "TIER_1K", sourceImageId: theirs.id }, token), 404, "not_found");
    expectApiError(await enhanceImage(mine.id, { tier: "TIER_1K", sourceImageId: mine.id }, token), 400, "bad_request");
    expect(await balance(user.id)).toBe(before);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
  });

  it("allows 10 requests a minute, then answers 429 with Retry-After", async () => {
    const { user, token } = await apiUser();
    const image = await makeImage(user.id);
    for (let request = 1; request <= 10; request++) {
      expect((await enhanceImage(image.id, { tier: "FREE" }, token)).status).toBe(202);
    }
    const limited = await enhanceImage(image.id, { tier: "FREE" }, token);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(10);
  });
});

describe("POST /api/v1/albums/:id/enhance and GET /api/v1/batches/:id", () => {
  it("queues one job per image in album order, charges for all of them, and reports the batch", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Batch" });
    const [first, second] = await Promise.all([makeImage(user.id, "First"), makeImage(user.id, "Second")]);
    await addImages(user.id, album.id, [second.id, first.id]);
    const before = await balance(user.id);

    const started = await enhanceAlbum(album.id, { tier: "TIER_1K" }, token);
    expect(started.status).toBe(202);
    const batch = enhanceAlbumResponse.parse(started.body);
    expect(batch).toMatchObject({ tier: "TIER_1K", pipelineId: null, cost: 2 * ENHANCEMENT_COST.TIER_1K, skipped: 0 });
    expect(batch.jobs.map((job) => [job.imageId, job.status])).toEqual([
      [second.id, "PENDING"],
      [first.id, "PENDING"],
    ]);
    expect(started.headers.get("Location")).toBe(`/api/v1/batches/${batch.batchId}`);
    expect(await balance(user.id)).toBe(before - 2 * ENHANCEMENT_COST.TIER_1K);
    const rows = await prisma.imageEnhancementJob.findMany({ where: { userId: user.id } });
    expect(rows.map((row) => row.workflowRunId)).toEqual([batch.batchId, batch.batchId]);

    // The originals are not in storage, so each attempt fails until the job is refunded.
    for (let attempt = 0; attempt < 3; attempt++) await processEnhancementJob(batch.jobs[0]!.id).catch(() => undefined);
    const progress = await getBatch(batch.batchId, token);
    expect(progress.status).toBe(200);
    const view = batchResponse.parse(progress.body).batch;
    expect(view.items.map((item) => [item.imageId, item.status])).toEqual([
      [second.id, "REFUNDED"],
      [first.id, "PENDING"],
    ]);
    expect(view.totals).toMatchObject({ total: 2, done: 0, failed: 1, running: 1 });
    expect(view.finished).toBe(false);

    const stranger = await apiUser();
    expectApiError(await getBatch(batch.batchId, stranger.token), 404, "not_found");
    expectApiError(await getBatch("batch_missing", token), 404, "not_found");
  });

  it("uses the album's default tier when none is sent", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Defaults" });
    await prisma.album.update({ where: { id: album.id }, data: { defaultTier: "FREE" } });
    await addImages(user.id, album.id, [(await makeImage(user.id)).id]);
    const started = enhanceAlbumResponse.parse((await enhanceAlbum(album.id, {}, token)).body);
    expect(started).toMatchObject({ tier: "FREE", cost: 0 });
    expect(started.jobs).toHaveLength(1);
  });

  it("refuses an unaffordable batch with 402 and the tokens it needs, creating no job", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Dear" });
    await addImages(user.id, album.id, [(await makeImage(user.id)).id, (await makeImage(user.id)).id]);
    const before = await balance(user.id);
    const refused = await enhanceAlbum(album.id, { tier: "TIER_4K" }, token);
    expectApiError(refused, 402, "payment_required");
    expect(refused.body.error.message).toMatch(new RegExp(`^This batch needs 20 tokens and you have ${before}\\.`));
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
    expect(await balance(user.id)).toBe(before);
  });

  it("answers 404 for someone else's album and 422 to a bad body", async () => {
    const owner = await apiUser();
    const album = await createAlbum(owner.user.id, { name: "Theirs" });
    await addImages(owner.user.id, album.id, [(await makeImage(owner.user.id)).id]);
    const { token } = await apiUser();
    expectApiError(await enhanceAlbum(album.id, { tier: "FREE" }, token), 404, "not_found");
    expect(await prisma.imageEnhancementJob.count({ where: { userId: owner.user.id } })).toBe(0);

    const invalid = await enhanceAlbum(album.id, { tier: "BIG" }, owner.token);
    expectApiError(invalid, 422, "validation_failed");
    expect(invalid.body.error.fields).toEqual({ tier: ["Choose one of the enhancement tiers: FREE, TIER_1K, TIER_2K or TIER_4K."] });
  });

  it("allows 5 batches a minute, then answers 429 with Retry-After", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Empty" });
    for (let batch = 1; batch <= 5; batch++) {
      const empty = await enhanceAlbum(album.id, { tier: "FREE" }, token);
      expectApiError(empty, 400, "bad_request");
      expect(empty.body.error.message).toBe("This album has no images to enhance yet; add some first.");
    }
    const limited = await enhanceAlbum(album.id, { tier: "FREE" }, token);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.body.error.message).toMatch(/^You can start 5 album batches a minute\. Too many attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
  });
});
