/**
 * How the merch admin records its changes: the audit action list has no merch entries, so every
 * change is a USER_UPDATE naming the change in `metadata.event`, written in the change's transaction.
 */
import type { Prisma } from "../platform/db.server.ts";
import { recordAudit, type AuditEvent } from "../platform/audit.server.ts";

export type Actor = { id: string };

/** Room for the row locks an admin change may wait on. */
export const ADMIN_TX = { maxWait: 10_000, timeout: 30_000 };

export function auditMerchChange(
  tx: Prisma.TransactionClient,
  actor: Actor,
  ip: string | null,
  targetId: string,
  event: AuditEvent & `merch.${string}`,
  metadata: Record<string, Prisma.InputJsonValue | null> = {},
) {
  return recordAudit(tx, { actorId: actor.id, action: "USER_UPDATE", event, targetId, metadata, ipAddress: ip });
}
