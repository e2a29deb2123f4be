/**
 * The production object storage: an S3-compatible bucket (Cloudflare R2, AWS S3, MinIO) through
 * @aws-sdk/client-s3, with presigned GET/PUT URLs. Streams of unknown length go up as multipart.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Readable } from "node:stream";
import { DAY_SECONDS } from "@spike-land/shared/time";
import {
  assertObjectKey,
  assertObjectPrefix,
  attachmentDisposition,
  type ByteRange,
  type ObjectInfo,
  type ObjectStorage,
  type ObjectStream,
  ObjectNotFoundError,
  ObjectRangeError,
  type PutOptions,
  type SignedGetOptions,
  type SignedPutOptions,
  type StoredObject,
} from "./types.ts";

export type S3StorageOptions = {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** e.g. https://<account>.r2.cloudflarestorage.com; unset for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
};

/** S3 presigned URLs cannot live longer than seven days. */
const MAX_PRESIGN_SECONDS = 7 * DAY_SECONDS;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound" || statusOf(error) === 404;
}

function presignSeconds(expiresInSeconds: number): number {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new Error(`expiresInSeconds must be a whole number from 1 to ${MAX_PRESIGN_SECONDS}`);
  }
  return expiresInSeconds;
}

export class S3ObjectStorage implements ObjectStorage {
  readonly kind = "s3" as const;
  readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // R2 and s3rver do not understand the newer default checksums (streamed bodies get stored with chunk framing).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    const params = { Bucket: this.bucket, Key: assertObjectKey(key), ContentType: options.contentType, CacheControl: options.cacheControl };
    if (Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: body.length }));
      return;
    }
    await new Upload({ client: this.client, params: { ...params, Body: body } }).done();
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertObjectKey(key) }));
      const body = Buffer.from(await answer.Body!.transformToByteArray());
      return { body, contentType: answer.ContentType ?? "application/octet-stream", size: body.length };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectStream | null> {
    assertObjectKey(key);
    if (range && (range.start < 0 || (range.end !== undefined && range.end < range.start))) {
      const info = await this.head(key);
      if (!info) return null;
      throw new ObjectRangeError(info.size);
    }
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined }),
      );
      const contentType = answer.ContentType ?? "application/octet-stream";
      const body = answer.Body as Readable;
      const parsed = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(answer.ContentRange ?? "");
      if (range && parsed) {
        return { body, contentType, size: Number(parsed[3]), range: { start: Number(parsed[1]), end: Number(parsed[2]) } };
      }
      return { body, contentType, size: answer.ContentLength ?? 0, range: null };
    } catch (error) {
      if (isNotFound(error)) return null;
      if (statusOf(error) === 416) {
        const info = await this.head(key);
        throw new ObjectRangeError(info?.size ?? 0);
      }
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertObjectKey(key) }));
      return { contentType: answer.ContentType ?? "application/octet-stream", size: answer.ContentLength ?? 0, cacheControl: answer.CacheControl ?? null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertObjectKey(key) }));
  }

  async list(prefix: string): Promise<string[]> {
    assertObjectPrefix(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async copy(from: string, to: string): Promise<void> {
    assertObjectKey(from);
    try {
      // Keys hold only URL-safe characters, so the copy source needs no further encoding.
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: assertObjectKey(to), CopySource: `${this.bucket}/${from}` }));
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(`No object to copy at ${from}`);
      throw error;
    }
  }

  async signedGetUrl(key: string, options: SignedGetOptions): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: assertObjectKey(key),
      ResponseContentDisposition: options.downloadName ? attachmentDisposition(options.downloadName) : undefined,
    });
    return getSignedUrl(this.client, command, { expiresIn: presignSeconds(options.expiresInSeconds) });
  }

  async signedPutUrl(key: string, options: SignedPutOptions): Promise<string> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: assertObjectKey(key), ContentType: options.contentType });
    return getSignedUrl(this.client, command, { expiresIn: presignSeconds(options.expiresInSeconds), signableHeaders: new Set(["content-type"]) });
  }
}

export function createS3Storage(options: S3StorageOptions): S3ObjectStorage {
  return new S3ObjectStorage(options);
}
