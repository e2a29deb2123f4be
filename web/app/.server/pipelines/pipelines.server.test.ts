import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineFormSchema, type PipelineForm } from "@spike-land/shared/images/pipelines";
import { syntheticJpeg } from "@spike-land/shared/node/enhance/synthetic";
import { ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { requestEnhancement } from "../jobs/requests.server.ts";
import { processEnhancementJob } from "../jobs/enhance-worker.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import {
  createPipeline,
  deletePipeline,
  findSharedPipeline,
  findVisiblePipeline,
  forkPipeline,
  listMyPipelines,
  listPublicPipelines,
  listUsablePipelines,
  PIPELINE_PAGE_SIZE,
  PipelineError,
  setPipelineVisibility,
  updatePipeline,
} from "./pipelines.server.ts";

const TOKEN = /^[A-Za-z0-9_-]{12}$/;

function form(fields: Record<string, string> = {}): PipelineForm {
  return pipelineFormSchema.parse({ name: "Crisp", visibility: "PRIVATE", tier: "TIER_1K", analysis: "on", autoCrop: "on", ...fields });
}

async function expectNotFound(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as PipelineError).status).toBe(404);
}

/** A user's image whose original (a synthetic photo, optionally letterboxed) is in storage. */
async function makeImage(userId: string, letterbox = 0) {
  const width = 480;
  const height = 320;
  const body = await syntheticJpeg({ width, height, letterbox });
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Letterboxed", originalUrl: "", originalR2Key: "pending", originalWidth: width, originalHeight: height, originalSizeBytes: body.length, originalFormat: "jpeg" },
  });
  const key = `images/${userId}/${image.id}/original.jpg`;
  await objectStorage().put(key, body, { contentType: "image/jpeg" });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key } });
}

beforeAll(async () => {
  // Jobs are queued but no worker runs here: the tests run each attempt themselves.
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

describe("creating and editing pipelines", () => {
  it("stores the form's settings; only the owner can edit or delete", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const created = await createPipeline(owner.id, form({ instructions: "warm film look", quality: "85", minCropRatio: "0.1", analysis: "" }));
    expect(created.userId).toBe(owner.id);
    expect(created.usageCount).toBe(0);
    expect(created.shareToken).toBeNull();
    expect(created.analysisConfig).toEqual({ enabled: false });
    expect(created.autoCropConfig).toEqual({ enabled: true, minCropRatio: 0.1 });
    expect(created.promptConfig).toEqual({ instructions: "warm film look" });
    expect(created.generationConfig).toEqual({ quality: 85 });

    await expectNotFound(updatePipeline(other.id, created.id, form({ name: "Hijacked" })));
    await expectNotFound(deletePipeline(other.id, created.id));
    await expectNotFound(setPipelineVisibility(other.id, created.id, "PUBLIC"));
    const untouched = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: created.id } });
    expect(untouched.name).toBe("Crisp");
    expect(untouched.visibility).toBe("PRIVATE");

    const updated = await updatePipeline(owner.id, created.id, form({ name: "Crisper", tier: "TIER_2K", autoCrop: "" }));
    expect(updated.name).toBe("Crisper");
    expect(updated.tier).toBe("TIER_2K");
    expect(updated.autoCropConfig).toEqual({ enabled: false, minCropRatio: 0.05 });
    expect(updated.promptConfig).toEqual({});

    await deletePipeline(owner.id, created.id);
    expect(await prisma.enhancementPipeline.count({ where: { id: created.id } })).toBe(0);
    await expectNotFound(deletePipeline(owner.id, created.id));
  });
});

