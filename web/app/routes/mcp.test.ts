/**
 * The MCP server end to end: the SDK's own client over real HTTP against the /mcp route, with the
 * real database, the real queue and workers, and local object storage. An API key connects; tools
 * enhance, generate and modify images with tokens charged and refunded as in the app; revoked keys
 * stop at once; nobody sees another person's images or jobs; the limits answer in words.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ENHANCEMENT_COST } from "@spike-land/shared/tokens/tiers";
import { syntheticJpeg } from "@spike-land/shared/node/enhance/synthetic";
import { startRouteServer, type RouteServer } from "../../test/route-server.ts";

// Signed links must point at the route server, so APP_URL is set before the app modules load.
const server: RouteServer = await startRouteServer();
process.env.APP_URL = server.url;
const { prisma } = await import("../.server/platform/db.server.ts");
const { env } = await import("../.server/platform/env.server.ts");
const { startQueue, stopQueue } = await import("../.server/platform/queue.server.ts");
const { adjust, credit, readBalance } = await import("../.server/tokens/ledger.server.ts");
const { createApiKey, revokeApiKey } = await import("../.server/api-keys/api-keys.server.ts");
const { startEnhancementWorker } = await import("../.server/jobs/enhance-worker.server.ts");
const { enhancementQueueOptions } = await import("../.server/jobs/enhance-queue.server.ts");
const { startGenerationWorker } = await import("../.server/mcp/generation-worker.server.ts");
const { generationQueueOptions } = await import("../.server/mcp/generation-queue.server.ts");
const { refundGeneration } = await import("../.server/mcp/generation-jobs.server.ts");
const { useGenerationProvider, GenerationProviderError } = await import("../.server/providers/generation/index.server.ts");
const { createLocalGeneration } = await import("../.server/providers/generation/local.server.ts");
const { makeUser } = await import("../../test/fixtures.ts");
const mcpRoute = await import("./mcp.tsx");
const outputRoute = await import("./mcp_.jobs.$id.output.tsx");
const files = await import("./files.$.tsx");

type ToolAnswer = { isError: boolean; text: string; data: Record<string, unknown>; images: Array<{ data: string; mimeType: string }> };
type JobData = { id: string; status: string; tokensCost: number; outputUrl?: string | null; outputWidth?: number; outputHeight?: number; [key: string]: unknown };

const clients: Client[] = [];

beforeAll(async () => {
  server.mount("POST", "/mcp", mcpRoute.action);
  server.mount("GET", "/mcp", mcpRoute.loader);
  server.mount("DELETE", "/mcp", mcpRoute.action);
  server.mount("GET", "/mcp/jobs/*", ({ request, params }) => outputRoute.loader({ request, params: { id: params["*"]!.replace(/\/output$/, "") }, context: {} }));
  server.mount("GET", "/files/*", files.loader);
  enhancementQueueOptions.retryDelaySeconds = 0;
  enhancementQueueOptions.retryBackoff = false;
  generationQueueOptions.retryDelaySeconds = 0;
  generationQueueOptions.retryBackoff = false;
  const boss = await startQueue(env.DATABASE_URL, { maintenance: false });
  await startEnhancementWorker(boss, { pollingIntervalSeconds: 0.5 });
  await startGenerationWorker(boss, { pollingIntervalSeconds: 0.5 });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await stopQueue();
  await server.close();
});

/** A person with an API key and, unless `tokens` says otherwise, plenty of tokens; "short" leaves 3. */
async function person(tokens: number | "short" = 100) {
  const user = await makeUser();
  if (tokens === "short") await adjust(user.id, -7, { source: "test" });
  else if (tokens > 0) await credit(user.id, tokens, "EARN_BONUS", { source: "test" });
  const { key, apiKey } = await createApiKey(user.id, "Assistant");
  return { user, key, keyId: apiKey.id };
}

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "spike-land-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string; data?: string; mimeType?: string }>;
  const texts = content.filter((part) => part.type === "text").map((part) => part.text ?? "");
  return {
    isError: result.isError === true,
    text: texts[0] ?? "",
    data: texts[1] ? (JSON.parse(texts[1]) as Record<string, unknown>) : {},
    images: content.filter((part) => part.type === "image").map((part) => ({ data: part.data!, mimeType: part.mimeType! })),
  };
}

