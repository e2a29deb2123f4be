/**
 * The one form pipeline for page actions. A form is parsed with Conform against the same zod schema
 * the page validates with, the service runs, and the answer is always a `FormReply`:
 *
 *   - invalid input → 400 with Conform's field errors (the page shows them next to the fields);
 *   - a `DomainError` from the service → its status, its message on the form (or on its field), and
 *     Retry-After for limits;
 *   - success → the notice the handler returned, or the handler's own Response (a redirect).
 *
 * Anything else is rethrown, so the route's error boundary and the error log see it.
 */
import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import type { FormReply } from "../../lib/form-reply.ts";
import { pageErrorResponse, retryHeaders } from "./domain-errors.server.ts";

export type { FormReply };

export type FormOptions = {
  /** Fields never sent back to the browser (passwords). */
  hideFields?: string[];
  /** Clear the form after success (default: keep what was typed). */
  resetForm?: boolean;
  /** A 404 from the service becomes the page's 404 rather than a message on the form. */
  notFoundIsPage?: boolean;
  /** Rewrites a domain error's message for this form (say, to name the limit it hit). */
  explain?: (error: DomainError) => string | undefined;
};

/** What a handler may return: a notice for the page, its own Response (a redirect), or nothing. */
export type FormOutcome = string | Response | null | undefined | void;

function intentOf(form: FormData): string | null {
  const intent = form.get("intent");
  return typeof intent === "string" && intent ? intent : null;
}

function reply(result: SubmissionResult<string[]>, intent: string | null, notice: string | null, init?: ResponseInit) {
  return data<FormReply>({ result, intent, notice }, init);
}

/** A domain error's message on its field, or on the form when it names none (Conform keeps form errors under ""). */
function errorsOf(error: DomainError, message: string): Record<string, string[]> {
  return { [error.field ?? ""]: [message] };
}

/** A reply for a domain error met before the form could be parsed (say, reading an upload failed). */
export function domainErrorReply(error: DomainError, intent: string | null = null) {
  return reply({ status: "error", error: errorsOf(error, error.message) }, intent, null, { status: error.status, headers: retryHeaders(error) });
}

/**
 * Reads the request's form (or the FormData given), validates it with `schema` and runs `handle` with
 * the parsed value. See the module comment for the replies.
 */
export async function handleForm<S extends z.ZodType>(
  input: Request | FormData,
  schema: S,
  handle: (value: z.output<S>) => Promise<FormOutcome> | FormOutcome,
  options: FormOptions = {},
) {
  const form = input instanceof FormData ? input : await input.formData();
  const intent = intentOf(form);
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") {
    return reply(submission.reply({ hideFields: options.hideFields }), intent, null, { status: 400 });
  }
  let outcome: FormOutcome;
  try {
    outcome = await handle(submission.value as z.output<S>);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (options.notFoundIsPage && error.status === 404) throw pageErrorResponse(error);
    const { "": formErrors, ...fieldErrors } = errorsOf(error, options.explain?.(error) ?? error.message);
    const result = submission.reply({ hideFields: options.hideFields, formErrors, fieldErrors });
    return reply(result, intent, null, { status: error.status, headers: retryHeaders(error) });
  }
  if (outcome instanceof Response) return outcome;
  return reply(submission.reply({ hideFields: options.hideFields, resetForm: options.resetForm }), intent, outcome ?? null);
}
