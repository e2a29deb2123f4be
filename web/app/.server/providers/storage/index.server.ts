/**
 * Picks the object storage once, from configuration: an S3-compatible bucket when S3_BUCKET and its
 * keys are set, else files under DATA_DIR/objects. A half-configured bucket stops the app at start-up.
 */
import { createHmac } from "node:crypto";
import path from "node:path";
import { env, type Env } from "../../platform/env.server.ts";
import { createLocalStorage, type LocalObjectStorage } from "./local.server.ts";
import { createS3Storage, type S3StorageOptions } from "./s3.server.ts";
import type { ObjectStorage } from "./types.ts";

export type StorageConfig = { driver: "local"; root: string } | ({ driver: "s3" } & S3StorageOptions);

type StorageEnv = Pick<
  Env,
  "DATA_DIR" | "S3_ENDPOINT" | "S3_REGION" | "S3_BUCKET" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE"
>;

/** Which driver the configuration asks for; throws naming the missing settings when S3 is half set up. */
export function resolveStorageConfig(config: StorageEnv): StorageConfig {
  const required = { S3_BUCKET: config.S3_BUCKET, S3_ACCESS_KEY_ID: config.S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: config.S3_SECRET_ACCESS_KEY };
  const given = Object.entries(required).filter(([, value]) => value);
  if (given.length === 0 && !config.S3_ENDPOINT) return { driver: "local", root: path.resolve(config.DATA_DIR, "objects") };
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length) {
    throw new Error(
      `Object storage is only partly configured: set ${missing.join(", ")} as well, or unset the S3_* settings to keep files under DATA_DIR/objects.`,
    );
  }
  return {
    driver: "s3",
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  };
}

/** Settled when the app loads, so a bad configuration fails at start-up rather than on the first upload. */
export const storageConfig: StorageConfig = resolveStorageConfig(env);

/** The key that signs local file URLs: derived from SESSION_SECRET, so it is never the secret itself. */
export function localSigningKey(sessionSecret: string): Buffer {
  return createHmac("sha256", sessionSecret).update("spike-land object storage signed urls v1").digest();
}

let storage: ObjectStorage | undefined;

export function objectStorage(): ObjectStorage {
  if (storage) return storage;
  storage =
    storageConfig.driver === "s3"
      ? createS3Storage(storageConfig)
      : createLocalStorage({ root: storageConfig.root, baseUrl: env.appUrl, signingKey: localSigningKey(env.SESSION_SECRET) });
  return storage;
}

/** The local driver when it is the configured one (it serves /files/...); null with S3, whose URLs point at the bucket. */
export function localObjectStorage(): LocalObjectStorage | null {
  const current = objectStorage();
  return current.kind === "local" ? (current as LocalObjectStorage) : null;
}
