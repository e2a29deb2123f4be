import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { localObjectStorage, localSigningKey, storageConfig } from "../.server/providers/storage/index.server.ts";
import { createLocalStorage } from "../.server/providers/storage/local.server.ts";
import { action, loader } from "./files.$.tsx";
import { APP_URL, routeArgs, run } from "../../test/request.ts";

const storage = localObjectStorage()!;
const HOUR_MS = 60 * 60 * 1000;

function keyOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\/files\//, ""));
}

/** What the server hands the route for a URL: the splat param is the decoded rest of the path. */
function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  return run(() => loader(routeArgs(new Request(url, { method, headers }), { "*": keyOf(url) })));
}

function put(url: string, body: Buffer, contentType: string, params = { "*": keyOf(url) }) {
  const request = new Request(url, { method: "PUT", headers: { "Content-Type": contentType }, body: new Uint8Array(body) });
  return run(() => action(routeArgs(request, params)));
}

async function stored(contentType = "image/jpeg", size = 4_000) {
  const key = `images/user-${randomBytes(4).toString("hex")}/photo/original.jpg`;
  const bytes = randomBytes(size);
  await storage.put(key, bytes, { contentType });
  return { key, bytes };
}

async function rawBody(url: string, headers: Record<string, string> = {}) {
  const response = (await loader(routeArgs(new Request(url, { headers }), { "*": keyOf(url) }))) as Response;
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("/files/<key> (signed local files)", () => {
  it("serves the bytes of a validly signed URL with safe headers", async () => {
    const { key, bytes } = await stored();
    const url = await storage.signedGetUrl(key, { expiresInSeconds: 300 });
    expect(url.startsWith(`${APP_URL}/files/${key}?expires=`)).toBe(true);
    const { response, bytes: body } = await rawBody(url);
    expect(response.status).toBe(200);
    expect(body.equals(bytes)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/jpeg",
      "content-length": String(bytes.length),
      "cache-control": "private",
      "x-content-type-options": "nosniff",
      "accept-ranges": "bytes",
    });
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-disposition")).toBeNull();
  });

  it("offers a download under the signed name", async () => {
    const { key } = await stored();
    const url = await storage.signedGetUrl(key, { expiresInSeconds: 300, downloadName: "Été à la plage.jpg" });
    const { response } = await rawBody(url);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="_t_ _ la plage.jpg"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20la%20plage.jpg`,
    );
    // The name is signed: changing it breaks the link.
    const renamed = new URL(url);
    renamed.searchParams.set("download", "evil.html");
    expect((await get(renamed.toString())).status).toBe(403);
  });

  it("serves byte ranges", async () => {
    const { key, bytes } = await stored("audio/mpeg", 1_000);
    const url = await storage.signedGetUrl(key, { expiresInSeconds: 300 });
    const first = await rawBody(url, { Range: "bytes=0-99" });
    expect(first.response.status).toBe(206);
    expect(first.response.headers.get("content-range")).toBe("bytes 0-99/1000");
    expect(first.response.headers.get("content-length")).toBe("100");
    expect(first.bytes.equals(bytes.subarray(0, 100))).toBe(true);
    const last = await rawBody(url, { Range: "bytes=-10" });
    expect(last.response.headers.get("content-range")).toBe("bytes 990-999/1000");
    expect(last.bytes.equals(bytes.subarray(990))).toBe(true);
    const open = await rawBody(url, { Range: "bytes=995-" });
    expect(open.bytes.equals(bytes.subarray(995))).toBe(true);
    const beyond = await get(url, { Range: "bytes=5000-" });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */1000");
  });

  it("refuses a tampered signature, key or expiry with 403", async () => {
    const { key } = await stored();
    const url = new URL(await storage.signedGetUrl(key, { expiresInSeconds: 300 }));
    const signature = url.searchParams.get("signature")!;

    const tampered = new URL(url);
    tampered.searchParams.set("signature", `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`);
    const badSignature = await get(tampered.toString());
    expect(badSignature.status).toBe(403);
    expect(badSignature.body).toContain("This download link is not valid");

    const longer = new URL(url);
    longer.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    expect((await get(longer.toString())).status).toBe(403);

    const { key: otherKey } = await stored();
    const otherFile = new URL(url);
    otherFile.pathname = `/files/${otherKey}`;
    expect((await get(otherFile.toString())).status).toBe(403);

    const unsigned = new URL(url);
    unsigned.search = "";
    expect((await get(unsigned.toString())).status).toBe(403);
  });

  it("refuses an expired link with 403 and says so", async () => {
    const { key } = await stored();
    const root = storageConfig.driver === "local" ? storageConfig.root : "";
    const anHourAgo = createLocalStorage({ root, baseUrl: APP_URL, signingKey: localSigningKey(process.env.SESSION_SECRET!), now: () => Date.now() - HOUR_MS });
    const url = await anHourAgo.signedGetUrl(key, { expiresInSeconds: 60 });
    const outcome = await get(url);
    expect(outcome.status).toBe(403);
    expect(outcome.body).toContain("This download link has expired");
  });

  it("refuses links signed with another secret", async () => {
    const { key } = await stored();
    const root = storageConfig.driver === "local" ? storageConfig.root : "";
    const stranger = createLocalStorage({ root, baseUrl: APP_URL, signingKey: randomBytes(32) });
    expect((await get(await stranger.signedGetUrl(key, { expiresInSeconds: 60 }))).status).toBe(403);
  });

  it("refuses path traversal and other unsafe keys before checking anything", async () => {
    for (const key of ["../secrets.json", "images/../../secrets.json", ".meta/images/x.json", "images//x.jpg", "/etc/passwd", "a\\..\\b"]) {
      const outcome = await run(() => loader(routeArgs(new Request(`${APP_URL}/files/x?expires=1&signature=x`), { "*": key })));
      expect(outcome.status, key).toBe(400);
      expect(outcome.body).toBe("That file address is not valid.");
    }
  });

  it("answers 404 for a validly signed link to a file that is gone", async () => {
    const { key } = await stored();
    const url = await storage.signedGetUrl(key, { expiresInSeconds: 300 });
    await storage.delete(key);
    const outcome = await get(url);
    expect(outcome.status).toBe(404);
    expect(outcome.body).toBe("This file no longer exists.");
  });

  it("accepts a signed upload with the signed content type, and nothing else", async () => {
    const key = `uploads/user-${randomBytes(4).toString("hex")}/scan.png`;
    const bytes = randomBytes(2_000);
    const url = await storage.signedPutUrl(key, { contentType: "image/png", expiresInSeconds: 300 });

    const wrongType = await put(url, bytes, "text/html");
    expect(wrongType.status).toBe(403);
    expect(wrongType.body).toContain("This upload link is not valid");
    expect(await storage.head(key)).toBeNull();

    // A download link for the same key cannot be used to upload.
    const getUrl = await storage.signedGetUrl(key, { expiresInSeconds: 300 });
    expect((await put(getUrl, bytes, "image/png")).status).toBe(403);

    const ok = await put(url, bytes, "image/png");
    expect(ok.status).toBe(200);
    expect(await storage.get(key)).toMatchObject({ contentType: "image/png", size: 2_000 });
  });

  it("refuses an upload that declares more than 50 MB", async () => {
    const key = "uploads/huge.bin";
    const url = await storage.signedPutUrl(key, { contentType: "application/octet-stream", expiresInSeconds: 300 });
    const request = new Request(url, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(51 * 1024 * 1024) },
      body: Buffer.alloc(10),
    });
    const outcome = await run(() => action(routeArgs(request, { "*": key })));
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("larger than 50 MB");
    expect(await storage.head(key)).toBeNull();
  });

  it("answers 405 to methods other than PUT", async () => {
    const outcome = await run(() => action(routeArgs(new Request(`${APP_URL}/files/a.jpg`, { method: "POST" }), { "*": "a.jpg" })));
    expect(outcome.status).toBe(405);
  });
});
