/**
 * Keeping the boxes table true to what runs. `watchBoxes` checks each running box's desktop: a dead
 * browser or a gone desktop puts the box in ERROR, stops what is left and ends its billing.
 * `adoptBoxes` runs when the worker starts: boxes keep running across a server restart, so a box
 * whose desktop is still healthy is adopted as it is, and one that is not is cleaned up and STOPPED.
 */
import { prisma, type BoxRuntimeRow, type BoxStatus } from "../platform/db.server.ts";
import { failAction, isStart, metadataOf, settleBox } from "./lifecycle.server.ts";
import { enqueueBoxAction } from "./queue.server.ts";
import { runtimeOf, takeDown, type BoxDeps } from "./runtimes.server.ts";

const BROWSER_DIED = "The box's browser stopped unexpectedly, so the box was stopped. Start it again to go on.";
const DESKTOP_GONE = "The box's desktop stopped unexpectedly, so the box was stopped. Start it again to go on.";
export const NOT_ADOPTED = "Stopped: the server restarted and this box's desktop was no longer running.";
const INTERRUPTED = "The server restarted while this action was running.";

export type WatchSummary = { checked: number; failed: number };

export async function watchBoxes(deps: BoxDeps): Promise<WatchSummary> {
  const boxes = await prisma.box.findMany({ where: { status: "RUNNING", deletedAt: null }, select: { id: true, runtime: true } });
  const summary: WatchSummary = { checked: 0, failed: 0 };
  for (const box of boxes) {
    summary.checked += 1;
    try {
      const health = box.runtime ? await deps.provider.health(runtimeOf(box.runtime)) : "gone";
      if (health === "running") continue;
      const message = health === "browser-died" ? BROWSER_DIED : DESKTOP_GONE;
      if (await settleBox(deps, box.id, { from: ["RUNNING"], to: "ERROR", message })) summary.failed += 1;
    } catch (error) {
      console.error(`box health ${box.id}:`, error);
    }
  }
  return summary;
}

export type AdoptSummary = { adopted: number; stopped: number; interrupted: number };

/** Run once per worker start, before it takes actions. */
export async function adoptBoxes(deps: BoxDeps): Promise<AdoptSummary> {
  const summary: AdoptSummary = { adopted: 0, stopped: 0, interrupted: 0 };

  // Actions the previous process was in the middle of cannot finish: they fail, and a start gives back its hour.
  const interrupted = await prisma.boxAction.findMany({ where: { status: "PROCESSING" }, include: { box: { select: { id: true, userId: true } } } });
  for (const action of interrupted) {
    const charged = metadataOf(action);
    const target = isStart(action.action) && charged.chargedBoxId ? { id: charged.chargedBoxId, userId: action.box.userId } : action.box;
    if (await failAction(action, INTERRUPTED, target)) summary.interrupted += 1;
  }

  const boxes = await prisma.box.findMany({
    where: { deletedAt: null, status: { in: ["CREATING", "STARTING", "RUNNING", "PAUSED", "STOPPING"] } },
    select: { id: true, status: true, runtime: true, actions: { where: { status: "PENDING" }, select: { id: true } } },
  });
  for (const box of boxes) {
    try {
      await adoptBox(deps, box, summary);
    } catch (error) {
      console.error(`box adoption ${box.id}:`, error);
    }
  }
  return summary;
}

type AdoptCandidate = { id: string; status: BoxStatus; runtime: BoxRuntimeRow | null; actions: { id: string }[] };

/** A box with a queued action is left to it; a healthy running one is kept; anything else is cleaned up and STOPPED. */
async function adoptBox(deps: BoxDeps, box: AdoptCandidate, summary: AdoptSummary) {
  if (box.actions.length > 0) {
    // The action will settle the box; make sure its job is queued.
    for (const action of box.actions) await enqueueBoxAction(action.id);
    return;
  }
  const running = box.runtime && (box.status === "RUNNING" || box.status === "PAUSED") && (await deps.provider.health(runtimeOf(box.runtime))) === "running";
  if (running) {
    summary.adopted += 1;
    return;
  }
  if (box.status === "STOPPING") {
    // A stop that was under way: finish it.
    await takeDown(deps, box.id);
    await prisma.box.updateMany({ where: { id: box.id, status: "STOPPING" }, data: { status: "STOPPED" } });
    summary.stopped += 1;
    return;
  }
  if (await settleBox(deps, box.id, { from: [box.status], to: "STOPPED", message: NOT_ADOPTED })) summary.stopped += 1;
}
