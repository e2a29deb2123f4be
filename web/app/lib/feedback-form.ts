/** The feedback forms' schemas, shared by the browser (validation as you type) and the actions. */
import { z } from "zod";

export const FEEDBACK_TYPES = ["BUG", "IDEA", "OTHER"] as const;
export const FEEDBACK_STATUSES = ["NEW", "REVIEWED", "RESOLVED", "DISMISSED"] as const;
export const FEEDBACK_TYPE_LABEL: Record<(typeof FEEDBACK_TYPES)[number], string> = { BUG: "Something is broken", IDEA: "An idea", OTHER: "Something else" };
export const FEEDBACK_MESSAGE_MAX = 4000;

export const feedbackSchema = z.object({
  type: z.enum(FEEDBACK_TYPES, { error: "Choose what kind of feedback this is" }),
  message: z
    .string({ error: "Tell us what happened or what you would like" })
    .trim()
    .min(5, "Write a few more words (at least 5 characters)")
    .max(FEEDBACK_MESSAGE_MAX, `Keep it under ${FEEDBACK_MESSAGE_MAX} characters`),
  email: z.email("Enter an email address like name@example.com").max(254).optional(),
  // The page the visitor was on; only a path of this site is kept.
  page: z.string().max(2000).optional(),
});

export const feedbackReviewSchema = z.object({
  status: z.enum(FEEDBACK_STATUSES, { error: "Choose a status" }),
  reply: z.string().trim().max(FEEDBACK_MESSAGE_MAX, `Keep the reply under ${FEEDBACK_MESSAGE_MAX} characters`).optional(),
  sendReply: z.literal("on").optional(),
});

/** Keeps only a path on this site, so the inbox never links elsewhere. */
export function feedbackPage(value: string | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://site.invalid");
    return url.origin === "http://site.invalid" ? `${url.pathname}${url.search}`.slice(0, 1000) : "/";
  } catch {
    return "/";
  }
}
