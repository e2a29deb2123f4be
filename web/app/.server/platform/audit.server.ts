/**
 * The audit trail: every admin action, and sign-ins and deletions, written in the same transaction as
 * the action. The action list is fixed, so each entry also names its precise event in
 * `metadata.event` (e.g. `merch.order_cancel`), which the audit page shows and filters by.
 */
import type { AuditAction, Prisma } from "./db.server.ts";
import { prisma } from "./db.server.ts";
import { pageCount, pageWindow } from "./pagination.server.ts";

type Writer = Pick<typeof prisma, "auditLog">;

/** Every event the product records, grouped by area. */
export const AUDIT_EVENTS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "account.delete",
  "album.delete",
  "role.change",
  "tokens.adjust",
  "voucher.create",
  "voucher.update",
  "voucher.activate",
  "voucher.deactivate",
  "voucher.delete",
  "api_key.revoke",
  "box.force_stop",
  "job.admin_rerun",
  "photo.unpublish",
  "photo.unfeature",
  "photo.delete",
  "gallery.feature",
  "gallery.edit",
  "gallery.show",
  "gallery.hide",
  "gallery.order",
  "gallery.move",
  "gallery.delete",
  "merch.category_create",
  "merch.category_update",
  "merch.category_activate",
  "merch.category_deactivate",
  "merch.category_move",
  "merch.product_create",
  "merch.product_update",
  "merch.variant_create",
  "merch.variant_update",
  "merch.variant_activate",
  "merch.variant_deactivate",
  "merch.order_resubmit",
  "merch.order_cancel",
  "feedback.review",
  "feedback.reply",
  "marketing.connect",
  "marketing.disconnect",
  "agent.start",
  "agent.approve_plan",
  "agent.message",
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

export function isAuditEvent(value: string): value is AuditEvent {
  return (AUDIT_EVENTS as readonly string[]).includes(value);
}

export function recordAudit(
  db: Writer,
  entry: {
    actorId: string;
    action: AuditAction;
    event: AuditEvent;
    targetId?: string | null;
    metadata?: Record<string, Prisma.InputJsonValue | null | undefined>;
    ipAddress?: string | null;
  },
) {
  return db.auditLog.create({
    data: {
      userId: entry.actorId,
      action: entry.action,
      targetId: entry.targetId ?? null,
      metadata: { ...entry.metadata, event: entry.event } as Prisma.InputJsonObject,
      ipAddress: entry.ipAddress ?? null,
    },
  });
}

export const AUDIT_PAGE_SIZE = 25;

/** `event` is one event; a prefix ending in "." (e.g. "merch.") matches the whole area. */
export async function listAudit(page: number, filter: { event?: string | undefined } = {}) {
  const where: Prisma.AuditLogWhereInput = filter.event
    ? { metadata: filter.event.endsWith(".") ? { path: ["event"], string_starts_with: filter.event } : { path: ["event"], equals: filter.event } }
    : {};
  const [total, entries] = await prisma.$transaction([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, AUDIT_PAGE_SIZE),
      select: {
        id: true,
        action: true,
        targetId: true,
        metadata: true,
        ipAddress: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true } },
      },
    }),
  ]);
  return { total, entries, pages: pageCount(total, AUDIT_PAGE_SIZE) };
}
