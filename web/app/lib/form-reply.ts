/**
 * The one shape every page action answers with (built by `.server/http/forms.server.ts`), and the
 * helpers pages use to read it. `result` is Conform's submission result: give it to `useForm` as
 * `lastResult` so field errors land on their fields.
 */
import type { SubmissionResult } from "@conform-to/react";

export type FormReply = {
  result: SubmissionResult<string[]>;
  /** The submitted "intent" (which form or button on the page answered), when there was one. */
  intent: string | null;
  /** What happened, on success. */
  notice: string | null;
};

/** The form-level message: the error summary of a refused submission, or the notice of a done one. */
export function replyMessage(reply: FormReply | undefined, intent?: string): { tone: "error" | "success"; text: string } | null {
  if (!reply || (intent !== undefined && reply.intent !== intent)) return null;
  const errors = reply.result.error ?? {};
  const formError = errors[""]?.[0];
  if (formError) return { tone: "error", text: formError };
  const fieldError = Object.values(errors).find((list) => list?.length)?.[0];
  if (reply.result.status === "error" && fieldError) return { tone: "error", text: fieldError };
  return reply.notice ? { tone: "success", text: reply.notice } : null;
}


/** The submission result for one form of a page with several (`useForm({ lastResult: resultFor(reply, "rename") })`). */
export function resultFor(reply: FormReply | undefined, intent: string): SubmissionResult<string[]> | undefined {
  return reply?.intent === intent ? reply.result : undefined;
}
