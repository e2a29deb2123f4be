/**
 * The object storage contract both drivers meet (local files under DATA_DIR, S3-compatible buckets),
 * and the rule for object keys. Keys are paths the app builds, such as `images/<userId>/<id>/original.jpg`.
 */
import type { Readable } from "node:stream";
import { DomainError } from "@spike-land/shared/errors";

export type PutOptions = { contentType: string; cacheControl?: string };

export type StoredObject = { body: Buffer; contentType: string; size: number };

export type ObjectInfo = { contentType: string; size: number; cacheControl: string | null };

/** Inclusive byte range, as in an HTTP Range header; `end` defaults to the last byte. */
export type ByteRange = { start: number; end?: number };

export type ObjectStream = {
  body: Readable;
  contentType: string;
  /** Size of the whole object. */
  size: number;
  /** The bytes this stream carries (inclusive), when a range was asked for. */
  range: { start: number; end: number } | null;
};

export type SignedGetOptions = { expiresInSeconds: number; downloadName?: string };
export type SignedPutOptions = { contentType: string; expiresInSeconds: number };

export interface ObjectStorage {
  readonly kind: "local" | "s3";
  put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void>;
  /** The whole object in memory, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** The object (or a range of it) as a stream; throws ObjectRangeError for a range past the end. */
  getStream(key: string, range?: ByteRange): Promise<ObjectStream | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Throws ObjectNotFoundError when `from` does not exist. */
  copy(from: string, to: string): Promise<void>;
  /** A URL anyone holding it can GET until it expires. */
  signedGetUrl(key: string, options: SignedGetOptions): Promise<string>;
  /** A URL that accepts one PUT with exactly this Content-Type until it expires. */
  signedPutUrl(key: string, options: SignedPutOptions): Promise<string>;
}

export class InvalidObjectKeyError extends DomainError {
  constructor(message: string) {
    super(400, message);
  }
}
export class ObjectNotFoundError extends DomainError {
  constructor(message: string) {
    super(404, message);
  }
}
export class ObjectRangeError extends DomainError {
  constructor(readonly size: number) {
    super(416, `The requested range is outside the object (${size} bytes)`);
  }
}

const MAX_KEY_LENGTH = 512;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * A key is one or more `/`-separated segments of letters, digits, `.`, `_` and `-`; no segment
 * starts with a dot (so no `..`, no hidden files), and there is no leading or trailing slash.
 */
export function isValidObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment));
}

export function assertObjectKey(key: string): string {
  if (!isValidObjectKey(key)) throw new InvalidObjectKeyError(`Invalid object key: ${JSON.stringify(key)}`);
  return key;
}

/** A list prefix: empty, or the start of a valid key (it may end with `/` or part of a segment). */
export function assertObjectPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  const trimmed = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (!isValidObjectKey(trimmed)) throw new InvalidObjectKeyError(`Invalid object key prefix: ${JSON.stringify(prefix)}`);
  return prefix;
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  heic: "image/heic",
  json: "application/json",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  zip: "application/zip",
};

/** A content type guessed from the key's extension, for objects stored without one. */
export function contentTypeForKey(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/** `attachment; filename=...` that survives any characters in the name. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
