/** The one error shape every /api/v1 endpoint answers with. */
import { z } from "zod";

export const apiErrorCode = z.enum([
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "payment_required",
  "conflict",
  "rate_limited",
  "payload_too_large",
  "internal",
]);
export type ApiErrorCode = z.infer<typeof apiErrorCode>;

export const apiErrorBody = z.object({
  error: z.object({
    code: apiErrorCode,
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
