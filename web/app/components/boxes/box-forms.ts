/**
 * The forms of the box pages, shared by each page's action and its browser-side validation: a new
 * box, an action on one box (start, stop, restart, clone, delete), a chat message, and an admin's
 * forced stop. A page reads the intent first and parses with that form's schema, so a form that
 * clears after success (a new box, a message) never clears another's answer. Browser-safe.
 */
import { z } from "zod";
import { createBoxSchema, type BoxAction } from "@spike-land/shared/boxes";
import { boxMessageInput } from "@spike-land/shared/boxes-agent";

/** The intent of each action button, in the order a box shows them. */
export const ACTION_INTENTS = ["start", "stop", "restart", "clone", "delete"] as const;
export type ActionIntent = (typeof ACTION_INTENTS)[number];

const ACTION_OF: Record<ActionIntent, BoxAction> = { start: "START", stop: "STOP", restart: "RESTART", clone: "CLONE", delete: "DELETE" };
const INTENT_OF = Object.fromEntries(Object.entries(ACTION_OF).map(([intent, action]) => [action, intent])) as Record<BoxAction, ActionIntent>;

export const actionOfIntent = (intent: ActionIntent): BoxAction => ACTION_OF[intent];
export const intentOfAction = (action: BoxAction): ActionIntent => INTENT_OF[action];

const boxId = z.string({ error: "Choose a box." }).trim().min(1, "Choose a box.").max(64, "Choose a box.");

export const boxActionForm = z.object({
  intent: z.enum(ACTION_INTENTS, { error: "Choose start, stop, restart, clone or delete." }),
  boxId,
});

export const newBoxForm = createBoxSchema.extend({ intent: z.literal("create") });

export const chatForm = z.object({ intent: z.literal("message"), text: boxMessageInput.shape.text });

export const forceStopForm = z.object({ intent: z.literal("force-stop", { error: "Choose a box to stop." }), boxId });

/** What the person is told once an action has been asked for (the box's status shows the rest). */
export function actionNotice(intent: ActionIntent, charged: number | null): string {
  switch (intent) {
    case "start":
      return charged ? `Starting the box. Its first hour (${charged} tokens) has been charged.` : "Starting the box.";
    case "stop":
      return "Stopping the box. Its files are kept, and it costs nothing while stopped.";
    case "restart":
      return "Restarting the box. The hour already paid for carries on.";
    case "clone":
      return charged ? `Making a copy of the box. It starts once it is ready; its first hour (${charged} tokens) has been charged.` : "Making a copy of the box.";
    case "delete":
      return "Deleting the box.";
  }
}
