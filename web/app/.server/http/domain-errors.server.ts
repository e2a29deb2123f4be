/**
 * The one place a service's `DomainError` becomes an HTTP answer: the /api/v1 error shape for the API,
 * a plain response with the same status for pages (their error boundary shows it). Forms reply through
 * `forms.server.ts`, which uses the same errors. Nothing here knows which domain threw.
 */
import { codeForStatus, DomainError } from "@spike-land/shared/errors";
import { apiError } from "./api.server.ts";

export { codeForStatus };

function retryHeaders(error: DomainError): HeadersInit | undefined {
  return error.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(error.retryAfterSeconds) };
}

/** The API answer for a domain error, or null for anything else (which the caller rethrows). */
export function domainErrorResponse(error: unknown): Response | null {
  if (!(error instanceof DomainError)) return null;
  return apiError(error.code, error.message, { headers: retryHeaders(error) });
}

/** Runs a service call, answering its domain errors in the API shape. */
export async function withDomainErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const response = domainErrorResponse(error);
    if (response) return response;
    throw error;
  }
}

/** A page's answer for a domain error: its message and status, for the route's error boundary. */
export function pageErrorResponse(error: DomainError): Response {
  return new Response(error.message, { status: error.status, headers: retryHeaders(error) });
}

/** For loaders: a domain error thrown as the page's response; anything else rethrown as it is. */
export function throwAsPageError(error: unknown): never {
  if (error instanceof DomainError) throw pageErrorResponse(error);
  throw error;
}

/** Awaits a service call in a loader, turning its domain error (say, a 404) into the page's response. */
export async function orPageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throwAsPageError(error);
  }
}
