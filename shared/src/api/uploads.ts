/**
 * API contract for uploading photos: asking which source files the library already holds (by the
 * SHA-256 of the original file) and the per-file results of POST /api/v1/images. The desktop app
 * hashes each file before it downsizes or re-encodes it, so the checksum names the source file.
 */
import { z } from "zod";

export const SHA256_MESSAGE = "Each checksum must be a SHA-256 in hex (64 characters 0-9, a-f).";
/** How many checksums one request may ask about. */
export const MAX_CHECKSUMS_PER_REQUEST = 500;

/** A SHA-256 in hex; upper-case digits and surrounding spaces are accepted and normalised. */
export const sha256Hex = z
  .string({ error: SHA256_MESSAGE })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, SHA256_MESSAGE);

// ---- Requests ----------------------------------------------------------------------------------

export const checksumsRequest = z.object({
  sha256: z
    .array(sha256Hex, { error: "Send sha256 as a list of SHA-256 checksums in hex." })
    .min(1, "Send at least one checksum.")
    .max(MAX_CHECKSUMS_PER_REQUEST, `Send at most ${MAX_CHECKSUMS_PER_REQUEST} checksums at a time.`),
});
export type ChecksumsRequest = z.input<typeof checksumsRequest>;

// ---- Responses ---------------------------------------------------------------------------------

/**
 * The caller's images whose source checksum is one of those asked about: one entry per checksum
 * (the oldest image when several share it); checksums the library does not hold are left out.
 */
export const checksumsResponse = z.object({
  known: z.array(z.object({ sha256: z.string(), imageId: z.string(), name: z.string() })),
});
export type ChecksumsResponse = z.infer<typeof checksumsResponse>;

/** The fields of an uploaded image a client relies on; the server may send more. */
export const uploadedImage = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  sizeBytes: z.number().int(),
  format: z.string(),
  createdAt: z.iso.datetime(),
  /** Signed, short-lived links to the thumbnail, the original and a download of the original. */
  urls: z.object({ thumb: z.string(), original: z.string(), download: z.string() }),
});
export type UploadedImage = z.infer<typeof uploadedImage>;

export const uploadResult = z.discriminatedUnion("ok", [
  z.object({
    name: z.string(),
    ok: z.literal(true),
    image: uploadedImage,
    /** True when the library already held this source file: the existing image, nothing stored. */
    duplicate: z.boolean().optional(),
  }),
  z.object({ name: z.string(), ok: z.literal(false), error: z.string() }),
]);
export type UploadResult = z.infer<typeof uploadResult>;

/** One result per file, in the order the files were sent. */
export const uploadResponse = z.object({ results: z.array(uploadResult) });
export type UploadResponse = z.infer<typeof uploadResponse>;
