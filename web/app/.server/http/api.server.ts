/**
 * Helpers for /api/v1 resource routes: one error shape, zod parsing of bodies and queries, and
 * authentication by session cookie or bearer token.
 */
import type { z } from "zod";
import type { ApiErrorBody, ApiErrorCode } from "@spike-land/shared/api/errors";
import type { Role } from "@spike-land/shared/accounts/schemas";
import { getRequestSession } from "../auth/sessions.server.ts";
import { hasRole } from "../auth/guards.server.ts";
import { consume, RateLimitedError } from "./rate-limit.server.ts";

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

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
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
    const fields = fieldErrors(parsed.error);
    const first = Object.entries(fields)[0];
    const message = first ? `${first[0]}: ${first[1][0]}` : "The request is not valid.";
    throw new ApiProblem(apiError("validation_failed", message, { fields }));
  }
  return parsed.data;
}

export async function requireApiSession(request: Request, role: Role = "USER") {
  const session = await getRequestSession(request);
  if (!session) throw new ApiProblem(apiError("unauthorized", "Sign in first: send a session cookie or an Authorization: Bearer token."));
  if (!hasRole(session.user.role, role)) throw new ApiProblem(apiError("forbidden", "Your account may not use this endpoint."));
  // The general API limit (100 requests a minute per user); a limited call gets 429 with Retry-After.
  await consume("generalApi", session.user.id);
  return session;
}

export function methodNotAllowed(allowed: string[]): Response {
  return apiError("method_not_allowed", `Use ${allowed.join(" or ")} for this endpoint.`, { headers: { Allow: allowed.join(", ") } });
}

/** Runs a handler and maps known problems to the error shape; anything else becomes a 500 there. */
export async function handleApi(run: () => Promise<Response>, onUnexpected: (error: unknown) => Promise<void>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiProblem) return error.response;
    if (error instanceof RateLimitedError) {
      return apiError("rate_limited", error.message, { headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    if (error instanceof Response) throw error;
    await onUnexpected(error);
    return apiError("internal", "Something went wrong on our side. It has been logged; please try again.");
  }
}