const balance = async (userId: string) => (await readBalance(userId)).balance;

async function settled(jobId: string, table: "generation" | "enhancement", timeout = 30_000) {
  const read = () =>
    table === "generation"
      ? prisma.mcpGenerationJob.findUniqueOrThrow({ where: { id: jobId } }).then((job) => job.status)
      : prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: jobId } }).then((job) => job.status);
  await expect.poll(read, { timeout, interval: 200 }).toMatch(/^(COMPLETED|REFUNDED|FAILED)$/);
  return read();
}

async function uploaded(client: Client, width = 640, height = 480) {
  const photo = await syntheticJpeg({ width, height, exposure: 0.5 });
  const answer = await call(client, "upload_image", { imageBase64: photo.toString("base64"), name: "Harbour" });
  expect(answer.isError, answer.text).toBe(false);
  return (answer.data.image as { id: string }).id;
}

async function download(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("connecting", () => {
  it("lists every tool, each with a description and an input schema", async () => {
    const { key } = await person(0);
    const client = await connect(key);
    expect(client.getServerVersion()).toMatchObject({ name: "spike-land" });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "enhance_image",
      "generate_image",
      "get_balance",
      "get_job",
      "get_token_history",
      "list_albums",
      "list_images",
      "modify_image",
      "upload_image",
    ]);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(30);
      expect(tool.inputSchema.type, tool.name).toBe("object");
    }
    const generate = tools.find((tool) => tool.name === "generate_image")!;
    expect(generate.inputSchema.required).toEqual(["prompt"]);
    expect(Object.keys(generate.inputSchema.properties ?? {})).toEqual(["prompt", "tier"]);
  });

  it("answers 401 with WWW-Authenticate: Bearer without a valid key, and 405 to GET and DELETE", async () => {
    const initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } } });
    const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
    const bare = await fetch(`${server.url}/mcp`, { method: "POST", headers, body: initialize });
    expect(bare.status).toBe(401);
    expect(bare.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/^Send your Spike Land API key as Authorization: Bearer <key>/);
    const wrong = await fetch(`${server.url}/mcp`, { method: "POST", headers: { ...headers, Authorization: "Bearer sk_test_not-a-real-key" }, body: initialize });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');

    const { key } = await person(0);
    for (const method of ["GET", "DELETE"]) {
      const answer = await fetch(`${server.url}/mcp`, { method, headers: { Authorization: `Bearer ${key}`, Accept: "text/event-stream" } });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get("Allow")).toBe("POST");
    }
  });

  it("stops a revoked key at once", async () => {
    const { user, key, keyId } = await person(0);
    const client = await connect(key);
    expect((await call(client, "get_balance")).isError).toBe(false);
    await revokeApiKey(user.id, keyId);
    await expect(call(client, "get_balance")).rejects.toThrow(/401|not valid or has been revoked/);
    await expect(connect(key)).rejects.toThrow(/not valid or has been revoked/);
  });
});