describe("visibility and share tokens", () => {
  it("has a 12-character url-safe token only while shared by link", async () => {
    const owner = await makeUser();
    const linked = await createPipeline(owner.id, form({ visibility: "LINK" }));
    expect(linked.shareToken).toMatch(TOKEN);

    // Staying LINK keeps the link working.
    const edited = await updatePipeline(owner.id, linked.id, form({ visibility: "LINK", name: "Renamed" }));
    expect(edited.shareToken).toBe(linked.shareToken);
    expect((await setPipelineVisibility(owner.id, linked.id, "LINK")).shareToken).toBe(linked.shareToken);

    const madePublic = await setPipelineVisibility(owner.id, linked.id, "PUBLIC");
    expect(madePublic.visibility).toBe("PUBLIC");
    expect(madePublic.shareToken).toBeNull();
    expect(await findSharedPipeline(linked.shareToken!)).toBeNull();

    const relinked = await setPipelineVisibility(owner.id, linked.id, "LINK");
    expect(relinked.shareToken).toMatch(TOKEN);
    expect(relinked.shareToken).not.toBe(linked.shareToken);

    const madePrivate = await updatePipeline(owner.id, linked.id, form({ visibility: "PRIVATE" }));
    expect(madePrivate.shareToken).toBeNull();

    const viaForm = await updatePipeline(owner.id, linked.id, form({ visibility: "LINK" }));
    expect(viaForm.shareToken).toMatch(TOKEN);
  });

  it("lets the owner, anyone for PUBLIC, and only token holders for LINK see a pipeline", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const hidden = await createPipeline(owner.id, form({ name: "Hidden" }));
    const open = await createPipeline(owner.id, form({ name: "Open", visibility: "PUBLIC" }));
    const linked = await createPipeline(owner.id, form({ name: "Linked", visibility: "LINK" }));

    expect((await findVisiblePipeline(owner.id, hidden.id))?.id).toBe(hidden.id);
    expect(await findVisiblePipeline(other.id, hidden.id)).toBeNull();
    expect(await findVisiblePipeline(null, hidden.id)).toBeNull();
    expect((await findVisiblePipeline(other.id, open.id))?.id).toBe(open.id);

    expect(await findVisiblePipeline(other.id, linked.id)).toBeNull();
    expect(await findVisiblePipeline(other.id, linked.id, "AAAAAAAAAAAA")).toBeNull();
    expect((await findVisiblePipeline(other.id, linked.id, linked.shareToken))?.id).toBe(linked.id);
    // A token opens only its own pipeline.
    expect(await findVisiblePipeline(other.id, hidden.id, linked.shareToken)).toBeNull();
    expect((await findSharedPipeline(linked.shareToken!))?.id).toBe(linked.id);
    expect(await findSharedPipeline("short")).toBeNull();
  });
});

describe("forking", () => {
  it("copies what the forker can see into a private pipeline of theirs, and refuses others' private ones", async () => {
    const owner = await makeUser();
    const forker = await makeUser();
    const source = await createPipeline(owner.id, form({ name: "Moody", visibility: "PUBLIC", tier: "TIER_4K", instructions: "deep shadows", temperature: "0.7", autoCrop: "" }));
    await prisma.enhancementPipeline.update({ where: { id: source.id }, data: { usageCount: 7 } });

    const copy = await forkPipeline(forker.id, source.id);
    expect(copy.id).not.toBe(source.id);
    expect(copy.userId).toBe(forker.id);
    expect(copy.name).toBe("Moody (copy)");
    expect(copy.visibility).toBe("PRIVATE");
    expect(copy.shareToken).toBeNull();
    expect(copy.usageCount).toBe(0);
    expect(copy.tier).toBe("TIER_4K");
    expect(copy.analysisConfig).toEqual(source.analysisConfig);
    expect(copy.autoCropConfig).toEqual({ enabled: false, minCropRatio: 0.05 });
    expect(copy.promptConfig).toEqual({ instructions: "deep shadows" });
    expect(copy.generationConfig).toEqual({ temperature: 0.7 });
    // The source is unchanged.
    expect((await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: source.id } })).usageCount).toBe(7);

    const secret = await createPipeline(owner.id, form({ name: "Secret" }));
    await expectNotFound(forkPipeline(forker.id, secret.id));

    const linked = await createPipeline(owner.id, form({ name: "L".repeat(80), visibility: "LINK" }));
    await expectNotFound(forkPipeline(forker.id, linked.id));
    await expectNotFound(forkPipeline(forker.id, linked.id, "wrong-token1"));
    const linkedCopy = await forkPipeline(forker.id, linked.id, linked.shareToken);
    expect(linkedCopy.userId).toBe(forker.id);
    expect(linkedCopy.name).toHaveLength(80);
    expect(linkedCopy.name.endsWith(" (copy)")).toBe(true);

    // Owners can fork their own private pipeline.
    expect((await forkPipeline(owner.id, secret.id)).name).toBe("Secret (copy)");
  });
});

