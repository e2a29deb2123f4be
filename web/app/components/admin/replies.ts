/**
 * Admin pages carry many small forms on one page (a row's buttons, an editor per item), all answered
 * by one action. These pick out the reply meant for one of them.
 */
import type { SubmissionResult } from "@conform-to/react";
import type { FormReply } from "../../lib/form-reply.ts";

/** The reply when it answers this form: one of its intents and, for a form of one row, that row's id. */
export function replyTo(reply: FormReply | undefined, intents: readonly string[], id?: string, idField = "id"): FormReply | undefined {
  if (!reply?.intent || !intents.includes(reply.intent)) return undefined;
  if (id !== undefined && reply.result.initialValue?.[idField] !== id) return undefined;
  return reply;
}

/**
 * What a Conform form should show from a reply: only a refusal. After a save the form starts again
 * from the saved values (the page remounts it, see `savedKey`), not from what was typed.
 */
export function refusal(reply: FormReply | undefined): SubmissionResult<string[]> | undefined {
  return reply?.result.status === "error" ? reply.result : undefined;
}

/** A key that changes with each save a form makes, so the page can remount it with the saved values. */
export function savedKey(reply: FormReply | undefined): string {
  return reply?.result.status === "success" ? (reply.notice ?? "saved") : "form";
}