describe("library, balance and history", () => {
  it("uploads by base64 and by URL, checked by content, and lists images and albums", async () => {
    const { key } = await person(0);
    const client = await connect(key);
    const first = await uploaded(client);
    const stored = await prisma.enhancedImage.findUniqueOrThrow({ where: { id: first } });
    // By URL: the signed link of the first upload, served over HTTP (local addresses pass in tests).
    const link = ((await call(client, "list_images")).data.images as Array<{ urls: { original: string } }>)[0]!.urls.original;
    const byUrl = await call(client, "upload_image", { url: link });
    expect(byUrl.isError, byUrl.text).toBe(false);
    expect(byUrl.data.image).toMatchObject({ width: stored.originalWidth, height: stored.originalHeight, format: "jpeg" });

    const listed = await call(client, "list_images", { pageSize: 1 });
    expect(listed.data).toMatchObject({ page: 1, pages: 2, total: 2 });
    expect(listed.text).toBe("Page 1 of 2: 1 of 2 images.");
    const albums = await call(client, "list_albums");
    expect((albums.data.albums as Array<{ name: string }>).map((album) => album.name).sort()).toEqual(["Private Gallery", "Public Gallery"]);

    const notImage = await call(client, "upload_image", { imageBase64: Buffer.from("just some text").toString("base64") });
    expect(notImage.isError).toBe(true);
    expect(notImage.text).toMatch(/is not an image we can read/);
    const both = await call(client, "upload_image", { url: link, imageBase64: "AAAA" });
    expect([both.isError, both.text]).toEqual([true, "Give exactly one of url or imageBase64."]);
    const badInput = await call(client, "list_images", { pageSize: 500 });
    expect(badInput.isError).toBe(true);
    expect(badInput.text).toMatch(/pageSize/);
  });

  it("shows the balance with prices, and the ledger newest first", async () => {
    const { user, key } = await person(25);
    const client = await connect(key);
    const answer = await call(client, "get_balance");
    expect(answer.text).toBe(`You have ${await balance(user.id)} tokens.`);
    expect(answer.data).toMatchObject({ balance: 35, tier: "FREE", capacity: 10 });
    expect(answer.data.prices).toContainEqual({ tier: "TIER_2K", label: "2K", cost: 5, longestEdge: 2048 });
    const history = await call(client, "get_token_history");
    expect((history.data.entries as Array<{ type: string; amount: number }>).map((entry) => [entry.type, entry.amount])).toEqual([
      ["EARN_BONUS", 25],
      ["EARN_BONUS", 10],
    ]);
  });
});

describe("enhance_image", () => {
  it("runs an enhancement end to end with the app's charge, and get_job shows the result", async () => {
    const { user, key } = await person();
    const client = await connect(key);
    const imageId = await uploaded(client, 800, 600);
    const before = await balance(user.id);
    const answer = await call(client, "enhance_image", { imageId, tier: "TIER_1K" });
    expect(answer.isError, answer.text).toBe(false);
    const job = answer.data.job as JobData;
    expect(job).toMatchObject({ kind: "enhancement", imageId, tier: "TIER_1K", tokensCost: ENHANCEMENT_COST.TIER_1K });
    // The worker in this process is woken as the job is queued, so it may have started already.
    expect(["PENDING", "PROCESSING"]).toContain(job.status);
    expect(await balance(user.id)).toBe(before - ENHANCEMENT_COST.TIER_1K);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, type: "SPEND_ENHANCEMENT", sourceId: job.id } })).toBe(1);

    expect(await settled(job.id, "enhancement")).toBe("COMPLETED");
    const done = await call(client, "get_job", { jobId: job.id, includeImage: true });
    expect(done.text).toBe(`Enhancement job ${job.id} is COMPLETED.`);
    const view = done.data.job as JobData & { enhancedUrl: string; enhancedWidth: number; enhancedHeight: number };
    expect([view.enhancedWidth, view.enhancedHeight]).toEqual([1024, 768]);
    const meta = await sharp(await download(view.enhancedUrl)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 768]);
    expect(done.images).toHaveLength(1);
    expect(done.images[0]!.mimeType).toBe("image/jpeg");
  });

  it("refuses another person's image and a short balance, charging nothing", async () => {
    const owner = await person();
    const imageId = await uploaded(await connect(owner.key));
    const stranger = await person("short");
    const client = await connect(stranger.key);
    const refused = await call(client, "enhance_image", { imageId, tier: "TIER_1K" });
    expect([refused.isError, refused.text]).toEqual([true, "There is no image with that id in your library."]);

    const own = await uploaded(client);
    const short = await call(client, "enhance_image", { imageId: own, tier: "TIER_4K" });
    expect(short.isError).toBe(true);
    expect(short.text).toBe(`This needs 10 tokens and you have ${await balance(stranger.user.id)}. Buy a token pack or wait for free tokens to regenerate.`);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: stranger.user.id } })).toBe(0);
  });
});

