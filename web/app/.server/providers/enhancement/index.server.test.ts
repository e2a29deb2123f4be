/**
 * With GEMINI_API_KEY set, enhancement jobs run through Gemini: here against a local server speaking
 * its REST API. The configuration is read when the app's modules load, so they are imported after
 * the variables are set.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";

type Answer = (response: ServerResponse) => void | Promise<void>;
const answers: Answer[] = [];
const requests: string[] = [];
let server: Server;

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    for await (const _chunk of request) {
      /* drain the body */
    }
    requests.push(request.url ?? "");
    const answer = answers.shift();
    if (answer) await answer(response);
    else json(response, 500, { error: { code: 500, message: "no answer prepared" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.GEMINI_API_KEY = "job-test-key";
  process.env.GEMINI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  delete process.env.GEMINI_API_KEY;
  delete process.env.GEMINI_BASE_URL;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function app() {
  const { prisma } = await import("../../platform/db.server.ts");
  const { objectStorage } = await import("../storage/index.server.ts");
  const { enhancementConfig, enhancementProvider } = await import("./index.server.ts");
  const { processEnhancementJob } = await import("../../jobs/enhance-worker.server.ts");
  const { makeUser } = await import("../../../../test/fixtures.ts");
  const { readBalance } = await import("../../tokens/ledger.server.ts");
  return { prisma, objectStorage, enhancementConfig, enhancementProvider, processEnhancementJob, makeUser, readBalance };
}

/** A charged, unqueued TIER_1K job on a fresh photo, so each attempt below is run by hand. */
async function chargedJob(modules: Awaited<ReturnType<typeof app>>) {
  const { prisma, objectStorage, makeUser, readBalance } = modules;
  const user = await makeUser();
  const body = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#406080" } }).jpeg().toBuffer();
  const image = await prisma.enhancedImage.create({
    data: { userId: user.id, name: "Lake", originalUrl: "", originalR2Key: "pending", originalWidth: 300, originalHeight: 200, originalSizeBytes: body.length, originalFormat: "jpeg" },
  });
  const key = `images/${user.id}/${image.id}/original.jpg`;
  await objectStorage().put(key, body, { contentType: "image/jpeg" });
  await prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key } });
  const before = (await readBalance(user.id)).balance;
  const job = await prisma.$transaction(async (tx) => {
    const created = await tx.imageEnhancementJob.create({ data: { userId: user.id, imageId: image.id, tier: "TIER_1K", tokensCost: 2, maxRetries: 3 } });
    await tx.userTokenBalance.update({ where: { userId: user.id }, data: { balance: { decrement: 2 } } });
    await tx.tokenTransaction.create({
      data: { userId: user.id, amount: -2, type: "SPEND_ENHANCEMENT", source: "enhancement_job", sourceId: created.id, balanceAfter: before - 2 },
    });
    return created;
  });
  return { user, job, before };
}

describe("enhancement jobs with Gemini configured", () => {
  it("picks Gemini, retries a busy model and stores the model's image at the tier's size", async () => {
    const modules = await app();
    const { prisma, objectStorage, enhancementConfig, enhancementProvider, processEnhancementJob } = modules;
    expect(enhancementConfig).toMatchObject({ driver: "gemini", apiKey: "job-test-key", model: "gemini-2.5-flash-image" });
    expect(enhancementProvider().kind).toBe("gemini");

    const { job } = await chargedJob(modules);
    requests.length = 0;
    answers.push((response) => json(response, 429, { error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED" } }));
    // While the model works, the job's row (what the job page's event stream reads) shows the stage.
    let seenWhileGenerating: unknown = null;
    answers.push(async (response) => {
      for (let tries = 0; tries < 100; tries++) {
        const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, currentStage: true } });
        seenWhileGenerating = row;
        if (row.currentStage === "GENERATING") break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const png = await sharp({ create: { width: 480, height: 320, channels: 3, background: "#e0a060" } }).png().toBuffer();
      json(response, 200, { candidates: [{ content: { parts: [{ inlineData: { mimeType: "image/png", data: png.toString("base64") } }] }, finishReason: "STOP" }] });
    });

    await expect(processEnhancementJob(job.id)).rejects.toThrow("The image model is busy; the job will retry.");
    const waiting = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([waiting.status, waiting.retryCount, waiting.errorMessage]).toEqual(["PROCESSING", 1, "The image model is busy; the job will retry."]);

    await processEnhancementJob(job.id);
    expect(seenWhileGenerating).toEqual({ status: "PROCESSING", currentStage: "GENERATING" });
    expect(requests).toEqual(["/v1beta/models/gemini-2.5-flash-image:generateContent", "/v1beta/models/gemini-2.5-flash-image:generateContent"]);
    const done = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe("COMPLETED");
    expect(done.enhancementModel).toBe("gemini-2.5-flash-image");
    expect(done.analysisSource).toBe("local-sharp");
    expect(done.enhancementPrompt).toMatch(/^Edit the first image, a photograph\./);
    expect(done.errorMessage).toBeNull();
    expect([done.enhancedWidth, done.enhancedHeight]).toEqual([ENHANCEMENT_LONGEST_EDGE.TIER_1K, 683]);
    const stored = await objectStorage().get(done.enhancedR2Key!);
    const meta = await sharp(stored!.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 683]);
    expect(done.enhancedSizeBytes).toBe(stored!.body.length);
  });

  it("a refused key ends the job at once and refunds it once", async () => {
    const modules = await app();
    const { prisma, processEnhancementJob, readBalance } = modules;
    const { user, job, before } = await chargedJob(modules);
    requests.length = 0;
    answers.push((response) => json(response, 403, { error: { code: 403, message: "API key not valid", status: "PERMISSION_DENIED" } }));

    await expect(processEnhancementJob(job.id)).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    const row = await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.status, row.retryCount, row.errorMessage]).toEqual(["REFUNDED", 1, "The image model refused the API key; check GEMINI_API_KEY."]);
    expect(await prisma.tokenTransaction.count({ where: { type: "REFUND", sourceId: job.id } })).toBe(1);
    expect((await readBalance(user.id)).balance).toBe(before);
  });
});
