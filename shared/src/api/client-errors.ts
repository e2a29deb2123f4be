/** API contract for POST /api/v1/client-errors: what a browser reports about an uncaught error. */
import { z } from "zod";

/** The longest message or stack kept. */
export const MAX_CLIENT_ERROR_TEXT = 8_000;

export const clientErrorReport = z.object({
  message: z.string().trim().min(1, "message is required").max(MAX_CLIENT_ERROR_TEXT),
  stack: z.string().max(MAX_CLIENT_ERROR_TEXT).optional(),
  sourceFile: z.string().max(2_000).optional(),
  sourceLine: z.number().int().nonnegative().optional(),
  sourceColumn: z.number().int().nonnegative().optional(),
  route: z.string().max(2_000).optional(),
  errorType: z.string().max(200).optional(),
});
export type ClientErrorReport = z.infer<typeof clientErrorReport>;

export const clientErrorResponse = z.object({ id: z.string() });
export type ClientErrorResponse = z.infer<typeof clientErrorResponse>;
