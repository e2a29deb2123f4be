/** The audit trail: every admin action is written here in the same transaction as the action. */
import type { AuditAction, Prisma } from "./db.server.ts";
import { prisma } from "./db.server.ts";
import { pageCount, pageWindow } from "./pagination.server.ts";

type Writer = Pick<typeof prisma, "auditLog">;

export function recordAudit(
  db: Writer,
  entry: { actorId: string; action: AuditAction; targetId?: string | null; metadata?: Prisma.InputJsonValue; ipAddress?: string | null },
) {
  return db.auditLog.create({
    data: {
      userId: entry.actorId,
      action: entry.action,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata,
      ipAddress: entry.ipAddress ?? null,
    },
  });
}

export const AUDIT_PAGE_SIZE = 25;

export async function listAudit(page: number) {
  const [total, entries] = await prisma.$transaction([
    prisma.auditLog.count(),
    prisma.auditLog.findMany({
      orderBy: { createdAt: "desc" },
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
