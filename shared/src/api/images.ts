/**
 * API contract for reading the photo library: the page query of GET /api/v1/images and what it and
 * GET /api/v1/images/:id answer, and the enhancement job GET /api/v1/jobs/:id answers. Uploads are
 * in ./uploads.ts, enhancement requests in ./albums.ts.
 */
import { z } from "zod";
import { uploadedImage } from "./uploads.ts";
import { enhanceImageResponse } from "./albums.ts";

/** How many photos one page of GET /api/v1/images holds at most. */
export const MAX_IMAGE_PAGE_SIZE = 100;

export const imageListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_IMAGE_PAGE_SIZE).default(24),
});
export type ImageListQuery = z.input<typeof imageListQuery>;

export const imageListResponse = z.object({
  images: z.array(uploadedImage),
  page: z.number().int(),
  pages: z.number().int(),
  total: z.number().int(),
});
export type ImageListResponse = z.infer<typeof imageListResponse>;

export const imageResponse = z.object({ image: uploadedImage });
export type ImageResponse = z.infer<typeof imageResponse>;

/** GET /api/v1/jobs/:id answers the same job view as POST /api/v1/images/:id/enhance. */
export const jobResponse = enhanceImageResponse;
export type JobResponse = z.infer<typeof jobResponse>;
