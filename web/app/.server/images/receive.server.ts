/**
 * Reads a multipart request carrying one or many files (any field name) and stores each one on its
 * own: one bad file never fails the others. Every file counts against the upload rate limit.
 */
import { DomainError } from "@spike-land/shared/errors";
import { formatBytes, MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { MultipartError, readMultipartForm } from "../http/multipart.server.ts";
import { consume, RateLimitedError } from "../platform/rate-limit.server.ts";
import { publicImage } from "./library.server.ts";
import { storeUpload, UploadError } from "./upload.server.ts";

export type PublicImage = Awaited<ReturnType<typeof publicImage>>;
export type UploadResult = { name: string; ok: true; image: PublicImage } | { name: string; ok: false; error: string };
export type UploadOutcome = { status: number; results: UploadResult[]; message?: string; retryAfterSeconds?: number };

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
    super(429, `Too many uploads: the limit is 30 a minute. ${wait.message}`, "rate_limited", { retryAfterSeconds: wait.retryAfterSeconds });
  }
}

/** Counts one file against the upload limit (30 a minute); throws UploadLimitError over it. */
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

  const results: UploadResult[] = [];
  let limited: RateLimitedError | null = null;
  for (const file of files) {
    const name = file.name || "upload";
    try {
      await allowUpload(userId);
    } catch (error) {
      if (!(error instanceof UploadLimitError)) throw error;
      limited = error.wait;
      results.push({ name, ok: false, error: error.message });
      continue;
    }
    try {
      const image = await storeUpload(userId, Buffer.from(await file.arrayBuffer()), name);
      results.push({ name, ok: true, image: await publicImage(image) });
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      results.push({ name, ok: false, error: error.message });
    }
  }
  const stored = results.filter((result) => result.ok).length;
  if (limited && stored === 0) {
    return { status: 429, results, message: limited.message, retryAfterSeconds: limited.retryAfterSeconds };
  }
  if (stored === 0) return { status: 422, results, message: results.length === 1 && !results[0]!.ok ? results[0]!.error : "None of the files could be uploaded." };
  return { status: stored === results.length ? 201 : 207, results };
}
