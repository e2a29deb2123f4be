/**
 * Running box actions (the worker's side). Each action row is claimed (PENDING → PROCESSING) before
 * any work, so a job delivered twice runs once, and ends COMPLETED or FAILED with its error. A start
 * that fails leaves the box in ERROR and gives back the hour charged for it (a REFUND entry, in the
 * same transaction that fails the action, so it is given back once).
 */
import { prisma, type Box, type BoxAction, type BoxActionType, type BoxStatus, type BoxTier, type Prisma } from "../platform/db.server.ts";
import { credit } from "../tokens/ledger.server.ts";
import { addHour, postSystemMessage, saveRuntime, takeDown, type BoxDeps } from "./runtimes.server.ts";

/** What an action row records besides its type: the tokens it charged and for which box, and who forced a stop. */
export type ActionMetadata = { charged?: number; chargedBoxId?: string; cloneBoxId?: string; forcedBy?: string };

export const metadataOf = (action: Pick<BoxAction, "metadata">): ActionMetadata =>
  action.metadata && typeof action.metadata === "object" && !Array.isArray(action.metadata) ? (action.metadata as ActionMetadata) : {};

const STARTS: readonly BoxActionType[] = ["CREATE", "START", "CLONE"];
export const isStart = (action: BoxActionType) => STARTS.includes(action);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type BoxWithTier = Box & { tier: BoxTier | null };

/**
 * Fails an action (only once: the row must still be PROCESSING) and gives back what it charged;
 * `box` and its status are updated in the same transaction. Returns whether this call failed it.
 */
export async function failAction(
  action: Pick<BoxAction, "id" | "action" | "metadata">,
  error: string,
  box: { id: string; userId: string; status?: BoxStatus; from?: BoxStatus[]; message?: string } | null,
) {
  const metadata = metadataOf(action);
  return prisma.$transaction(async (tx) => {
    const failed = await tx.boxAction.updateMany({ where: { id: action.id, status: "PROCESSING" }, data: { status: "FAILED", error } });
    if (failed.count === 0) return false;
    if (box?.status) await tx.box.updateMany({ where: { id: box.id, ...(box.from ? { status: { in: box.from } } : {}) }, data: { status: box.status } });
    const refund = isStart(action.action) && box && metadata.charged ? metadata.charged : 0;
    if (refund > 0 && box) {
      await credit(box.userId, refund, "REFUND", { source: "box", sourceId: metadata.chargedBoxId ?? box.id, metadata: { actionId: action.id, reason: error } }, tx);
    }
    if (box?.message) await postSystemMessage(box.id, refund > 0 ? `${box.message} The ${refund} tokens charged for its first hour were refunded.` : box.message, tx);
    return true;
  });
}

async function completeAction(tx: Prisma.TransactionClient, actionId: string) {
  await tx.boxAction.update({ where: { id: actionId }, data: { status: "COMPLETED" } });
}

/**
 * Starts `box` with its provider and records it RUNNING with its runtime, paid until `paidUntil`
 * (one hour from now for a fresh start, the hour already paid for a restart).
 */
async function startBox(deps: BoxDeps, box: BoxWithTier, action: BoxAction, options: { copyFrom?: string | null; paidUntil?: Date } = {}) {
  const fail = (error: string) =>
    failAction(action, error, { id: box.id, userId: box.userId, status: "ERROR", from: ["CREATING", "STARTING"], message: `Could not start the box: ${error}` });
  if (!box.tier) return fail("Its size is no longer offered.");
  const unavailable = deps.unavailable();
  if (unavailable) return fail(unavailable);
  let runtime;
  try {
    // Leftovers of an earlier run (a stop that failed half-way) would hold the profile open.
    await takeDown(deps, box.id);
    runtime = await deps.provider.start({ id: box.id, cpu: box.tier.cpu, ramMb: box.tier.ram, copyFrom: options.copyFrom ?? null });
  } catch (error) {
    return fail(messageOf(error));
  }
  const startedAt = deps.now();
  const recorded = await prisma.$transaction(async (tx) => {
    const moved = await tx.box.updateMany({ where: { id: box.id, deletedAt: null, status: { in: ["CREATING", "STARTING"] } }, data: { status: "RUNNING" } });
    if (moved.count === 0) return false;
    await saveRuntime(tx, box.id, runtime, { startedAt, paidUntil: options.paidUntil ?? addHour(startedAt) });
    await completeAction(tx, action.id);
    return true;
  });
  if (!recorded) {
    // Something else settled the box meanwhile: do not leave a desktop running that nothing records.
    await deps.provider.stop(box.id, runtime);
    await failAction(action, "The box changed while it was starting.", null);
  }
}