describe("generate_image", () => {
  it("renders the picture at the tier's size, charges the tier's tokens, and get_job shows it COMPLETED with its link", async () => {
    const { user, key } = await person();
    const client = await connect(key);
    const before = await balance(user.id);
    const answer = await call(client, "generate_image", { prompt: "A sunset over the ocean with mountains", tier: "TIER_2K" });
    expect(answer.isError, answer.text).toBe(false);
    const job = answer.data.job as JobData;
    expect(job).toMatchObject({ kind: "generation", type: "GENERATE", tier: "TIER_2K", tokensCost: 5, outputUrl: null });
    expect(["PENDING", "PROCESSING"]).toContain(job.status);
    expect(answer.data.reading).toMatch(/^A 3:2 sunset landscape \(sun, mountains, sea\) in sunset, ocean colours, seed [0-9a-f]{8}\.$/);
    expect(answer.text).toContain("Call get_job with this id");
    expect(await balance(user.id)).toBe(before - 5);
    const spent = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_MCP_GENERATION" } });
    expect(spent.map((entry) => [entry.amount, entry.source, entry.sourceId])).toEqual([[-5, "mcp_generation_job", job.id]]);

    expect(await settled(job.id, "generation")).toBe("COMPLETED");
    const done = await call(client, "get_job", { jobId: job.id });
    const view = done.data.job as JobData & { outputUrl: string; outputSizeBytes: number; model: string; processingStartedAt: string; processingCompletedAt: string; outputPath: string };
    expect(view).toMatchObject({ status: "COMPLETED", outputWidth: 2048, outputHeight: 1365, model: "local-svg", outputPath: `/mcp/jobs/${job.id}/output` });
    expect(Date.parse(view.processingCompletedAt)).toBeGreaterThanOrEqual(Date.parse(view.processingStartedAt));
    const bytes = await download(view.outputUrl);
    expect(bytes.length).toBe(view.outputSizeBytes);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 2048, 1365]);

    // The same prompt and tier give the same picture, byte for byte.
    expect((await createLocalGeneration().generate({ prompt: "a sunset over the ocean with mountains", tier: "TIER_2K" })).output.equals(bytes)).toBe(true);
    // The job's own link, opened with the key, leads to the picture.
    const link = await fetch(`${server.url}${view.outputPath}`, { headers: { Authorization: `Bearer ${key}` }, redirect: "manual" });
    expect(link.status).toBe(302);
    expect((await download(link.headers.get("Location")!)).equals(bytes)).toBe(true);
    expect(await balance(user.id)).toBe(before - 5);
  });

  it("refuses a short balance with the ledger's words and creates no job", async () => {
    const { user, key } = await person("short");
    const client = await connect(key);
    const answer = await call(client, "generate_image", { prompt: "red circles", tier: "TIER_4K" });
    expect(answer.isError).toBe(true);
    expect(answer.text).toBe(`This needs 10 tokens and you have ${await balance(user.id)}. Buy a token pack or wait for free tokens to regenerate.`);
    expect(await prisma.mcpGenerationJob.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("modify_image", () => {
  it("changes a library image, a generated one and one from a URL as the prompt says", async () => {
    const { user, key } = await person();
    const client = await connect(key);
    const imageId = await uploaded(client, 800, 600);
    const square = await call(client, "modify_image", { imageId, prompt: "black and white, crop square", tier: "TIER_1K" });
    expect(square.isError, square.text).toBe(false);
    expect(square.data.reading).toBe("Make it black and white; crop to a centred square.");
    const squareJob = square.data.job as JobData;
    expect(squareJob).toMatchObject({ type: "MODIFY", tokensCost: 2, inputImageUrl: `/images/${imageId}/original` });

    const generated = (await call(client, "generate_image", { prompt: "neon grid", tier: "FREE" })).data.job as JobData;
    expect(await settled(generated.id, "generation")).toBe("COMPLETED");
    const turned = (await call(client, "modify_image", { jobId: generated.id, prompt: "rotate left and much brighter", tier: "TIER_1K" })).data.job as JobData;

    const link = ((await call(client, "list_images")).data.images as Array<{ urls: { original: string } }>)[0]!.urls.original;
    const fromUrl = (await call(client, "modify_image", { imageUrl: link, prompt: "crop to 16:9 and warmer", tier: "FREE" })).data.job as JobData;

    for (const job of [squareJob, turned, fromUrl]) expect(await settled(job.id, "generation"), job.id).toBe("COMPLETED");
    const grey = await prisma.mcpGenerationJob.findUniqueOrThrow({ where: { id: squareJob.id } });
    expect([grey.outputWidth, grey.outputHeight, grey.modelName]).toEqual([1024, 1024, "local-sharp-edit"]);
    const greyBytes = await download(((await call(client, "get_job", { jobId: squareJob.id })).data.job as { outputUrl: string }).outputUrl);
    const { channels } = await sharp(greyBytes).stats();
    expect(Math.abs(channels[0]!.mean - channels[2]!.mean)).toBeLessThan(1.5);
    const rotated = await prisma.mcpGenerationJob.findUniqueOrThrow({ where: { id: turned.id } });
    expect([rotated.outputWidth, rotated.outputHeight]).toEqual([1024, 1024]);
    const wide = await prisma.mcpGenerationJob.findUniqueOrThrow({ where: { id: fromUrl.id } });
    expect(wide.outputWidth).toBe(1024);
    expect(Math.abs(wide.outputHeight! - 576)).toBeLessThanOrEqual(1);
    expect(wide.inputImageUrl).toBe(link);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, type: "SPEND_MCP_GENERATION" } })).toBe(2);
  });

  it("refuses, without charging, a prompt the local engine cannot carry out, a missing picture and two pictures at once", async () => {
    const { user, key } = await person();
    const client = await connect(key);
    const imageId = await uploaded(client);
    const before = await balance(user.id);
    const vague = await call(client, "modify_image", { imageId, prompt: "add a dragon", tier: "TIER_1K" });
    expect(vague.isError).toBe(true);
    expect(vague.text).toMatch(/^The local image engine found nothing it can do in that prompt\. It understands: brighter \/ darker/);
    const none = await call(client, "modify_image", { prompt: "brighter", tier: "TIER_1K" });
    expect([none.isError, none.text]).toEqual([true, "Say which image to modify with exactly one of imageId, jobId, imageUrl or imageBase64."]);
    const two = await call(client, "modify_image", { imageId, imageUrl: "https://example.com/x.jpg", prompt: "brighter", tier: "TIER_1K" });
    expect(two.isError).toBe(true);
    const missing = await call(client, "modify_image", { imageId: "img_nope", prompt: "brighter", tier: "TIER_1K" });
    expect([missing.isError, missing.text]).toEqual([true, "We could not find that image."]);
    const unfinished = await call(client, "modify_image", { jobId: "nope", prompt: "brighter", tier: "TIER_1K" });
    expect([unfinished.isError, unfinished.text]).toEqual([true, "That generation job was not found."]);
    expect(await balance(user.id)).toBe(before);
    expect(await prisma.mcpGenerationJob.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("failures", () => {
  it("refunds a job that keeps failing exactly once, after its retries, and one that cannot succeed at once", async () => {
    const attempts: string[] = [];
    const local = createLocalGeneration();
    useGenerationProvider({
      ...local,
      read: local.read,
      async generate(request) {
        attempts.push(request.prompt);
        if (request.prompt.startsWith("refused")) throw new GenerationProviderError("The image model declined this prompt (SAFETY).", false);
        throw new GenerationProviderError("The image model is busy; the job will retry.", true);
      },
    });
    try {
      const { user, key } = await person();
      const client = await connect(key);
      const before = await balance(user.id);
      const busy = (await call(client, "generate_image", { prompt: "busy mountains", tier: "TIER_2K" })).data.job as JobData;
      const refused = (await call(client, "generate_image", { prompt: "refused mountains", tier: "TIER_1K" })).data.job as JobData;
      // Both were charged up front (the refused one may already be refunded by now).
      const spent = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_MCP_GENERATION" } });
      expect(spent.map((entry) => [entry.sourceId, entry.amount]).sort()).toEqual([[busy.id, -5], [refused.id, -2]].sort());

      expect(await settled(busy.id, "generation")).toBe("REFUNDED");
      expect(await settled(refused.id, "generation")).toBe("REFUNDED");
      expect(attempts.filter((prompt) => prompt === "busy mountains")).toHaveLength(4);
      expect(attempts.filter((prompt) => prompt === "refused mountains")).toHaveLength(1);
      const view = (await call(client, "get_job", { jobId: busy.id })).data.job as JobData;
      expect(view).toMatchObject({ status: "REFUNDED", outputUrl: null, errorMessage: "Failed after 4 attempts: The image model is busy; the job will retry." });
      expect(((await call(client, "get_job", { jobId: refused.id })).data.job as JobData).errorMessage).toBe("The image model declined this prompt (SAFETY).");

      // Refunding again changes nothing: one REFUND per job, and the balance is back where it was.
      expect(await refundGeneration(busy.id, "again")).toBeNull();
      const refunds = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "REFUND" }, orderBy: { createdAt: "asc" } });
      expect(refunds.map((entry) => [entry.sourceId, entry.amount]).sort()).toEqual([[busy.id, 5], [refused.id, 2]].sort());
      expect(await balance(user.id)).toBe(before);
    } finally {
      useGenerationProvider(null);
    }
  }, 60_000);
});

describe("who sees what", () => {
  it("never shows one person's images or jobs to another person's key", async () => {
    const owner = await person();
    const ownerClient = await connect(owner.key);
    const imageId = await uploaded(ownerClient);
    const job = (await call(ownerClient, "generate_image", { prompt: "pastel circles", tier: "FREE" })).data.job as JobData;
    const enhancement = (await call(ownerClient, "enhance_image", { imageId, tier: "FREE" })).data.job as JobData;

    const stranger = await person();
    const client = await connect(stranger.key);
    expect((await call(client, "list_images")).data).toMatchObject({ images: [], total: 0 });
    for (const jobId of [job.id, enhancement.id]) {
      expect(await call(client, "get_job", { jobId })).toMatchObject({ isError: true, text: "That job was not found." });
    }
    expect(await call(client, "modify_image", { imageId, prompt: "brighter", tier: "FREE" })).toMatchObject({ isError: true, text: "We could not find that image." });
    expect(await call(client, "modify_image", { jobId: job.id, prompt: "brighter", tier: "FREE" })).toMatchObject({ isError: true, text: "That generation job was not found." });
    const history = (await call(client, "get_token_history")).data.entries as Array<{ sourceId: string | null }>;
    expect(history.map((entry) => entry.sourceId)).not.toContain(job.id);
    // The job's link, opened with the other key, is not found.
    expect(await settled(job.id, "generation")).toBe("COMPLETED");
    const link = await fetch(`${server.url}/mcp/jobs/${job.id}/output`, { headers: { Authorization: `Bearer ${stranger.key}` }, redirect: "manual" });
    expect(link.status).toBe(404);
  });
});

describe("rate limits", () => {
  it("allows 10 generations and modifications a minute together, then says so", async () => {
    const { user, key } = await person();
    const client = await connect(key);
    const imageId = await uploaded(client, 320, 240);
    for (let i = 0; i < 9; i++) expect((await call(client, "generate_image", { prompt: `stripes ${i}`, tier: "FREE" })).isError).toBe(false);
    expect((await call(client, "modify_image", { imageId, prompt: "brighter", tier: "FREE" })).isError).toBe(false);
    const limited = await call(client, "generate_image", { prompt: "stripes again", tier: "FREE" });
    expect(limited.isError).toBe(true);
    expect(limited.text).toMatch(/^Too many image generations: the limit is 10 a minute for generate_image and modify_image together\. Try again in \d+ (seconds?|minute)\.$/);
    const modifyLimited = await call(client, "modify_image", { imageId, prompt: "darker", tier: "FREE" });
    expect(modifyLimited.text).toMatch(/^Too many image generations/);
    expect(await prisma.mcpGenerationJob.count({ where: { userId: user.id } })).toBe(10);
  }, 60_000);

  it("allows 60 job status reads a minute, then says so", async () => {
    const { key } = await person();
    const client = await connect(key);
    const job = (await call(client, "generate_image", { prompt: "grid", tier: "FREE" })).data.job as JobData;
    for (let i = 0; i < 60; i++) expect((await call(client, "get_job", { jobId: job.id })).isError).toBe(false);
    const limited = await call(client, "get_job", { jobId: job.id });
    expect(limited.isError).toBe(true);
    expect(limited.text).toMatch(/^Too many job status requests: the limit is 60 a minute\. Try again in \d+ (seconds?|minute)\.$/);
  }, 60_000);
});
