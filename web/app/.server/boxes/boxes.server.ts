/**
 * The box service: cloud desktops a user creates, starts, stops and pays for by the hour. Every
 * operation runs on a provider and a clock (`BoxDeps`); the functions exported here use the
 * configured provider and the real clock, and tests build their own service with `createBoxService`
 * (an injected clock, a fresh provider to play a server restart). Pages, the API, the VNC proxy and
 * browser automation import from this module.
 */
import type { BoxAction, CreateBoxInput } from "@spike-land/shared/boxes";
import { boxesUnavailableReason, boxProvider } from "../providers/boxes/index.server.ts";
import * as admin from "./admin.server.ts";
import * as billing from "./billing.server.ts";
import * as lifecycle from "./lifecycle.server.ts";
import * as requests from "./requests.server.ts";
import * as runtimes from "./runtimes.server.ts";
import * as watch from "./watch.server.ts";
import type { BoxRuntimeRow } from "../platform/db.server.ts";

export function createBoxService(overrides: Partial<runtimes.BoxDeps> = {}) {
  const deps: runtimes.BoxDeps = {
    provider: overrides.provider ?? boxProvider(),
    now: overrides.now ?? (() => new Date()),
    unavailable: overrides.unavailable ?? boxesUnavailableReason,
  };
  return {
    deps,
    listTiers: requests.listTiers,
    listBoxes: requests.listBoxes,
    getBox: requests.getBox,
    createBox: (userId: string, input: CreateBoxInput) => requests.createBox(deps, userId, input),
    requestAction: (userId: string, boxId: string, action: BoxAction) => requests.requestAction(deps, userId, boxId, action),
    /** The worker's side of an action (one "box-actions" job). */
    runAction: (actionId: string) => lifecycle.runAction(deps, actionId),
    chargeRunningBoxes: (now: Date = deps.now()) => billing.chargeRunningBoxes(deps, now),
    watchBoxes: () => watch.watchBoxes(deps),
    adoptBoxes: () => watch.adoptBoxes(deps),
    boxRuntime: requests.boxRuntime,
    boxRuntimeForWorker: requests.boxRuntimeForWorker,
    postSystemMessage: (boxId: string, text: string) => runtimes.postSystemMessage(boxId, text),
    clearDeletedBoxes: (boxes: ReadonlyArray<{ id: string; runtime: BoxRuntimeRow | null }>) => runtimes.clearDeletedBoxes(deps, boxes),
    listAllBoxes: (options: { page: number }) => admin.listAllBoxes(deps, options),
    forceStop: admin.forceStop,
  };
}

export type BoxService = ReturnType<typeof createBoxService>;

let service: BoxService | undefined;

/** This process's box service, on the configured provider and the real clock. */
export function boxService(): BoxService {
  service ??= createBoxService();
  return service;
}

/** The active box sizes, cheapest first. */
export const listTiers = () => requests.listTiers();
/** The user's boxes (not deleted), newest first. */
export const listBoxes = (userId: string) => requests.listBoxes(userId);
/** One of the user's boxes; someone else's or a deleted one is a 404 "We could not find that box." */
export const getBox = (userId: string, boxId: string) => requests.getBox(userId, boxId);
/** A new box: CREATING with a CREATE action queued, its first hour charged (402 when short). */
export const createBox = (userId: string, input: CreateBoxInput) => boxService().createBox(userId, input);
/** START, STOP, RESTART, DELETE or CLONE: a PENDING action and its job; 409 when the box's status does not allow it. */
export const requestAction = (userId: string, boxId: string, action: BoxAction) => boxService().requestAction(userId, boxId, action);
/** Charges the running boxes whose paid time ended by `now` one more hour each; stops those whose owner cannot pay. */
export const chargeRunningBoxes = (now: Date) => boxService().chargeRunningBoxes(now);
/** Checks each running box's desktop; a dead browser or desktop puts the box in ERROR and ends its billing. */
export const watchBoxes = () => boxService().watchBoxes();
/** At worker start: keeps healthy running boxes, cleans up and stops the rest. */
export const adoptBoxes = () => boxService().adoptBoxes();
/** Host, ports and VNC password of the owner's RUNNING box; null when it is not theirs or not running. */
export const boxRuntime = (userId: string, boxId: string) => requests.boxRuntime(userId, boxId);
/** The same without the owner check, for background work that has checked access itself. */
export const boxRuntimeForWorker = (boxId: string) => requests.boxRuntimeForWorker(boxId);
/** Adds a SYSTEM message to a box's chat. */
export const postSystemMessage = (boxId: string, text: string) => runtimes.postSystemMessage(boxId, text);
/** Stops and removes what deleted boxes still run or keep on disk (after their owner's account was deleted). */
export const clearDeletedBoxes = (boxes: ReadonlyArray<{ id: string; runtime: BoxRuntimeRow | null }>) => boxService().clearDeletedBoxes(boxes);
/** Every box for the admin, a page at a time, with owner, status, uptime and tokens spent. */
export const listAllBoxes = (options: { page: number }) => boxService().listAllBoxes(options);
/** An admin stops someone's running box (audit-logged). */
export const forceStop = (adminId: string, boxId: string, ipAddress: string | null = null) => admin.forceStop(adminId, boxId, ipAddress);

export { BOX_NOT_FOUND, BoxError, type ActionView, type BoxConnection, type BoxView, type TierView } from "./requests.server.ts";
export { BOXES_PAGE_SIZE, type AdminBoxRow } from "./admin.server.ts";
export { UNPAID_MESSAGE } from "./billing.server.ts";
