/**
 * The embedded object storage: files under `${DATA_DIR}/objects/<key>`, written atomically (temp file
 * + rename), with content type and cache control in a sidecar under `.meta/`. Signed URLs point at
 * the app's own /files/<key> route, which checks them with `verifySignedGet` / `verifySignedPut`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline as pipelineStreams, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  assertObjectKey,
  assertObjectPrefix,
  contentTypeForKey,
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
import { DomainError } from "@spike-land/shared/errors";

/** Largest body a signed local PUT accepts (S3 has its own limits). */
export const MAX_LOCAL_UPLOAD_BYTES = 50 * 1024 * 1024;

export type LocalStorageOptions = {
  /** Folder holding the objects, normally `${DATA_DIR}/objects`. */
  root: string;
  /** Origin the signed URLs point at, normally APP_URL. */
  baseUrl: string;
  /** HMAC key for signed URLs; derive it from SESSION_SECRET, never use the secret itself. */
  signingKey: Buffer;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
};

export type SignatureCheck = { ok: true; downloadName: string | null } | { ok: false; reason: "invalid" | "expired" };

type Sidecar = { contentType: string; cacheControl: string | null };

const META_DIR = ".meta";
const TEMP_DIR = ".tmp";

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

export class LocalObjectStorage implements ObjectStorage {
  readonly kind = "local" as const;
  private readonly root: string;
  private readonly baseUrl: string;
  private readonly signingKey: Buffer;
  private readonly now: () => number;

  constructor(options: LocalStorageOptions) {
    this.root = path.resolve(options.root);
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.signingKey = options.signingKey;
    this.now = options.now ?? Date.now;
  }

  private file(key: string): string {
    return path.join(this.root, assertObjectKey(key));
  }

  private sidecar(key: string): string {
    return path.join(this.root, META_DIR, `${assertObjectKey(key)}.json`);
  }