async function loadBox(boxId: string): Promise<BoxWithTier | null> {
  return prisma.box.findUnique({ where: { id: boxId }, include: { tier: true } });
}

/** Runs one requested action to its end. Safe to call again for the same action: only a PENDING one runs. */
export async function runAction(deps: BoxDeps, actionId: string): Promise<void> {
  const claimed = await prisma.boxAction.updateMany({ where: { id: actionId, status: "PENDING" }, data: { status: "PROCESSING" } });
  if (claimed.count === 0) return;
  const action = await prisma.boxAction.findUniqueOrThrow({ where: { id: actionId }, include: { box: { include: { tier: true } } } });
  const { box } = action;
  const metadata = metadataOf(action);
  try {
    switch (action.action) {
      case "CREATE":
      case "START":
        await startBox(deps, box, action);
        return;
      case "CLONE": {
        const clone = metadata.cloneBoxId ? await loadBox(metadata.cloneBoxId) : null;
        if (!clone) {
          await failAction(action, "The copy was deleted before it started.", null);
          return;
        }
        await startBox(deps, clone, action, { copyFrom: box.id });
        return;
      }
      case "STOP": {
        await takeDown(deps, box.id);
        await prisma.$transaction(async (tx) => {
          await tx.box.updateMany({ where: { id: box.id, status: "STOPPING" }, data: { status: "STOPPED" } });
          await completeAction(tx, action.id);
          if (metadata.forcedBy) await postSystemMessage(box.id, "Stopped by an administrator.", tx);
        });
        return;
      }
      case "RESTART": {
        const previous = await takeDown(deps, box.id);
        await prisma.box.updateMany({ where: { id: box.id, status: "STOPPING" }, data: { status: "STARTING" } });
        // A restart is the same run: the hour already paid for carries on and nothing is charged now.
        await startBox(deps, { ...box, status: "STARTING" }, action, { paidUntil: previous?.paidUntil ?? deps.now() });
        return;
      }
      case "DELETE": {
        await takeDown(deps, box.id);
        await deps.provider.remove(box.id);
        await prisma.$transaction(async (tx) => {
          await tx.box.update({ where: { id: box.id }, data: { status: "TERMINATED", deletedAt: deps.now() } });
          await completeAction(tx, action.id);
        });
        return;
      }
    }
  } catch (error) {
    console.error(`box action ${action.action} ${action.id}:`, error);
    const target = action.action === "CLONE" && metadata.cloneBoxId ? { id: metadata.cloneBoxId, userId: box.userId } : { id: box.id, userId: box.userId };
    await failAction(action, messageOf(error), { ...target, status: "ERROR", from: ["CREATING", "STARTING", "STOPPING"], message: `The box ran into a problem: ${messageOf(error)}` });
  }
}

/**
 * Stops a box the service decided to stop (no payment, a dead desktop, a restart it did not
 * survive). `from` is the status it must still be in (so a stop the owner asked for meanwhile is
 * not overtaken); the box ends in `to` with `message` in its chat. Returns whether it was stopped here.
 */
export async function settleBox(deps: BoxDeps, boxId: string, change: { from: BoxStatus[]; to: "STOPPED" | "ERROR"; message: string }) {
  const claimed = await prisma.box.updateMany({ where: { id: boxId, status: { in: change.from } }, data: { status: change.to === "STOPPED" ? "STOPPING" : "ERROR" } });
  if (claimed.count === 0) return false;
  // From here on the box is not RUNNING, so billing passes it by while the processes stop.
  await takeDown(deps, boxId);
  await prisma.$transaction(async (tx) => {
    if (change.to === "STOPPED") await tx.box.updateMany({ where: { id: boxId, status: "STOPPING" }, data: { status: "STOPPED" } });
    await postSystemMessage(boxId, change.message, tx);
  });
  return true;
}
