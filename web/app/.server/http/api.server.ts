/**
 * Helpers for /api/v1 resource routes: one error shape and zod parsing of bodies and queries.
 * Who is calling is the auth domain's business (`auth/api-session.server.ts`).
 */
import type { z } from "zod";
import type { ApiErrorBody, ApiErrorCode } from "@spike-land/shared/api/errors";
import { DomainError, firstIssue, issuesToFields } from "@spike-land/shared/errors";
import { retryHeaders } from "./domain-errors.server.ts";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payment_required: 402,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  internal: 500,
};

export function apiJson<T>(data: T, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}

export function apiError(code: ApiErrorCode, message: string, extra: { fields?: Record<string, string[]>; headers?: HeadersInit } = {}): Response {
  const body: ApiErrorBody = { error: { code, message, ...(extra.fields ? { fields: extra.fields } : {}) } };
  return apiJson(body, { status: STATUS[code], headers: extra.headers });
}

/** Thrown inside handlers; `handleApi` turns it into the error shape. */
export class ApiProblem extends Error {
  constructor(readonly response: Response) {
    super("api problem");
  }
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  // The media type itself, not a parameter: "text/plain; x=application/json" is a form a browser may send cross-site.
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiProblem(apiError("bad_request", "Send the request body as JSON with Content-Type: application/json."));
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ApiProblem(apiError("bad_request", "The request body is not valid JSON."));
  }
  return validate(schema, raw);
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return validate(schema, params);
}

function validate<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw new ApiProblem(apiError("validation_failed", firstIssue(issues), { fields: issuesToFields(issues) }));
  }
  return parsed.data;
}

export function methodNotAllowed(allowed: string[]): Response {
  return apiError("method_not_allowed", `Use ${allowed.join(" or ")} for this endpoint.`, { headers: { Allow: allowed.join(", ") } });
}

/** The API answer for a domain error (its code, status and message), or null for anything else. */
export function domainErrorResponse(error: unknown): Response | null {
  if (!(error instanceof DomainError)) return null;
  return apiError(error.code, error.message, { headers: retryHeaders(error) });
}

/** Runs a handler and maps known problems to the error shape; anything else becomes a 500 there. */
export async function handleApi(run: () => Promise<Response>, onUnexpected: (error: unknown) => Promise<void>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiProblem) return error.response;
    const answer = domainErrorResponse(error);
    if (answer) return answer;
    if (error instanceof Response) throw error;
    await onUnexpected(error);
    return apiError("internal", "Something went wrong on our side. It has been logged; please try again.");
  }
}
