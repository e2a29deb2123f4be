/**
 * The behaviour every object storage driver must show, run against each real driver (local files
 * behind the app's /files route, and S3 against s3rver). Signed URLs are exercised over real HTTP.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import type { ObjectStorage } from "../app/.server/providers/storage/types.ts";
import { InvalidObjectKeyError, ObjectNotFoundError, ObjectRangeError } from "../app/.server/providers/storage/types.ts";

const SIGNED_URL_LIFETIME_S = 60;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Registers the contract tests; `storage` is read lazily because drivers are built in beforeAll. */
export function objectStorageContract(storage: () => ObjectStorage): void {
  // Each test writes under its own prefix so the tests share one bucket or folder safely.
  const base = () => `contract/${randomBytes(6).toString("hex")}`;

  it("round-trips binary data and keeps the content type", async () => {
    const key = `${base()}/photo.jpg`;
    const bytes = randomBytes(70_000);
    bytes[0] = 0; // make sure NUL and high bytes survive
    bytes[1] = 255;
    await storage().put(key, bytes, { contentType: "image/jpeg", cacheControl: "private, max-age=60" });
    const stored = await storage().get(key);
    expect(stored?.contentType).toBe("image/jpeg");
    expect(stored?.size).toBe(bytes.length);
    expect(stored?.body.equals(bytes)).toBe(true);
    expect(await storage().head(key)).toEqual({ contentType: "image/jpeg", size: bytes.length, cacheControl: "private, max-age=60" });
  });

  it("stores a stream of unknown length", async () => {
    const key = `${base()}/mix.wav`;
    const parts = [randomBytes(1000), randomBytes(200_000), randomBytes(3)];
    await storage().put(key, Readable.from(parts), { contentType: "audio/wav" });
    const stored = await storage().get(key);
    expect(stored?.body.equals(Buffer.concat(parts))).toBe(true);
    expect(stored?.contentType).toBe("audio/wav");
  });

  it("stores a large stream (multipart on S3: parts are 5 MB)", async () => {
    const key = `${base()}/album.zip`;
    const parts = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    await storage().put(key, Readable.from(parts), { contentType: "application/zip" });
    expect(await storage().head(key)).toMatchObject({ contentType: "application/zip", size: 12 * 1024 * 1024 });
    expect((await storage().get(key))!.body.equals(Buffer.concat(parts))).toBe(true);
  });

  it("overwrites an object in place", async () => {
    const key = `${base()}/note.txt`;
    await storage().put(key, Buffer.from("first"), { contentType: "text/plain" });
    await storage().put(key, Buffer.from("second version"), { contentType: "application/octet-stream" });
    expect(await storage().get(key)).toMatchObject({ body: Buffer.from("second version"), contentType: "application/octet-stream", size: 14 });
  });

  it("streams the whole object or a byte range", async () => {
    const key = `${base()}/track.mp3`;
    const bytes = randomBytes(10_000);
    await storage().put(key, bytes, { contentType: "audio/mpeg" });
    const whole = await storage().getStream(key);
    expect(whole).toMatchObject({ contentType: "audio/mpeg", size: 10_000, range: null });
    expect((await readAll(whole!.body)).equals(bytes)).toBe(true);
    const part = await storage().getStream(key, { start: 100, end: 199 });
    expect(part).toMatchObject({ size: 10_000, range: { start: 100, end: 199 } });
    expect((await readAll(part!.body)).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await storage().getStream(key, { start: 9_990 });
    expect(tail?.range).toEqual({ start: 9_990, end: 9_999 });
    expect((await readAll(tail!.body)).equals(bytes.subarray(9_990))).toBe(true);
    await expect(storage().getStream(key, { start: 10_000 })).rejects.toBeInstanceOf(ObjectRangeError);
    expect(await storage().getStream(`${base()}/missing.mp3`)).toBeNull();
  });

  it("answers null for a missing key, and deleting one is not an error", async () => {
    const key = `${base()}/never-written.png`;
    expect(await storage().get(key)).toBeNull();
    expect(await storage().head(key)).toBeNull();
    await expect(storage().delete(key)).resolves.toBeUndefined();
  });

  it("lists keys by prefix, sorted, without neighbours that share the start of a name", async () => {
    const root = base();
    const keys = [`${root}/album/b.jpg`, `${root}/album/a.jpg`, `${root}/album/nested/c.jpg`, `${root}/album-2/d.jpg`, `${root}/other.jpg`];
    for (const key of keys) await storage().put(key, Buffer.from(key), { contentType: "image/jpeg" });
    expect(await storage().list(`${root}/album/`)).toEqual([`${root}/album/a.jpg`, `${root}/album/b.jpg`, `${root}/album/nested/c.jpg`]);
    expect(await storage().list(`${root}/album`)).toEqual([
      `${root}/album-2/d.jpg`,
      `${root}/album/a.jpg`,
      `${root}/album/b.jpg`,
      `${root}/album/nested/c.jpg`,
    ]);
    expect(await storage().list(`${root}/nothing-here/`)).toEqual([]);
  });

  it("copies an object with its content type, and refuses to copy a missing one", async () => {
    const root = base();
    const bytes = randomBytes(5_000);
    await storage().put(`${root}/original.png`, bytes, { contentType: "image/png" });
    await storage().copy(`${root}/original.png`, `${root}/copies/copy.png`);
    expect(await storage().get(`${root}/copies/copy.png`)).toMatchObject({ contentType: "image/png", size: 5_000 });
    expect((await storage().get(`${root}/copies/copy.png`))!.body.equals(bytes)).toBe(true);
    expect((await storage().get(`${root}/original.png`))!.body.equals(bytes)).toBe(true);
    await expect(storage().copy(`${root}/gone.png`, `${root}/x.png`)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("deletes an object, leaving its neighbours", async () => {
    const root = base();
    await storage().put(`${root}/a/one.jpg`, Buffer.from("1"), { contentType: "image/jpeg" });
    await storage().put(`${root}/a/two.jpg`, Buffer.from("2"), { contentType: "image/jpeg" });
    await storage().delete(`${root}/a/one.jpg`);
    expect(await storage().get(`${root}/a/one.jpg`)).toBeNull();
    expect(await storage().list(`${root}/`)).toEqual([`${root}/a/two.jpg`]);
    await storage().delete(`${root}/a/two.jpg`);
    expect(await storage().list(`${root}/`)).toEqual([]);
  });

  it("refuses unsafe keys before touching storage", async () => {
    for (const key of ["../secrets.json", "a/../../b", "/etc/passwd", "a//b", "a/b/", "a\\b", "a/.hidden", "a b", "a/%2e%2e/b", ""]) {
      await expect(storage().put(key, Buffer.from("x"), { contentType: "text/plain" }), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage().get(key), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
    await expect(storage().list("../")).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it("serves a signed GET URL over HTTP", async () => {
    const key = `${base()}/download.jpg`;
    const bytes = randomBytes(20_000);
    await storage().put(key, bytes, { contentType: "image/jpeg" });
    const url = await storage().signedGetUrl(key, { expiresInSeconds: SIGNED_URL_LIFETIME_S });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    const named = await fetch(await storage().signedGetUrl(key, { expiresInSeconds: SIGNED_URL_LIFETIME_S, downloadName: "Beach day.jpg" }));
    expect(named.status).toBe(200);
    expect(named.headers.get("content-disposition")).toContain('attachment; filename="Beach day.jpg"');
    await named.arrayBuffer();
  });

  it("stops serving a signed GET URL once it has expired", async () => {
    const key = `${base()}/short-lived.jpg`;
    await storage().put(key, Buffer.from("soon gone"), { contentType: "image/jpeg" });
    const url = await storage().signedGetUrl(key, { expiresInSeconds: 1 });
    await sleep(2_100); // both drivers count expiry in whole seconds
    const response = await fetch(url);
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });

  it("accepts an upload through a signed PUT URL", async () => {
    const key = `${base()}/upload.png`;
    const bytes = randomBytes(30_000);
    const url = await storage().signedPutUrl(key, { contentType: "image/png", expiresInSeconds: SIGNED_URL_LIFETIME_S });
    const response = await fetch(url, { method: "PUT", headers: { "Content-Type": "image/png" }, body: bytes });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const stored = await storage().get(key);
    expect(stored?.contentType).toBe("image/png");
    expect(stored?.body.equals(bytes)).toBe(true);
  });
}
