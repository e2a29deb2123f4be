/**
 * The Gemini provider against a local HTTP server speaking the Gemini REST API
 * (`POST /v1beta/models/{model}:generateContent`), as @google/genai calls it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enhancementSettingsSchema } from "@spike-land/shared/images/enhancement";
import { syntheticJpeg } from "@spike-land/shared/node/enhance/synthetic";
import { ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { createGeminiEnhancement, DEFAULT_GEMINI_MODEL } from "./gemini.server.ts";
import { resolveEnhancementConfig } from "./index.server.ts";
import { EnhancementProviderError } from "./types.ts";

type Received = { method: string; url: string; apiKey: string | undefined; body: GenerateBody };
type InlinePart = { text?: string; inlineData?: { mimeType: string; data: string } };
type GenerateBody = { contents: Array<{ role?: string; parts: InlinePart[] }>; generationConfig?: { responseModalities?: string[]; temperature?: number } };
type Reply = (request: Received, response: ServerResponse) => void | Promise<void>;

const received: Received[] = [];
let reply: Reply;
let server: Server;
let baseUrl: string;

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What the model "draws": a warm picture of the given size, as a PNG. */
async function modelPicture(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: "#d08040" } }).png().toBuffer();
}

const imageAnswer = (png: Buffer) => ({
  candidates: [{ content: { role: "model", parts: [{ text: "Here it is." }, { inlineData: { mimeType: "image/png", data: png.toString("base64") } }] }, finishReason: "STOP" }],
});

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await readBody(request);
    const entry: Received = {
      method: request.method ?? "",
      url: request.url ?? "",
      apiKey: request.headers["x-goog-api-key"] as string | undefined,
      body: text ? (JSON.parse(text) as GenerateBody) : ({ contents: [] } as GenerateBody),
    };
    received.push(entry);
    await reply(entry, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const provider = () => createGeminiEnhancement({ apiKey: "test-key-123", baseUrl, timeoutMs: 10_000 });

describe("Gemini enhancement provider", () => {
  it("sends the prompt and the picture, runs all four stages and stores the returned image at the tier's size", async () => {
    reply = async (_request, response) => json(response, 200, imageAnswer(await modelPicture(600, 400)));
    const input = await syntheticJpeg({ width: 900, height: 600, exposure: 0.4 });
    const stages: string[] = [];
    const settings = enhancementSettingsSchema.parse({ tier: "TIER_2K", generation: { temperature: 0.3 } });
    const result = await provider().enhance({ input, settings, onStage: (stage) => void stages.push(stage) });

    expect(stages).toEqual(["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"]);
    expect(received).toHaveLength(1);
    const call = received[0]!;
    expect(call.method).toBe("POST");
    expect(call.url).toBe(`/v1beta/models/${DEFAULT_GEMINI_MODEL}:generateContent`);
    expect(call.apiKey).toBe("test-key-123");
    const parts = call.body.contents[0]!.parts;
    expect(parts[0]!.text).toBe(result.prompt);
    expect(result.prompt).toMatch(/^Edit the first image, a photograph\. Lift shadows and midtones/);
    expect(result.prompt).toContain("upscale to 2048 px on the longest edge");
    const sent = parts.filter((part) => part.inlineData);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.inlineData!.mimeType).toBe("image/jpeg");
    const sentMeta = await sharp(Buffer.from(sent[0]!.inlineData!.data, "base64")).metadata();
    expect([sentMeta.format, sentMeta.width, sentMeta.height]).toEqual(["jpeg", 900, 600]);
    expect(call.body.generationConfig?.responseModalities).toEqual(["IMAGE"]);
    expect(call.body.generationConfig?.temperature).toBe(0.3);

    // The 600×400 answer comes back at 2048×1365 as an sRGB JPEG without metadata.
    expect(result.model).toBe(DEFAULT_GEMINI_MODEL);
    expect(result.analysis?.width).toBe(900);
    expect([result.output.width, result.output.height]).toEqual([ENHANCEMENT_LONGEST_EDGE.TIER_2K, 1365]);
    const meta = await sharp(result.output.output).metadata();
    expect([meta.format, meta.width, meta.height, meta.space, meta.exif]).toEqual(["jpeg", 2048, 1365, "srgb", undefined]);
    expect(result.output.sizeBytes).toBe(result.output.output.length);
    const { channels } = await sharp(result.output.output).stats();
    expect(channels[0]!.mean).toBeGreaterThan(channels[2]!.mean + 80); // the model's warm picture, not the input
  });

  it("sends the cropped picture, and a blend job's source as a second image", async () => {
    reply = async (_request, response) => json(response, 200, imageAnswer(await modelPicture(512, 300)));
    const input = await syntheticJpeg({ width: 800, height: 600, letterbox: 0.12 });
    const source = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#e07020" } }).jpeg().toBuffer();
    const settings = enhancementSettingsSchema.parse({ tier: "FREE", prompt: { instructions: "Make it cinematic" } });
    const result = await createGeminiEnhancement({ apiKey: "k", baseUrl, model: "custom-image-model" }).enhance({ input, settings, blendSource: source });

    expect(received[0]!.url).toBe("/v1beta/models/custom-image-model:generateContent");
    expect(result.model).toBe("custom-image-model");
    expect(result.wasCropped).toBe(true);
    const images = received[0]!.body.contents[0]!.parts.filter((part) => part.inlineData);
    expect(images).toHaveLength(2);
    const [picture, second] = await Promise.all(images.map((part) => sharp(Buffer.from(part.inlineData!.data, "base64")).metadata()));
    expect([picture!.width, picture!.height]).toEqual([result.crop!.width, result.crop!.height]);
    expect(result.crop!.height).toBeLessThan(600 * 0.8);
    expect(Math.max(second!.width, second!.height)).toBe(1024);
    expect(result.prompt).toContain("Blend the colour palette of the second image");
    expect(result.prompt).toContain("Make it cinematic.");
    expect([result.output.width, result.output.height]).toEqual([1024, 600]);
  });

  it("turns a busy model (429) into a retryable error with a clear message", async () => {
    reply = (_request, response) => json(response, 429, { error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED" } });
    const input = await syntheticJpeg({ width: 320, height: 240 });
    const failure = await provider()
      .enhance({ input, settings: enhancementSettingsSchema.parse({ tier: "TIER_1K" }) })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnhancementProviderError);
    expect((failure as EnhancementProviderError).message).toBe("The image model is busy; the job will retry.");
    expect((failure as EnhancementProviderError).retryable).toBe(true);
    expect((failure as EnhancementProviderError).status).toBe(429);
    expect(received).toHaveLength(1); // the queue retries, not the client
  });

  it("refused keys, rejected requests and refusals are final; an answer without an image is retried", async () => {
    const input = await syntheticJpeg({ width: 320, height: 240 });
    const settings = enhancementSettingsSchema.parse({ tier: "TIER_1K" });
    const attempt = (answer: Reply) => {
      reply = answer;
      return provider()
        .enhance({ input, settings })
        .then(() => null, (error: unknown) => error as EnhancementProviderError);
    };

    const forbidden = await attempt((_r, response) => json(response, 403, { error: { code: 403, message: "API key not valid", status: "PERMISSION_DENIED" } }));
    expect([forbidden?.message, forbidden?.retryable]).toEqual(["The image model refused the API key; check GEMINI_API_KEY.", false]);

    const rejected = await attempt((_r, response) => json(response, 400, { error: { code: 400, message: "Image too small", status: "INVALID_ARGUMENT" } }));
    expect([rejected?.message, rejected?.retryable]).toEqual(["The image model rejected the request (HTTP 400): Image too small", false]);

    const down = await attempt((_r, response) => json(response, 503, { error: { code: 503, message: "overloaded", status: "UNAVAILABLE" } }));
    expect([down?.message, down?.retryable]).toEqual(["The image model is unavailable (HTTP 503); the job will retry.", true]);

    const refused = await attempt((_r, response) => json(response, 200, { candidates: [{ content: { parts: [] }, finishReason: "IMAGE_SAFETY" }] }));
    expect([refused?.message, refused?.retryable]).toEqual(["The image model declined this picture (IMAGE_SAFETY).", false]);

    const textOnly = await attempt((_r, response) => json(response, 200, { candidates: [{ content: { parts: [{ text: "I cannot." }] }, finishReason: "STOP" }] }));
    expect([textOnly?.message, textOnly?.retryable]).toEqual(["The image model returned no image (STOP); the job will retry.", true]);

    const garbage = await attempt((_r, response) =>
      json(response, 200, { candidates: [{ content: { parts: [{ inlineData: { mimeType: "image/png", data: Buffer.from("not a png").toString("base64") } }] } }] }),
    );
    expect(garbage?.retryable).toBe(true);
    expect(garbage?.message).toMatch(/could not be read/);
  });

  it("an unreachable endpoint is a retryable error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await createGeminiEnhancement({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}` })
      .enhance({ input: await syntheticJpeg({ width: 200, height: 150 }), settings: enhancementSettingsSchema.parse({}) })
      .catch((error: unknown) => error as EnhancementProviderError);
    expect(failure).toBeInstanceOf(EnhancementProviderError);
    expect([failure.message, failure.retryable]).toEqual(["The image model could not be reached; the job will retry.", true]);
  });
});

describe("enhancement provider configuration", () => {
  it("uses the embedded engine without a key, Gemini with one, and refuses Gemini settings without a key", () => {
    expect(resolveEnhancementConfig({ GEMINI_API_KEY: undefined, GEMINI_BASE_URL: undefined, GEMINI_MODEL: undefined })).toEqual({ driver: "local" });
    expect(resolveEnhancementConfig({ GEMINI_API_KEY: "key", GEMINI_BASE_URL: undefined, GEMINI_MODEL: undefined })).toEqual({
      driver: "gemini",
      apiKey: "key",
      baseUrl: undefined,
      model: DEFAULT_GEMINI_MODEL,
    });
    expect(resolveEnhancementConfig({ GEMINI_API_KEY: "key", GEMINI_BASE_URL: "http://proxy.test", GEMINI_MODEL: "m" })).toMatchObject({
      baseUrl: "http://proxy.test",
      model: "m",
    });
    expect(() => resolveEnhancementConfig({ GEMINI_API_KEY: undefined, GEMINI_BASE_URL: "http://proxy.test", GEMINI_MODEL: "m" })).toThrow(
      /GEMINI_BASE_URL and GEMINI_MODEL are set without GEMINI_API_KEY/,
    );
  });
});
