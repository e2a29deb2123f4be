/**
 * /mcp through the built server and its HTTP layer: an MCP client with an API key passes the
 * cross-site check (a bearer key is no browser's cookie), a tool call may carry a photo as base64
 * beyond the 1 MB cap on other JSON, a body past the MCP cap is refused before it is read whole,
 * and a generation runs in the server's own worker.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { MCP_BODY_LIMIT_BYTES } from "@spike-land/shared/api/mcp";
import { prisma } from "../app/.server/platform/db.server.ts";
import { createApiKey } from "../app/.server/api-keys/api-keys.server.ts";
import { makeUser, signIn } from "../test/fixtures.ts";
import { ensureBuilt, startAppServer, type AppServer } from "../test/app-server.ts";
import { FORM_BODY_LIMIT_BYTES, MESSAGES } from "./request-guards.ts";

let server: AppServer;
const EVIL = "http://evil.localhost:4444";

beforeAll(async () => {
  ensureBuilt();
  server = await startAppServer({ APP_URL: undefined }, { worker: true });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

async function connect(key: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}`, ...headers } } }));
  return client;
}

function text(result: Awaited<ReturnType<Client["callTool"]>>, index: number): string {
  return (result.content as Array<{ text?: string }>)[index]?.text ?? "";
}

describe("/mcp on the built server", () => {
  it("lets a bearer-key client through the cross-site check, but not a cookie from another site", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "Assistant");
    const client = await connect(key, { Origin: EVIL });
    const balance = await client.callTool({ name: "get_balance", arguments: {} });
    expect(balance.isError).toBeFalsy();
    expect(text(balance, 0)).toBe("You have 10 tokens.");
    await client.close();

    const { cookie } = await signIn(user.id);
    const forged = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: EVIL, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(forged.status).toBe(403);
  });

  it("takes a photo as base64 past the 1 MB JSON cap, and refuses a body past the MCP cap", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "Uploader");
    // Noise does not compress: a JPEG of a few megabytes.
    const noise = Buffer.alloc(1400 * 1000 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.imul(i, 2654435761) >>> 24;
    const photo = await sharp(noise, { raw: { width: 1400, height: 1000, channels: 3 } }).jpeg({ quality: 98 }).toBuffer();
    expect(photo.length * (4 / 3)).toBeGreaterThan(FORM_BODY_LIMIT_BYTES);

    const client = await connect(key);
    const upload = await client.callTool({ name: "upload_image", arguments: { imageBase64: photo.toString("base64"), name: "Noise" } });
    expect(upload.isError, text(upload, 0)).toBeFalsy();
    expect(await prisma.enhancedImage.findFirst({ where: { userId: user.id }, select: { originalWidth: true, originalSizeBytes: true } })).toEqual({
      originalWidth: 1400,
      originalSizeBytes: photo.length,
    });
    await client.close();

    const tooLarge = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: Buffer.alloc(MCP_BODY_LIMIT_BYTES + 1, 0x20),
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toBe(MESSAGES.tooLargeMcp);
  }, 60_000);

  it("generates an image in the server's worker, with its link served by the server", async () => {
    const user = await makeUser();
    const { key } = await createApiKey(user.id, "Painter");
    const client = await connect(key);
    const queued = await client.callTool({ name: "generate_image", arguments: { prompt: "a forest with hills", tier: "TIER_1K" } });
    expect(queued.isError, text(queued, 0)).toBeFalsy();
    const jobId = (JSON.parse(text(queued, 1)) as { job: { id: string } }).job.id;
    await expect
      .poll(async () => (await prisma.mcpGenerationJob.findUniqueOrThrow({ where: { id: jobId } })).status, { timeout: 30_000, interval: 250 })
      .toBe("COMPLETED");
    const done = JSON.parse(text(await client.callTool({ name: "get_job", arguments: { jobId } }), 1)) as { job: { outputUrl: string; outputWidth: number; outputHeight: number } };
    expect([done.job.outputWidth, done.job.outputHeight]).toEqual([1024, 683]);
    expect(done.job.outputUrl.startsWith(server.url)).toBe(true);
    const image = await fetch(done.job.outputUrl);
    expect(image.status).toBe(200);
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 683]);
    await client.close();
  }, 60_000);
});
