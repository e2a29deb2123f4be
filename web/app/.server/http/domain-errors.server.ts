/**
 * Turns the errors the album, pipeline, enhancement and token services throw into the /api/v1
 * error shape, so every endpoint answers the same code for the same status.
 */
import type { ApiErrorCode } from "@spike-land/shared/api/errors";
import { AlbumError } from "../albums/albums.server.ts";
import { EnhancementError } from "../jobs/enhance.server.ts";
import { PipelineError } from "../pipelines/pipelines.server.ts";
import { InsufficientTokensError } from "../tokens/ledger.server.ts";
import { apiError } from "./api.server.ts";

const CODES: Record<number, ApiErrorCode> = {
  400: "bad_request",
  402: "payment_required",
  404: "not_found",
  409: "conflict",
  422: "validation_failed",
  429: "rate_limited",
};

export function codeForStatus(status: number): ApiErrorCode {
  return CODES[status] ?? (status >= 500 ? "internal" : "bad_request");
}

/** The API answer for a known service error, or null for anything else (which the caller rethrows). */
export function domainErrorResponse(error: unknown): Response | null {
  if (error instanceof InsufficientTokensError) return apiError("payment_required", error.message);
  if (error instanceof AlbumError || error instanceof PipelineError || error instanceof EnhancementError) {
    return apiError(codeForStatus(error.status), error.message);
  }
  return null;
}

/** Runs a service call, answering its known errors in the API shape. */
export async function withDomainErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const response = domainErrorResponse(error);
    if (response) return response;
    throw error;
  }
}
