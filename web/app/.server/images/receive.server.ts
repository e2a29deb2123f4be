/**
 * Reads a multipart request carrying one or many files (any field name) and stores each one on its
 * own: one bad file never fails the others. Every stored file counts against the upload rate limit.
 *
 * Two optional text fields serve clients that prepare files before sending them: `sha256` (the
 * i-th one is the SHA-256 of the original file the i-th file part was made from) and `albumId`
 * (every image, new or already held, is added to the end of that album). A file whose declared
 * checksum the library already holds is not stored again: its result is the existing image.
 */
import { DomainError } from "@spike-land/shared/errors";
import { formatBytes, MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { SHA256_MESSAGE, sha256Hex } from "@spike-land/shared/api/uploads";
import { MultipartError, readMultipartForm } from "../http/multipart.server.ts";
import { consume, LIMITS, RateLimitedError } from "../platform/rate-limit.server.ts";
import { describeLimit } from "../platform/rate-limit-rules.server.ts";
import { addImages, requireAlbum } from "../albums/albums.server.ts";
import { imagesBySourceSha256, publicImage, type LibraryImage } from "./library.server.ts";
import { storeUpload, UploadError } from "./upload.server.ts";

export type PublicImage = Awaited<ReturnType<typeof publicImage>>;
export type UploadResult = { name: string; ok: true; image: PublicImage; duplicate?: true } | { name: string; ok: false; error: string };
/** `field` names the form field a refusal of the whole request is about (`sha256`, `albumId`). */
export type UploadOutcome = { status: number; results: UploadResult[]; message?: string; retryAfterSeconds?: number; field?: string };

/**
 * The one way an upload form is read: multipart with the per-file photo limit (url-encoded too when
 * `urlEncoded` allows a form without a file). Refusals are DomainErrors with words a person can act on.
 */
export async function readUploadForm(request: Request, options: { urlEncoded?: boolean; fileLabel?: string } = {}): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("multipart/form-data")) {
    if (options.urlEncoded) return request.formData();
    throw new DomainError(400, "Send the files as multipart/form-data, one part per file.");
  }
  try {
    // One byte over the limit is enough to know a file is too large.
    return await readMultipartForm(request, { maxFileBytes: MAX_UPLOAD_BYTES });
  } catch (error) {
    if (!(error instanceof MultipartError)) throw new DomainError(400, "The upload could not be read. Try again.");
    if (error.problem === "file_too_large") {
      throw new DomainError(413, `${options.fileLabel ?? "A file"} is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the limit per file.`);
    }
    throw error;
  }
}

/** Over the upload limit: names the limit; `wait` is the limiter's own "try again in …" sentence. */
export class UploadLimitError extends DomainError {
  constructor(readonly wait: RateLimitedError) {
    super(429, `Too many uploads: the limit is ${describeLimit(LIMITS.upload)}. ${wait.message}`, "rate_limited", { retryAfterSeconds: wait.retryAfterSeconds });
  }
}

/** Counts one file against the upload limit (30 a minute unless the deployment sets another); throws UploadLimitError over it. */
export async function allowUpload(userId: string): Promise<void> {
  try {
    await consume("upload", userId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new UploadLimitError(error);
  }
}

export async function receiveUploads(request: Request, userId: string): Promise<UploadOutcome> {
  let form: FormData;
  try {
    form = await readUploadForm(request);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, results: [], message: error.message };
  }
  const files = [...form.values()].filter((value): value is File => value instanceof File && (value.size > 0 || value.name !== ""));
  if (files.length === 0) return { status: 400, results: [], message: "Choose at least one photo to upload." };

  // Both fields are checked before anything is stored or counted.
  let checksums: Array<string | undefined>;
  let albumId: string | undefined;
  try {
    checksums = declaredChecksums(form, files.length);
    albumId = declaredAlbum(form);
    if (albumId !== undefined) await requireAlbum(userId, albumId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, results: [], message: error.message, field: error.field };
  }

  const held = await imagesBySourceSha256(userId, checksums.filter((sum) => sum !== undefined));
  const results: UploadResult[] = [];
  const inLibrary: string[] = [];
  let limited: RateLimitedError | null = null;
  for (const [index, file] of files.entries()) {
    const name = file.name || "upload";
    const sourceSha256 = checksums[index];
    const existing = sourceSha256 === undefined ? undefined : held.get(sourceSha256);
    if (existing) {
      // Already in the library: nothing is stored, so nothing counts against the limit.
      results.push({ name, ok: true, image: await publicImage(existing), duplicate: true });
      inLibrary.push(existing.id);
      continue;
    }
    try {
      await allowUpload(userId);
    } catch (error) {
      if (!(error instanceof UploadLimitError)) throw error;
      limited = error.wait;
      results.push({ name, ok: false, error: error.message });
      continue;
    }
    try {
      const image: LibraryImage = await storeUpload(userId, Buffer.from(await file.arrayBuffer()), name, { sourceSha256 });
      results.push({ name, ok: true, image: await publicImage(image) });
      inLibrary.push(image.id);
      // The same file twice in one request is stored once.
      if (sourceSha256 !== undefined) held.set(sourceSha256, image);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      results.push({ name, ok: false, error: error.message });
    }
  }
  if (albumId !== undefined && inLibrary.length > 0) await addImages(userId, albumId, inLibrary);
  const stored = results.filter((result) => result.ok).length;
  if (limited && stored === 0) {
    return { status: 429, results, message: limited.message, retryAfterSeconds: limited.retryAfterSeconds };
  }
  if (stored === 0) return { status: 422, results, message: results.length === 1 && !results[0]!.ok ? results[0]!.error : "None of the files could be uploaded." };
  return { status: stored === results.length ? 201 : 207, results };
}

/**
 * The `sha256` fields, by the position of the file they belong to; an empty one declares nothing
 * for its file (the server then keeps the checksum of the bytes it receives).
 */
function declaredChecksums(form: FormData, fileCount: number): Array<string | undefined> {
  const values = form.getAll("sha256");
  if (values.length > fileCount) {
    throw new DomainError(422, `Send at most one sha256 per file: ${values.length} came with ${fileCount === 1 ? "1 file" : `${fileCount} files`}.`, "validation_failed", {
      field: "sha256",
    });
  }
  return values.map((value) => {
    if (typeof value === "string" && value.trim() === "") return undefined;
    const parsed = sha256Hex.safeParse(value);
    if (!parsed.success) throw new DomainError(422, SHA256_MESSAGE, "validation_failed", { field: "sha256" });
    return parsed.data;
  });
}

/** The album every image of the request goes to, if the request names one. */
function declaredAlbum(form: FormData): string | undefined {
  const values = form.getAll("albumId");
  if (values.length === 0) return undefined;
  const [value] = values;
  if (values.length > 1 || typeof value !== "string") {
    throw new DomainError(422, "Send one albumId as a text field.", "validation_failed", { field: "albumId" });
  }
  return value.trim() || undefined;
}
