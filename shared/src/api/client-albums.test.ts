import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, ApiError } from "./client.ts";

type Seen = { method: string; url: string; auth: string | undefined; type: string | undefined; body: unknown };
let server: Server;
let baseUrl = "";
let seen: Seen[] = [];
/** What the fake server answers next: status and JSON body. */
let reply: { status: number; body: unknown } = { status: 200, body: {} };

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, type: req.headers["content-type"], body });
      res.statusCode = reply.status;
      res.setHeader("Content-Type", "application/json");
      res.end(reply.status === 204 ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
});

const album = {
  id: "a1",
  name: "Trip",
  description: null,
  privacy: "UNLISTED",
  isDefault: false,
  imageCount: 1,
  coverThumb: "https://cdn.example/t.webp",
  shareUrl: "https://spike.land/share/albums/abcdefghijkl",
  updatedAt: "2026-01-02T03:04:05.000Z",
  defaultTier: "TIER_1K",
  pipelineId: null,
  coverImageId: null,
  images: [{ id: "i1", name: "Beach", thumb: "https://cdn.example/t.webp", width: 800, height: 600 }],
};

describe("the API client's album, enhancement and pipeline methods", () => {
  it("reads an album and sends the bearer token", async () => {
    reply = { status: 200, body: { album } };
    const client = new ApiClient({ baseUrl, token: "tok" });
    const result = await client.getAlbum("a1");
    expect(result.album.images[0]?.name).toBe("Beach");
    expect(seen).toEqual([{ method: "GET", url: "/api/v1/albums/a1", auth: "Bearer tok", type: undefined, body: undefined }]);
  });

  it("sends each call to its endpoint with its JSON body", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    reply = { status: 201, body: { album } };
    await client.createAlbum({ name: "Trip", privacy: "UNLISTED" });
    reply = { status: 200, body: { album } };
    await client.updateAlbum("a/1", { privacy: "PUBLIC" });
    reply = { status: 200, body: { added: 1, skipped: 0 } };
    expect(await client.addAlbumImages("a1", ["i1"])).toEqual({ added: 1, skipped: 0 });
    reply = { status: 200, body: { removed: 1 } };
    expect(await client.removeAlbumImages("a1", ["i1"])).toEqual({ removed: 1 });
    reply = { status: 200, body: { imageIds: ["i2", "i1"] } };
    expect(await client.reorderAlbumImages("a1", ["i2"])).toEqual({ imageIds: ["i2", "i1"] });
    reply = { status: 204, body: null };
    expect(await client.deleteAlbum("a1")).toBeUndefined();
    expect(seen.map((call) => [call.method, call.url, call.body])).toEqual([
      ["POST", "/api/v1/albums", { name: "Trip", privacy: "UNLISTED" }],
      ["PATCH", "/api/v1/albums/a%2F1", { privacy: "PUBLIC" }],
      ["POST", "/api/v1/albums/a1/images", { imageIds: ["i1"] }],
      ["DELETE", "/api/v1/albums/a1/images", { imageIds: ["i1"] }],
      ["PUT", "/api/v1/albums/a1/images", { imageIds: ["i2"] }],
      ["DELETE", "/api/v1/albums/a1", undefined],
    ]);
    expect(seen[0]?.type).toBe("application/json");
  });

  it("starts an album batch and reads its progress", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    reply = {
      status: 202,
      body: { batchId: "batch_1", tier: "FREE", pipelineId: null, cost: 0, skipped: 0, jobs: [{ id: "j1", imageId: "i1", status: "PENDING" }] },
    };
    const started = await client.enhanceAlbum("a1");
    expect(started.jobs).toEqual([{ id: "j1", imageId: "i1", status: "PENDING" }]);
    reply = {
      status: 200,
      body: {
        batch: {
          batchId: "batch_1",
          createdAt: "2026-01-02T03:04:05.000Z",
          items: [
            { jobId: "j1", imageId: "i1", imageName: "Beach", thumb: "t", status: "COMPLETED", currentStage: "GENERATING", tier: "FREE", tokensCost: 0, errorMessage: null },
          ],
          totals: { total: 1, done: 1, failed: 0, running: 0, processing: 0, tokens: 0 },
          finished: true,
        },
      },
    };
    const batch = await client.getBatch("batch_1");
    expect(batch.batch.finished).toBe(true);
    expect(seen.map((call) => [call.method, call.url, call.body])).toEqual([
      ["POST", "/api/v1/albums/a1/enhance", {}],
      ["GET", "/api/v1/batches/batch_1", undefined],
    ]);
  });

  it("enhances one image and keeps the job fields it does not name", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    const job = {
      id: "j1",
      imageId: "i1",
      imageName: "Beach",
      tier: "TIER_1K",
      tokensCost: 2,
      status: "PENDING",
      currentStage: null,
      errorMessage: null,
      originalUrl: "https://cdn.example/o.jpg",
      enhancedUrl: null,
      createdAt: "2026-01-02T03:04:05.000Z",
      retryCount: 0,
    };
    reply = { status: 202, body: { job } };
    const result = await client.enhanceImage("i1", { tier: "TIER_1K" });
    expect(result.job).toMatchObject({ id: "j1", retryCount: 0 });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/api/v1/images/i1/enhance", body: { tier: "TIER_1K" } });
  });

  it("lists and creates pipelines", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    reply = { status: 200, body: { pipelines: [{ id: "p1", name: "Crisp", tier: "TIER_2K", mine: true }] } };
    expect((await client.listPipelines()).pipelines[0]?.name).toBe("Crisp");
    reply = {
      status: 201,
      body: {
        pipeline: {
          id: "p2",
          name: "New",
          description: null,
          visibility: "PRIVATE",
          tier: "FREE",
          usageCount: 0,
          mine: true,
          system: false,
          settings: { tier: "FREE" },
          shareToken: null,
          updatedAt: "2026-01-02T03:04:05.000Z",
        },
      },
    };
    const created = await client.createPipeline({ name: "New", tier: "FREE" });
    expect(created.pipeline.settings.autoCrop.enabled).toBe(true);
    expect(seen.map((call) => [call.method, call.url])).toEqual([
      ["GET", "/api/v1/pipelines"],
      ["POST", "/api/v1/pipelines"],
    ]);
  });

  it("surfaces a 402 refusal as an ApiError with the payment_required code", async () => {
    reply = { status: 402, body: { error: { code: "payment_required", message: "This batch needs 20 tokens and you have 10." } } };
    const error = await new ApiClient({ baseUrl, token: "tok" }).enhanceAlbum("a1", { tier: "TIER_4K" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 402, code: "payment_required", message: "This batch needs 20 tokens and you have 10." });
  });

  it("rejects an answer that does not match the contract", async () => {
    reply = { status: 200, body: { albums: [{ id: "a1" }] } };
    await expect(new ApiClient({ baseUrl, token: "tok" }).listAlbums()).rejects.toMatchObject({ code: "internal" });
  });
});
