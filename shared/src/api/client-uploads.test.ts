import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, ApiError } from "./client.ts";
import { checksumsRequest, sha256Hex, uploadResponse } from "./uploads.ts";

type Seen = { method: string; url: string; auth: string | undefined; type: string; body: Buffer };
let server: Server;
let baseUrl = "";
let seen: Seen[] = [];
/** What the fake server answers next. */
let reply: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The multipart body the client sent, read back the way the server reads it. */
function sentForm(call: Seen): Promise<FormData> {
  return new Request("http://localhost/", { method: "POST", headers: { "content-type": call.type }, body: new Uint8Array(call.body) }).formData();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, type: req.headers["content-type"] ?? "", body });
      res.statusCode = reply.status;
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (typeof reply.body === "string") {
        res.end(reply.body);
        return;
      }
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
});

const SUM = "a".repeat(64);
const image = {
  id: "img_1",
  name: "Beach",
  description: null,
  width: 800,
  height: 600,
  sizeBytes: 1234,
  format: "jpeg",
  createdAt: "2026-01-02T03:04:05.000Z",
  urls: { thumb: "https://cdn.example/t.webp", original: "https://cdn.example/o.jpg", download: "https://cdn.example/d.jpg" },
};

describe("the upload contract", () => {
  it("takes a SHA-256 in hex in any case, with spaces around it, and refuses anything else", () => {
    expect(sha256Hex.parse(`  ${"AB".repeat(32)} `)).toBe("ab".repeat(32));
    for (const bad of ["", "a".repeat(63), "a".repeat(65), "g".repeat(64), 42]) {
      const parsed = sha256Hex.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("Each checksum must be a SHA-256 in hex (64 characters 0-9, a-f).");
    }
  });

  it("asks about 1 to 500 checksums at a time", () => {
    expect(checksumsRequest.safeParse({ sha256: Array(500).fill(SUM) }).success).toBe(true);
    expect(checksumsRequest.safeParse({ sha256: Array(501).fill(SUM) }).error?.issues[0]?.message).toBe("Send at most 500 checksums at a time.");
    expect(checksumsRequest.safeParse({ sha256: [] }).error?.issues[0]?.message).toBe("Send at least one checksum.");
    expect(checksumsRequest.safeParse({}).error?.issues[0]?.message).toBe("Send sha256 as a list of SHA-256 checksums in hex.");
  });

  it("reads a stored, a duplicate and a refused file apart", () => {
    const parsed = uploadResponse.parse({
      results: [
        { name: "a.jpg", ok: true, image },
        { name: "b.jpg", ok: true, image, duplicate: true },
        { name: "c.jpg", ok: false, error: "c.jpg is empty." },
      ],
    });
    expect(parsed.results.map((result) => (result.ok ? (result.duplicate ?? false) : result.error))).toEqual([false, true, "c.jpg is empty."]);
  });
});

describe("the API client's upload methods", () => {
  it("asks which checksums the library holds", async () => {
    reply = { status: 200, body: { known: [{ sha256: SUM, imageId: "img_1", name: "Beach" }] } };
    const client = new ApiClient({ baseUrl, token: "tok" });
    expect(await client.checkChecksums([SUM, "b".repeat(64)])).toEqual({ known: [{ sha256: SUM, imageId: "img_1", name: "Beach" }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/api/v1/images/checksums", auth: "Bearer tok", type: "application/json" });
    expect(JSON.parse(seen[0]!.body.toString("utf8"))).toEqual({ sha256: [SUM, "b".repeat(64)] });
  });

  it("uploads one file as multipart with its checksum and album, and reads the result", async () => {
    reply = { status: 201, body: { results: [{ name: "beach.jpg", ok: true, image }] } };
    const client = new ApiClient({ baseUrl, token: "tok" });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]);
    const result = await client.uploadImage({ bytes, name: "beach.jpg", contentType: "image/jpeg", sha256: SUM, albumId: "alb_1" });
    expect(result.results[0]).toMatchObject({ ok: true, image: { id: "img_1", name: "Beach" } });

    const call = seen[0]!;
    expect(call).toMatchObject({ method: "POST", url: "/api/v1/images", auth: "Bearer tok" });
    expect(call.type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await sentForm(call);
    const file = form.get("file") as File;
    expect(file.name).toBe("beach.jpg");
    expect(file.type).toBe("image/jpeg");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect(form.getAll("sha256")).toEqual([SUM]);
    expect(form.getAll("albumId")).toEqual(["alb_1"]);
  });

  it("sends only the file when there is no checksum or album, and takes 207 as an answer", async () => {
    reply = { status: 207, body: { results: [{ name: "x.png", ok: false, error: "x.png is not an image we can read." }] } };
    const client = new ApiClient({ baseUrl });
    const result = await client.uploadImage({ bytes: new Uint8Array([1, 2, 3]), name: "x.png" });
    expect(result.results).toEqual([{ name: "x.png", ok: false, error: "x.png is not an image we can read." }]);
    const form = await sentForm(seen[0]!);
    expect([form.has("file"), form.has("sha256"), form.has("albumId")]).toEqual([true, false, false]);
    expect((form.get("file") as File).type).toBe("application/octet-stream");
  });

  it("says how long to wait when the server answers 429 with Retry-After, for any request", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    reply = { status: 429, headers: { "Retry-After": "37" }, body: { error: { code: "rate_limited", message: "Too many uploads: the limit is 30 a minute." } } };
    const upload = await client.uploadImage({ bytes: new Uint8Array([1]), name: "a.jpg" }).catch((e: unknown) => e);
    expect(upload).toBeInstanceOf(ApiError);
    expect(upload).toMatchObject({ status: 429, code: "rate_limited", message: "Too many uploads: the limit is 30 a minute.", retryAfterSeconds: 37 });
    reply = { status: 429, headers: { "Retry-After": "5" }, body: { error: { code: "rate_limited", message: "Too many attempts. Try again in 5 seconds." } } };
    await expect(client.me()).rejects.toMatchObject({ code: "rate_limited", retryAfterSeconds: 5 });
    // Without details in the body, the wait still comes through.
    reply = { status: 503, headers: { "Retry-After": "120" }, body: "busy" };
    await expect(client.checkChecksums([SUM])).rejects.toMatchObject({ status: 503, code: "internal", retryAfterSeconds: 120 });
  });

  it("leaves the wait out when there is no Retry-After in seconds", async () => {
    const client = new ApiClient({ baseUrl });
    reply = { status: 422, body: { error: { code: "validation_failed", message: "sha256: bad", fields: { sha256: ["bad"] } } } };
    const error = (await client.checkChecksums(["nope"]).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 422, code: "validation_failed", fields: { sha256: ["bad"] } });
    expect(error.retryAfterSeconds).toBeUndefined();
    reply = { status: 429, headers: { "Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT" }, body: { error: { code: "rate_limited", message: "Slow down." } } };
    expect(((await client.me().catch((e: unknown) => e)) as ApiError).retryAfterSeconds).toBeUndefined();
  });
});
