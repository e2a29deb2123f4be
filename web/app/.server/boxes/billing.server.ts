/**
 * Hourly billing of running boxes (business rules: per started hour). A start paid its first hour up
 * front; each time a running box reaches the end of its paid time it is charged the next hour. Moving
 * `paidUntil` on and the ledger entry are one transaction, and the move is a compare-and-set on the
 * old value, so an hour is charged once however many workers run this. An owner who cannot pay has
 * the box stopped (never deleted).
 */
import { prisma } from "../platform/db.server.ts";
import { InsufficientTokensError, spend } from "../tokens/ledger.server.ts";
import { settleBox } from "./lifecycle.server.ts";
import { addHour, HOUR, type BoxDeps } from "./runtimes.server.ts";

export const UNPAID_MESSAGE = "Stopped: your balance could not pay for the next hour.";
const TIER_GONE_MESSAGE = "Stopped: this box's size is no longer offered. Clone it to a current size to go on.";

/** A box far behind (the worker was down) catches up at most this many hours in one run. */
const MAX_HOURS_PER_RUN = 24;

export type ChargeSummary = { hoursCharged: number; boxesStopped: number };

export async function chargeRunningBoxes(deps: BoxDeps, now: Date): Promise<ChargeSummary> {
  const due = await prisma.boxRuntimeRow.findMany({
    where: { paidUntil: { lte: now }, box: { status: "RUNNING" } },
    select: { boxId: true, startedAt: true, paidUntil: true, box: { select: { userId: true, tier: { select: { name: true, pricePerHour: true } } } } },
    orderBy: { paidUntil: "asc" },
  });
  const summary: ChargeSummary = { hoursCharged: 0, boxesStopped: 0 };
  for (const row of due) {
    try {
      await chargeBox(deps, row, now, summary);
    } catch (error) {
      // One box's trouble must not leave the others unbilled; it is tried again next round.
      console.error(`box billing ${row.boxId}:`, error);
    }
  }
  return summary;
}

type DueRow = { boxId: string; startedAt: Date; paidUntil: Date; box: { userId: string; tier: { name: string; pricePerHour: number } | null } };

/** Charges one box its begun hours (catching up at most a day at a time); stops it when its owner cannot pay. */
async function chargeBox(deps: BoxDeps, row: DueRow, now: Date, summary: ChargeSummary) {
  const tier = row.box.tier;
  if (!tier) {
    if (await settleBox(deps, row.boxId, { from: ["RUNNING"], to: "STOPPED", message: TIER_GONE_MESSAGE })) summary.boxesStopped += 1;
    return;
  }
  let paidUntil = row.paidUntil;
  for (let hours = 0; paidUntil <= now && hours < MAX_HOURS_PER_RUN; hours += 1) {
    const from = paidUntil;
    const to = addHour(from);
    const hour = Math.floor((from.getTime() - row.startedAt.getTime()) / HOUR) + 1;
    try {
      const charged = await prisma.$transaction(async (tx) => {
        const moved = await tx.boxRuntimeRow.updateMany({ where: { boxId: row.boxId, paidUntil: from, box: { status: "RUNNING" } }, data: { paidUntil: to } });
        if (moved.count === 0) return false;
        const metadata = { hour, from: from.toISOString(), to: to.toISOString(), tier: tier.name };
        await spend(row.box.userId, tier.pricePerHour, "SPEND_BOX_CREATION", { source: "box-hour", sourceId: row.boxId, metadata }, tx);
        return true;
      });
      // Another worker charged this hour, or the box stopped meanwhile.
      if (!charged) return;
      summary.hoursCharged += 1;
      paidUntil = to;
    } catch (error) {
      if (!(error instanceof InsufficientTokensError)) throw error;
      if (await settleBox(deps, row.boxId, { from: ["RUNNING"], to: "STOPPED", message: UNPAID_MESSAGE })) summary.boxesStopped += 1;
      return;
    }
  }
}
