/**
 * The forms of the admin agent-session pages, shared by each page's action and its browser-side
 * validation: starting a session, approving a plan, and sending a message. Browser-safe.
 */
import { z } from "zod";

export const PROMPT_MAX = 8000;
export const MESSAGE_MAX = 4000;

export const startSessionForm = z.object({
  intent: z.literal("start"),
  prompt: z.string({ error: "Describe the task." }).trim().min(10, "Describe the task in at least 10 characters.").max(PROMPT_MAX, `Keep the task under ${PROMPT_MAX} characters.`),
  title: z.string().trim().max(120, "Keep the title under 120 characters.").optional(),
  source: z.string({ error: "Choose a repository." }).trim().regex(/^sources\/[\w./-]+$/, "Choose a repository."),
  branch: z
    .string({ error: "Name the branch to start from." })
    .trim()
    .max(200, "Keep the branch name under 200 characters.")
    .regex(/^[\w./-]+$/, "A branch name has letters, digits, dots, dashes, underscores and slashes only."),
  requirePlanApproval: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()).default(false),
});

export const approvePlanForm = z.object({ intent: z.literal("approve") });

export const messageForm = z.object({
  intent: z.literal("message"),
  message: z.string({ error: "Write a message." }).trim().min(1, "Write a message.").max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX} characters.`),
});

export const refreshForm = z.object({ intent: z.literal("refresh") });

export const sessionActionForm = z.discriminatedUnion("intent", [approvePlanForm, messageForm, refreshForm]);
