/**
 * The one place a service's `DomainError` becomes a page's answer: a plain response with its status
 * (the route's error boundary shows it). The API answers through `handleApi` (api.server.ts), forms
 * through `forms.server.ts`; all three read only the error's status, code and message.
 */
import { DomainError } from "@spike-land/shared/errors";

/** Retry-After for a limit's error; nothing for other errors. Every reply of a DomainError uses it. */
export function retryHeaders(error: DomainError): HeadersInit | undefined {
  return error.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(error.retryAfterSeconds) };
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
