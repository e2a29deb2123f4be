/**
 * The S3 driver against the storage contract, talking to a real s3rver on a random local port.
 * s3rver does not check signatures (so authentication is not tested here), but it does enforce
 * the expiry of presigned URLs.
 */
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectStorageContract } from "../../../../test/object-storage-contract.ts";
import { resolveStorageConfig } from "./index.server.ts";
import { createS3Storage, type S3ObjectStorage } from "./s3.server.ts";

const BUCKET = "spike-test";
const directory = mkdtempSync(path.join(os.tmpdir(), "spike-s3rver-"));
const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
let storage: S3ObjectStorage;

beforeAll(async () => {
  const { port } = await s3rver.run();
  // s3rver knows one account: S3RVER / S3RVER.
  storage = createS3Storage({
    bucket: BUCKET,
    region: "auto",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  });
  await storage.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  storage?.client.destroy();
  await s3rver.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("S3 object storage (s3rver)", () => {
  objectStorageContract(() => storage);

  it("signs the Content-Type into presigned uploads", async () => {
    const url = new URL(await storage.signedPutUrl("uploads/a.png", { contentType: "image/png", expiresInSeconds: 60 }));
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toContain("content-type");
    expect(url.pathname).toBe(`/${BUCKET}/uploads/a.png`);
  });

  it("refuses presigned URLs longer than S3 allows", async () => {
    await expect(storage.signedGetUrl("a.png", { expiresInSeconds: 8 * 24 * 60 * 60 })).rejects.toThrow("expiresInSeconds");
  });
});

describe("choosing the object storage driver", () => {
  const none = { DATA_DIR: "/srv/data", S3_REGION: "auto", S3_FORCE_PATH_STYLE: false } as const;

  it("keeps files locally when no S3 setting is given", () => {
    expect(resolveStorageConfig(none)).toEqual({ driver: "local", root: path.resolve("/srv/data/objects") });
  });

  it("uses the bucket when it and its keys are set", () => {
    const config = resolveStorageConfig({
      ...none,
      S3_BUCKET: "photos",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_ENDPOINT: "https://acct.r2.cloudflarestorage.com",
    });
    expect(config).toMatchObject({ driver: "s3", bucket: "photos", region: "auto", endpoint: "https://acct.r2.cloudflarestorage.com" });
  });

  it("names the missing settings when S3 is only partly configured", () => {
    expect(() => resolveStorageConfig({ ...none, S3_BUCKET: "photos" })).toThrow(
      "Object storage is only partly configured: set S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY as well",
    );
    expect(() => resolveStorageConfig({ ...none, S3_ENDPOINT: "https://acct.r2.cloudflarestorage.com" })).toThrow(
      "set S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY",
    );
  });
});
