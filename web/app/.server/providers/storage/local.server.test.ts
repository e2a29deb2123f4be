/**
 * The local driver against the storage contract, with its signed URLs served over real HTTP by the
 * app's /files route, plus what only the local driver does (sidecars, temp files, legacy objects).
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouteServer, type RouteServer } from "../../../../test/route-server.ts";
import { objectStorageContract } from "../../../../test/object-storage-contract.ts";
import type { LocalObjectStorage } from "./local.server.ts";

// The signed URLs must point at the route server, so APP_URL is set before the app modules load.
const server: RouteServer = await startRouteServer();
process.env.APP_URL = server.url;
const { localObjectStorage, objectStorage, storageConfig } = await import("./index.server.ts");
const { limitedBody, UploadTooLargeError } = await import("./local.server.ts");
const files = await import("../../../routes/files.$.tsx");

let storage: LocalObjectStorage;

beforeAll(() => {
  server.mount("GET", "/files/*", files.loader);
  server.mount("PUT", "/files/*", files.action);
  storage = localObjectStorage()!;
});

afterAll(() => server.close());

describe("local object storage", () => {
  it("is the driver chosen when no S3 settings are given, under DATA_DIR/objects", () => {
    expect(objectStorage().kind).toBe("local");
    expect(storageConfig).toEqual({ driver: "local", root: path.resolve(process.env.DATA_DIR!, "objects") });
  });

  objectStorageContract(() => storage);

  it("keeps files at DATA_DIR/objects/<key> and leaves no temp files behind", async () => {
    await storage.put("albums/u1/a1/cover.webp", Buffer.from("webp"), { contentType: "image/webp" });
    const root = path.resolve(process.env.DATA_DIR!, "objects");
    expect(await readdir(path.join(root, "albums/u1/a1"))).toEqual(["cover.webp"]);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("removes the temp file when a streamed upload fails half-way", async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(storage.put("albums/u1/broken.jpg", failing, { contentType: "image/jpeg" })).rejects.toThrow("connection reset");
    expect(await storage.get("albums/u1/broken.jpg")).toBeNull();
    expect(await readdir(path.resolve(process.env.DATA_DIR!, "objects/.tmp"))).toEqual([]);
  });

  it("reads objects stored without a sidecar (older avatars), taking the type from the extension", async () => {
    const folder = path.resolve(process.env.DATA_DIR!, "objects/avatars");
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "legacy-user.webp"), Buffer.from("RIFF....WEBP"));
    expect(await storage.get("avatars/legacy-user.webp")).toMatchObject({ contentType: "image/webp", size: 12 });
    expect(await storage.head("avatars/legacy-user.webp")).toEqual({ contentType: "image/webp", size: 12, cacheControl: null });
  });

  it("never lists its own bookkeeping folders", async () => {
    await storage.put("top.txt", Buffer.from("x"), { contentType: "text/plain" });
    const keys = await storage.list("");
    expect(keys).toContain("top.txt");
    expect(keys.some((key) => key.startsWith("."))).toBe(false);
  });

  it("cuts off a request body that grows past the upload limit", async () => {
    const body = new Blob([Buffer.alloc(600), Buffer.alloc(600)]).stream();
    await expect(storage.put("uploads/too-big.bin", limitedBody(body, 1000), { contentType: "application/octet-stream" })).rejects.toBeInstanceOf(
      UploadTooLargeError,
    );
    expect(await storage.get("uploads/too-big.bin")).toBeNull();
    const small = new Blob([Buffer.alloc(600)]).stream();
    await storage.put("uploads/fits.bin", limitedBody(small, 1000), { contentType: "application/octet-stream" });
    expect((await storage.head("uploads/fits.bin"))?.size).toBe(600);
  });
});