  /** Writes into a temp file in the same file system, then renames it over the target. */
  private async writeAtomically(target: string, write: (temp: string) => Promise<void>): Promise<void> {
    const tempDir = path.join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, randomBytes(12).toString("hex"));
    try {
      await write(temp);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async writeSidecar(key: string, sidecar: Sidecar): Promise<void> {
    await this.writeAtomically(this.sidecar(key), (temp) => writeFile(temp, JSON.stringify(sidecar)));
  }

  private async readSidecar(key: string): Promise<Sidecar> {
    try {
      const parsed = JSON.parse(await readFile(this.sidecar(key), "utf8")) as Partial<Sidecar>;
      return { contentType: parsed.contentType ?? contentTypeForKey(key), cacheControl: parsed.cacheControl ?? null };
    } catch {
      // Objects written before sidecars existed (avatars) carry their type in the extension.
      return { contentType: contentTypeForKey(key), cacheControl: null };
    }
  }

  async put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void> {
    const target = this.file(key);
    await this.writeAtomically(target, async (temp) => {
      if (Buffer.isBuffer(body)) await writeFile(temp, body);
      else await pipeline(body, createWriteStream(temp));
    });
    await this.writeSidecar(key, { contentType: options.contentType, cacheControl: options.cacheControl ?? null });
  }

  async get(key: string): Promise<StoredObject | null> {
    let body: Buffer;
    try {
      body = await readFile(this.file(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const { contentType } = await this.readSidecar(key);
    return { body, contentType, size: body.length };
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectStream | null> {
    let handle;
    try {
      // Opening first pins this version of the file even if a put renames a new one over it.
      handle = await open(this.file(key), "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const { contentType } = await this.readSidecar(key);
      if (!range) return { body: handle.createReadStream(), contentType, size, range: null };
      const end = Math.min(range.end ?? size - 1, size - 1);
      if (range.start < 0 || range.start >= size || range.start > end) throw new ObjectRangeError(size);
      return { body: handle.createReadStream({ start: range.start, end }), contentType, size, range: { start: range.start, end } };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const { size } = await stat(this.file(key));
      const { contentType, cacheControl } = await this.readSidecar(key);
      return { contentType, size, cacheControl };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
    await rm(this.sidecar(key), { force: true });
    await this.pruneEmptyFolders(path.dirname(this.file(key)));
    await this.pruneEmptyFolders(path.dirname(this.sidecar(key)));
  }

  /** Removes folders left empty by a delete, up to (not including) the root. */
  private async pruneEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current.startsWith(this.root + path.sep) && current !== path.join(this.root, META_DIR)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop here
      }
      current = path.dirname(current);
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertObjectPrefix(prefix);
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(this.root, relative), { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(".")) continue; // .meta, .tmp: never keys
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key);
        } else if (entry.isFile() && key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(folder);
    return keys.sort();
  }

  async copy(from: string, to: string): Promise<void> {
    const source = this.file(from);
    const sidecar = await this.readSidecar(from);
    try {
      await this.writeAtomically(this.file(to), (temp) => copyFile(source, temp));
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(`No object to copy at ${from}`);
      throw error;
    }
    await this.writeSidecar(to, sidecar);
  }

  private sign(method: "GET" | "PUT", key: string, expires: number, detail: string): string {
    return createHmac("sha256", this.signingKey).update(`${method}\n${key}\n${expires}\n${detail}`).digest("base64url");
  }

  private expiry(expiresInSeconds: number): number {
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error("expiresInSeconds must be a positive whole number");
    return Math.floor(this.now() / 1000) + expiresInSeconds;
  }

  async signedGetUrl(key: string, options: SignedGetOptions): Promise<string> {
    assertObjectKey(key);
    const expires = this.expiry(options.expiresInSeconds);
    const download = options.downloadName ?? "";
    const url = new URL(`${this.baseUrl}/files/${key}`);
    url.searchParams.set("expires", String(expires));
    if (download) url.searchParams.set("download", download);
    url.searchParams.set("signature", this.sign("GET", key, expires, download));
    return url.toString();
  }

  /** The upload must be sent with exactly this Content-Type: it is part of the signature. */
  async signedPutUrl(key: string, options: SignedPutOptions): Promise<string> {
    assertObjectKey(key);
    const expires = this.expiry(options.expiresInSeconds);
    const url = new URL(`${this.baseUrl}/files/${key}`);
    url.searchParams.set("expires", String(expires));
    url.searchParams.set("signature", this.sign("PUT", key, expires, options.contentType));
    return url.toString();
  }

  private check(method: "GET" | "PUT", key: string, params: URLSearchParams, detail: string): SignatureCheck {
    const expiresText = params.get("expires") ?? "";
    const given = Buffer.from(params.get("signature") ?? "");
    if (!/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: "invalid" };
    const expires = Number(expiresText);
    const expected = Buffer.from(this.sign(method, key, expires, detail));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
    if (expires <= Math.floor(this.now() / 1000)) return { ok: false, reason: "expired" };
    return { ok: true, downloadName: method === "GET" ? params.get("download") || null : null };
  }

  verifySignedGet(key: string, params: URLSearchParams): SignatureCheck {
    return this.check("GET", key, params, params.get("download") ?? "");
  }

  verifySignedPut(key: string, params: URLSearchParams, contentType: string): SignatureCheck {
    return this.check("PUT", key, params, contentType);
  }
}

export function createLocalStorage(options: LocalStorageOptions): LocalObjectStorage {
  return new LocalObjectStorage(options);
}

/** Reads a web request body as a Node stream that fails with UploadTooLargeError past `limit` bytes. */
export function limitedBody(body: ReadableStream<Uint8Array>, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new UploadTooLargeError(limit));
      else done(null, chunk);
    },
  });
  // The callback form of pipeline destroys every stream on failure, so the error reaches `counter`.
  return pipelineStreams(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), counter, () => {});
}

export class UploadTooLargeError extends DomainError {
  constructor(readonly limit: number) {
    super(413, `The upload is larger than ${Math.round(limit / 1024 / 1024)} MB`);
  }
}
