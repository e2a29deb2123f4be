/**
 * Delivery events from the email provider (Resend, signed the Svix way): the signature check and how
 * an event moves the matching email_logs row (delivered, opened, clicked, bounced, complained).
 * Each event is applied once, keyed by its svix-id.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { EmailStatus, Prisma } from "../platform/db.server.ts";
import { prisma } from "../platform/db.server.ts";

/** How far a signed timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type DeliveryOutcome =
  | { status: 200; duplicate: boolean; matched: boolean; eventType: string }
  | { status: 400 | 401 | 503; message: string };

/** The signature Svix sends for a body: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function svixSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks the Svix headers; null when the body is authentic and fresh, else why it is not. */
export function verifySvix(secret: string, headers: Headers, body: string, now = Date.now()): string | null {
  const id = headers.get("svix-id");
  const timestamp = headers.get("svix-timestamp");
  const signatures = headers.get("svix-signature");
  if (!id || !timestamp || !signatures) return "The event is missing its svix-id, svix-timestamp or svix-signature header.";
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) return "The svix-timestamp header is not a Unix time in seconds.";
  if (Math.abs(now / 1000 - seconds) > SIGNATURE_TOLERANCE_SECONDS) return "The event's timestamp is more than 5 minutes from now; it may be a replay.";
  const expected = svixSignature(secret, id, timestamp, body);
  // The header may carry several space-separated signatures while a secret is being rotated.
  const matches = signatures.split(" ").some((candidate) => sameText(candidate, expected));
  return matches ? null : "The event's signature does not match.";
}

const eventSchema = z.object({
  type: z.string().min(1),
  created_at: z.string().optional(),
  data: z.object({ email_id: z.string().min(1), created_at: z.string().optional() }).loose(),
});

/** The order statuses advance in; a late "delivered" never hides an earlier "opened". */
const RANK: Record<EmailStatus, number> = { PENDING: 0, SENT: 1, DELIVERED: 2, OPENED: 3, CLICKED: 4, BOUNCED: 5, FAILED: 5 };

type Change = { status?: EmailStatus; column?: "openedAt" | "clickedAt" | "bouncedAt"; note?: string };
const CHANGES: Record<string, Change> = {
  "email.delivered": { status: "DELIVERED" },
  "email.opened": { status: "OPENED", column: "openedAt" },
  "email.clicked": { status: "CLICKED", column: "clickedAt" },
  "email.bounced": { status: "BOUNCED", column: "bouncedAt" },
  // There is no complained status: the complaint is kept on the log's metadata.
  "email.complained": { note: "complainedAt" },
};

function eventTime(value: string | undefined): Date {
  const parsed = value ? new Date(value) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
}

export async function receiveDeliveryEvent(secret: string | undefined, body: string, headers: Headers, now = Date.now()): Promise<DeliveryOutcome> {
  if (!secret) return { status: 503, message: "Email delivery events are not enabled: RESEND_WEBHOOK_SECRET is not set." };
  const problem = verifySvix(secret, headers, body, now);
  if (problem) return { status: 401, message: problem };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, message: "The event body is not JSON." };
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return { status: 400, message: "The event has no type or no data.email_id." };
  const event = parsed.data;
  const eventId = headers.get("svix-id")!;

  return prisma.$transaction(async (tx) => {
    const inserted = await tx.webhookEvent.createMany({
      data: [{ provider: "RESEND", eventId, eventType: event.type, payload: json as Prisma.InputJsonValue, processed: true, processedAt: new Date() }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { status: 200 as const, duplicate: true, matched: true, eventType: event.type };
    const change = CHANGES[event.type];
    const log = await tx.emailLog.findUnique({ where: { resendId: event.data.email_id }, select: { id: true, status: true, metadata: true, openedAt: true, clickedAt: true, bouncedAt: true } });
    if (!log) return { status: 200 as const, duplicate: false, matched: false, eventType: event.type };
    if (!change) return { status: 200 as const, duplicate: false, matched: true, eventType: event.type };
    const at = eventTime(event.created_at ?? event.data.created_at);
    const data: Prisma.EmailLogUpdateInput = {};
    if (change.status && RANK[change.status] > RANK[log.status]) data.status = change.status;
    // The first open or click is the one worth knowing; later ones keep it.
    if (change.column && !log[change.column]) data[change.column] = at;
    if (change.note) {
      const metadata = log.metadata && typeof log.metadata === "object" && !Array.isArray(log.metadata) ? log.metadata : {};
      data.metadata = { ...metadata, [change.note]: at.toISOString() };
    }
    if (Object.keys(data).length > 0) await tx.emailLog.update({ where: { id: log.id }, data });
    return { status: 200 as const, duplicate: false, matched: true, eventType: event.type };
  });
}
