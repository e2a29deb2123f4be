/**
 * Boxes (cloud desktops) as both front doors see them: the statuses, the actions a person can ask
 * for, which status allows which action (and what to say when it does not), and the zod schemas for
 * naming a box and asking for an action. The server enforces the same table.
 */
import { z } from "zod";

export const BOX_STATUSES = ["CREATING", "STARTING", "RUNNING", "PAUSED", "STOPPING", "STOPPED", "TERMINATED", "ERROR"] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];

/** What a person can ask a box to do (a new box is CREATE, which only `createBox` makes). */
export const BOX_ACTIONS = ["START", "STOP", "RESTART", "DELETE", "CLONE"] as const;
export type BoxAction = (typeof BOX_ACTIONS)[number];

export const BOX_NAME_MAX = 60;
const COPY_SUFFIX = " (copy)";

export const boxNameSchema = z
  .string({ error: "Give the box a name." })
  .trim()
  .min(1, "Give the box a name.")
  .max(BOX_NAME_MAX, `Keep the box name under ${BOX_NAME_MAX} characters.`);

export const createBoxSchema = z.object({
  name: boxNameSchema,
  tierId: z.string({ error: "Choose a box size." }).trim().min(1, "Choose a box size.").max(64, "Choose a box size."),
});
export type CreateBoxInput = z.input<typeof createBoxSchema>;

export const boxActionSchema = z.object({
  action: z.enum(BOX_ACTIONS, { error: "Choose start, stop, restart, delete or clone." }),
});

/** The name of a box's clone, kept within the name limit. */
export function cloneName(name: string): string {
  return `${name.slice(0, BOX_NAME_MAX - COPY_SUFFIX.length).trimEnd()}${COPY_SUFFIX}`;
}

const BUSY: Partial<Record<BoxStatus, string>> = {
  CREATING: "This box is still being created. Try again once it is running.",
  STARTING: "This box is still starting. Try again once it is running.",
  STOPPING: "This box is stopping. Try again once it has stopped.",
};

/**
 * Why `action` is not possible on a box in `status`, or null when it is. A box that is busy (being
 * created, starting or stopping) takes no new action until it settles.
 */
export function boxActionRefusal(status: BoxStatus, action: BoxAction): string | null {
  if (status === "TERMINATED") return "This box has been deleted.";
  const busy = BUSY[status];
  if (busy) return busy;
  switch (action) {
    case "START":
      return status === "RUNNING" ? "This box is already running." : null;
    case "STOP":
      return status === "RUNNING" || status === "PAUSED" ? null : "This box is not running, so there is nothing to stop.";
    case "RESTART":
      return status === "RUNNING" || status === "PAUSED" ? null : "This box is not running. Start it instead.";
    case "DELETE":
    case "CLONE":
      return null;
  }
}

/** The actions a box in `status` offers, in the order a page shows them. */
export function boxActionsFor(status: BoxStatus): BoxAction[] {
  return BOX_ACTIONS.filter((action) => boxActionRefusal(status, action) === null);
}
