/**
 * Boxes for the admin: every box with its owner, status, uptime of the current run and the tokens it
 * has cost, and stopping someone's running box (audit-logged in the same transaction as the request).
 */
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type BoxStatus } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import type { ActionMetadata } from "./lifecycle.server.ts";
import { enqueueBoxAction } from "./queue.server.ts";
import type { BoxDeps } from "./runtimes.server.ts";

export const BOXES_PAGE_SIZE = 25;
/** Ledger sources of box charges and refunds (their sourceId is the box's id). */
const BOX_SOURCES = ["box", "box-hour"];

export type AdminBoxRow = {
  id: string;
  name: string;
  status: BoxStatus;
  owner: { id: string; email: string | null };
  tier: string | null;
  createdAt: Date;
  deletedAt: Date | null;
  /** Seconds the current run has lasted (0 when not running). */
  uptimeSeconds: number;
  /** Tokens charged for the box, less refunds. */
  tokensSpent: number;
};

export async function listAllBoxes(deps: BoxDeps, { page }: { page: number }) {
  const [total, boxes] = await Promise.all([
    prisma.box.count(),
    prisma.box.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, BOXES_PAGE_SIZE),
      select: {
        id: true,
        name: true,
        status: true,
        createdAt: true,
        deletedAt: true,
        user: { select: { id: true, email: true } },
        tier: { select: { name: true } },
        runtime: { select: { startedAt: true } },
      },
    }),
  ]);
  const sums = boxes.length
    ? await prisma.tokenTransaction.groupBy({
        by: ["sourceId"],
        where: { source: { in: BOX_SOURCES }, sourceId: { in: boxes.map((box) => box.id) } },
        _sum: { amount: true },
      })
    : [];
  const spent = new Map(sums.map((row) => [row.sourceId, -(row._sum.amount ?? 0)]));
  const now = deps.now().getTime();
  const rows: AdminBoxRow[] = boxes.map((box) => ({
    id: box.id,
    name: box.name,
    status: box.status,
    owner: box.user,
    tier: box.tier?.name ?? null,
    createdAt: box.createdAt,
    deletedAt: box.deletedAt,
    uptimeSeconds: box.runtime ? Math.max(0, Math.floor((now - box.runtime.startedAt.getTime()) / 1000)) : 0,
    tokensSpent: spent.get(box.id) ?? 0,
  }));
  return { total, boxes: rows, pages: pageCount(total, BOXES_PAGE_SIZE) };
}

/** Stops someone's running box now (through the same STOP action the owner would ask for). */
export async function forceStop(adminId: string, boxId: string, ipAddress: string | null = null) {
  const action = await prisma.$transaction(async (tx) => {
    const box = await tx.box.findFirst({ where: { id: boxId, deletedAt: null }, select: { id: true, name: true, userId: true, status: true } });
    if (!box) throw new DomainError(404, "We could not find that box.");
    const moved = await tx.box.updateMany({ where: { id: box.id, status: "RUNNING" }, data: { status: "STOPPING" } });
    if (moved.count === 0) throw new DomainError(409, "That box is not running, so there is nothing to stop.");
    const metadata: ActionMetadata = { forcedBy: adminId };
    const created = await tx.boxAction.create({ data: { boxId: box.id, action: "STOP", metadata } });
    await recordAudit(tx, {
      actorId: adminId,
      action: "USER_UPDATE",
      event: "box.force_stop",
      targetId: box.userId,
      metadata: { boxId: box.id, name: box.name, actionId: created.id },
      ipAddress,
    });
    return created;
  });
  await enqueueBoxAction(action.id);
  return { id: action.id, boxId: action.boxId, action: action.action, status: action.status };
}
