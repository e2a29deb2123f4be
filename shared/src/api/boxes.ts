/**
 * API contract for boxes (cloud desktops): what /api/v1/boxes answers, as the desktop app and API
 * clients check it. Request schemas live in ../boxes.ts and ../boxes-agent.ts, where the web forms
 * use them too.
 */
import { z } from "zod";
import { BOX_ACTIONS, BOX_STATUSES } from "../boxes.ts";
import { JOB_STATUSES } from "./albums.ts";

export const boxTierJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  cpu: z.number().int(),
  ramMb: z.number().int(),
  storageGb: z.number().int(),
  tokensPerHour: z.number().int(),
});
export type BoxTierJson = z.infer<typeof boxTierJson>;

export const boxJson = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(BOX_STATUSES),
  tier: boxTierJson.nullable(),
  /** While it runs: since when, and until when its hours are paid. */
  running: z.object({ startedAt: z.iso.datetime(), paidUntil: z.iso.datetime() }).nullable(),
  lastAction: z
    .object({ id: z.string(), action: z.string(), status: z.string(), error: z.string().nullable(), createdAt: z.iso.datetime() })
    .nullable(),
  /** What the owner can ask for now. */
  actions: z.array(z.enum(BOX_ACTIONS)),
  createdAt: z.iso.datetime(),
});
export type BoxJson = z.infer<typeof boxJson>;

export const boxListResponse = z.object({ boxes: z.array(boxJson) });
export type BoxListResponse = z.infer<typeof boxListResponse>;
export const boxTiersResponse = z.object({ tiers: z.array(boxTierJson) });
export type BoxTiersResponse = z.infer<typeof boxTiersResponse>;
export const boxResponse = z.object({ box: boxJson });
export type BoxResponse = z.infer<typeof boxResponse>;

export const boxActionJson = z.object({ id: z.string(), boxId: z.string(), action: z.string(), status: z.string() });
export const boxActionResponse = z.object({ action: boxActionJson });
export type BoxActionResponse = z.infer<typeof boxActionResponse>;
export const createBoxResponse = z.object({ box: boxJson, action: boxActionJson });
export type CreateBoxResponse = z.infer<typeof createBoxResponse>;

export const agentTaskJson = z.object({
  id: z.string(),
  type: z.string(),
  payload: z.unknown(),
  status: z.enum(JOB_STATUSES),
  result: z.unknown(),
  error: z.string().nullable(),
  screenshotUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export const agentTaskListResponse = z.object({ tasks: z.array(agentTaskJson) });
export const agentTaskResponse = z.object({ task: agentTaskJson });

export const boxMessageJson = z.object({ id: z.string(), role: z.enum(["USER", "AGENT", "SYSTEM"]), content: z.string(), createdAt: z.iso.datetime() });
export const boxMessageListResponse = z.object({ messages: z.array(boxMessageJson) });
export const postBoxMessageResponse = z.object({ message: boxMessageJson, reply: boxMessageJson, tasks: z.array(agentTaskJson) });

/** A one-minute, single-use ticket for the box screen proxy at `path` (a WebSocket on the same server). */
export const vncTicketResponse = z.object({ ticket: z.string(), password: z.string(), expiresAt: z.iso.datetime(), path: z.string() });
export type VncTicketResponse = z.infer<typeof vncTicketResponse>;
