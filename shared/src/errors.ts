/**
 * The one error type of the domain, and the one way to turn validation issues into field messages.
 * Services throw a `DomainError` (or a subclass) for anything a person can act on; the web app turns
 * it into a page reply, a form reply or an API error from its status and code alone.
 */
import type { ApiErrorCode } from "./api/errors.ts";

const CODE_FOR_STATUS: Record<number, ApiErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  402: "payment_required",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  422: "validation_failed",
  429: "rate_limited",
};

export function codeForStatus(status: number): ApiErrorCode {
  return CODE_FOR_STATUS[status] ?? (status >= 500 ? "internal" : "bad_request");
}

export type DomainErrorOptions = {
  /** The form field the message belongs to, when there is one. */
  field?: string;
  /** For limits: how long until trying again makes sense (becomes Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
};

export class DomainError extends Error {
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: number,
    message: string,
    readonly code: ApiErrorCode = codeForStatus(status),
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

/** Validation issues (zod's, or any with a path and a message) as messages per field; "_" for the whole. */
export function issuesToFields(issues: ReadonlyArray<Issue>): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** One line for logs and API messages: "field: message" for the first issue. */
export function firstIssue(issues: ReadonlyArray<Issue>, fallback = "The request is not valid."): string {
  const issue = issues[0];
  if (!issue) return fallback;
  const where = issue.path.map(String).join(".");
  return where ? `${where}: ${issue.message}` : issue.message;
}
