/**
 * The Gemini generation provider against a local HTTP server speaking the Gemini REST API
 * (`POST /v1beta/models/{model}:generateContent`), as @google/genai calls it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGeminiGeneration, geminiPrompt } from "./gemini.server.ts";
import { GenerationProviderError } from "./types.ts";

type InlinePart = { text?: string; inlineData?: { mimeType: string; data: string } };
type Received = { url: string; apiKey: string | undefined; body: { contents: Array<{ parts: InlinePart[] }>; generationConfig?: { responseModalities?: string[] } } };
type Reply = (response: ServerResponse) => void | Promise<void>;

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

const imageAnswer = (png: Buffer) => ({
  candidates: [{ content: { role: "model", parts: [{ inlineData: { mimeType: "image/png", data: png.toString("base64") } }] }, finishReason: "STOP" }],
});

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await readBody(request);
    received.push({ url: request.url ?? "", apiKey: request.headers["x-goog-api-key"] as string | undefined, body: JSON.parse(text || "{}") });
    await reply(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const provider = () => createGeminiGeneration({ apiKey: "gen-key", baseUrl, model: "image-model-x", timeoutMs: 10_000 });
const drawn = (width: number, height: number, colour = "#2070d0") => sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();

describe("Gemini generation provider", () => {
  it("GENERATE sends the prompt alone and brings the answer to the tier's size as a JPEG", async () => {
    reply = async (response) => json(response, 200, imageAnswer(await drawn(1024, 768)));
    const result = await provider().generate({ prompt: "a lighthouse in a storm", tier: "TIER_2K" });
    expect(received).toHaveLength(1);
    const call = received[0]!;
    expect(call.url).toBe("/v1beta/models/image-model-x:generateContent");
    expect(call.apiKey).toBe("gen-key");
    expect(call.body.contents[0]!.parts).toEqual([{ text: geminiPrompt("GENERATE", "a lighthouse in a storm") }]);
    expect(geminiPrompt("GENERATE", "a lighthouse in a storm")).toBe("Create an image: a lighthouse in a storm. Return only the image.");
    expect(call.body.generationConfig?.responseModalities).toEqual(["IMAGE"]);
    expect([result.width, result.height, result.model]).toEqual([2048, 1536, "image-model-x"]);
    const meta = await sharp(result.output).metadata();
    expect([meta.format, meta.width, meta.height, meta.space]).toEqual(["jpeg", 2048, 1536, "srgb"]);
    expect(result.sizeBytes).toBe(result.output.length);
  });

  it("MODIFY sends the prompt with the picture, upright and no larger than 2048 px", async () => {
    reply = async (response) => json(response, 200, imageAnswer(await drawn(640, 480, "#d08040")));
    const input = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#406080" } }).jpeg().toBuffer();
    const result = await provider().modify({ prompt: "make it look like autumn", tier: "TIER_1K", input });
    const parts = received[0]!.body.contents[0]!.parts;
    expect(parts[0]!.text).toBe("Edit the attached image as follows: make it look like autumn. Keep everything else as it is and return only the edited image.");
    expect(parts[1]!.inlineData!.mimeType).toBe("image/jpeg");
    const sent = await sharp(Buffer.from(parts[1]!.inlineData!.data, "base64")).metadata();
    expect([sent.width, sent.height]).toEqual([2048, 1365]);
    expect([result.width, result.height]).toEqual([1024, 768]);
    const { channels } = await sharp(result.output).stats();
    expect(channels[0]!.mean).toBeGreaterThan(channels[2]!.mean + 80); // the model's picture, not the input
  });

  it("says how it reads any prompt: the model does the work", () => {
    expect(provider().read("MODIFY", "add a dragon", "TIER_4K")).toEqual({ ok: true, summary: "image-model-x will edit the image as the prompt says, delivered at 4096 px on the longest edge." });
  });

  it("turns failures into errors with clear messages, retryable only when another attempt could help", async () => {
    const attempt = async (answer: Reply) => {
      reply = answer;
      return provider()
        .generate({ prompt: "x", tier: "FREE" })
        .then(() => null, (error: unknown) => error as GenerationProviderError);
    };
    const busy = await attempt((response) => json(response, 429, { error: { code: 429, message: "exhausted", status: "RESOURCE_EXHAUSTED" } }));
    expect([busy?.message, busy?.retryable]).toEqual(["The image model is busy; the job will retry.", true]);
    const forbidden = await attempt((response) => json(response, 403, { error: { code: 403, message: "bad key", status: "PERMISSION_DENIED" } }));
    expect([forbidden?.message, forbidden?.retryable]).toEqual(["The image model refused the API key; check GEMINI_API_KEY.", false]);
    const missing = await attempt((response) => json(response, 404, { error: { code: 404, message: "no such model", status: "NOT_FOUND" } }));
    expect([missing?.message, missing?.retryable]).toEqual(["The image model “image-model-x” was not found; check GEMINI_MODEL.", false]);
    const rejected = await attempt((response) => json(response, 400, { error: { code: 400, message: "Prompt too long", status: "INVALID_ARGUMENT" } }));
    expect([rejected?.message, rejected?.retryable]).toEqual(["The image model rejected the request (HTTP 400): Prompt too long", false]);
    const down = await attempt((response) => json(response, 503, { error: { code: 503, message: "overloaded", status: "UNAVAILABLE" } }));
    expect([down?.message, down?.retryable]).toEqual(["The image model is unavailable (HTTP 503); the job will retry.", true]);
    const declined = await attempt((response) => json(response, 200, { candidates: [{ content: { parts: [] }, finishReason: "IMAGE_SAFETY" }] }));
    expect([declined?.message, declined?.retryable]).toEqual(["The image model declined this prompt (IMAGE_SAFETY).", false]);
    const blocked = await attempt((response) => json(response, 200, { promptFeedback: { blockReason: "SAFETY" } }));
    expect([blocked?.message, blocked?.retryable]).toEqual(["The image model declined this prompt (SAFETY).", false]);
    const textOnly = await attempt((response) => json(response, 200, { candidates: [{ content: { parts: [{ text: "I cannot draw." }] }, finishReason: "STOP" }] }));
    expect([textOnly?.message, textOnly?.retryable]).toEqual(["The image model returned no image (STOP); the job will retry.", true]);
    const garbage = await attempt((response) =>
      json(response, 200, { candidates: [{ content: { parts: [{ inlineData: { mimeType: "image/png", data: Buffer.from("nope").toString("base64") } }] } }] }),
    );
    expect(garbage?.retryable).toBe(true);
    expect(garbage?.message).toMatch(/could not be read/);
  });

  it("an unreachable endpoint is a retryable error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await createGeminiGeneration({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}`, model: "m" })
      .generate({ prompt: "x", tier: "FREE" })
      .catch((error: unknown) => error as GenerationProviderError);
    expect(failure).toBeInstanceOf(GenerationProviderError);
    expect([failure.message, failure.retryable]).toEqual(["The image model could not be reached; the job will retry.", true]);
  });
});