describe("lists", () => {
  it("pages the user's own pipelines and the public catalogue of others", async () => {
    const me = await makeUser();
    const someone = await makeUser();
    for (let i = 0; i < PIPELINE_PAGE_SIZE + 1; i++) await createPipeline(me.id, form({ name: `Mine ${i}` }));
    const myPublic = await createPipeline(me.id, form({ name: "My public", visibility: "PUBLIC" }));
    const popular = await createPipeline(someone.id, form({ name: "Popular", visibility: "PUBLIC" }));
    await prisma.enhancementPipeline.update({ where: { id: popular.id }, data: { usageCount: 1_000_000 } });
    const theirPrivate = await createPipeline(someone.id, form({ name: "Their private" }));
    const theirLink = await createPipeline(someone.id, form({ name: "Their link", visibility: "LINK" }));

    const first = await listMyPipelines(me.id, 1);
    expect(first.total).toBe(PIPELINE_PAGE_SIZE + 2);
    expect(first.pages).toBe(2);
    expect(first.pipelines).toHaveLength(PIPELINE_PAGE_SIZE);
    expect(first.pipelines.every((pipeline) => pipeline.mine)).toBe(true);
    const second = await listMyPipelines(me.id, 2);
    expect(second.pipelines).toHaveLength(2);
    expect(new Set([...first.pipelines, ...second.pipelines].map((pipeline) => pipeline.id)).size).toBe(PIPELINE_PAGE_SIZE + 2);

    const catalogue = await listPublicPipelines(me.id, 1);
    const ids = catalogue.pipelines.map((pipeline) => pipeline.id);
    expect(ids[0]).toBe(popular.id);
    expect(ids).not.toContain(myPublic.id);
    expect(ids).not.toContain(theirPrivate.id);
    expect(ids).not.toContain(theirLink.id);
    // Only the owner is ever given the share token.
    expect(catalogue.pipelines.every((pipeline) => pipeline.shareToken === null)).toBe(true);

    // The picker's list is unchanged: own first, then public.
    const usable = await listUsablePipelines(me.id);
    expect(usable.findIndex((pipeline) => pipeline.id === myPublic.id)).toBeLessThan(usable.findIndex((pipeline) => pipeline.id === popular.id));
    expect(usable.map((pipeline) => pipeline.id)).not.toContain(theirLink.id);
  });
});

describe("running jobs with a pipeline", () => {
  it("counts each job requested with a pipeline, including others' public ones", async () => {
    const owner = await makeUser();
    const user = await makeUser();
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 50 } });
    const image = await makeImage(user.id);
    const open = await createPipeline(owner.id, form({ visibility: "PUBLIC" }));
    const hidden = await createPipeline(owner.id, form({ visibility: "PRIVATE" }));

    await requestEnhancement(user.id, image.id, "TIER_1K", { pipelineId: open.id });
    await requestEnhancement(user.id, image.id, "FREE", { pipelineId: open.id });
    expect((await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: open.id } })).usageCount).toBe(2);
    await expect(requestEnhancement(user.id, image.id, "FREE", { pipelineId: hidden.id })).rejects.toThrow(/pipeline was not found/);
    expect((await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: hidden.id } })).usageCount).toBe(0);
  });

  it("a pipeline with auto-crop off leaves letterbox bars in; with it on they are cut", async () => {
    const user = await makeUser();
    const image = await makeImage(user.id, 0.12);
    const noCrop = await createPipeline(user.id, form({ name: "No crop", autoCrop: "" }));
    const withCrop = await createPipeline(user.id, form({ name: "Crop" }));

    const kept = await requestEnhancement(user.id, image.id, "FREE", { pipelineId: noCrop.id });
    await processEnhancementJob(kept.id);
    const keptRow = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: kept.id } });
    expect(keptRow.status).toBe("COMPLETED");
    expect(keptRow.pipelineId).toBe(noCrop.id);
    expect(keptRow.wasCropped).toBe(false);
    expect(keptRow.cropDimensions).toBeNull();
    // The whole 3:2 frame, bars included, scaled to the tier's edge.
    expect(keptRow.enhancedWidth).toBe(ENHANCEMENT_LONGEST_EDGE.FREE);
    expect(keptRow.enhancedHeight).toBe(Math.round((ENHANCEMENT_LONGEST_EDGE.FREE * 320) / 480));

    const cut = await requestEnhancement(user.id, image.id, "FREE", { pipelineId: withCrop.id });
    await processEnhancementJob(cut.id);
    const cutRow = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: cut.id } });
    expect(cutRow.status).toBe("COMPLETED");
    expect(cutRow.wasCropped).toBe(true);
    expect(cutRow.enhancedHeight!).toBeLessThan(keptRow.enhancedHeight! - 100);
  }, 40_000);
});
