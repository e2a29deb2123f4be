/**
 * What a person asks of their boxes: the tiers on offer, their boxes, a new box, and actions on one
 * (start, stop, restart, delete, clone). A request checks the box's status against the shared table
 * (409 with the reason when it does not allow the action), charges a start's first hour up front
 * (402 when the balance is short, and then nothing changes), records a PENDING action and queues it.
 * Also the runtime lookups the VNC proxy and browser automation connect with.
 */
import { boxActionRefusal, boxActionsFor, cloneName, createBoxSchema, type BoxAction as RequestedAction, type CreateBoxInput } from "@spike-land/shared/boxes";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type BoxActionType, type BoxStatus, type BoxTier, type Prisma } from "../platform/db.server.ts";
import { decryptSecret } from "../platform/crypto.server.ts";
import { InsufficientTokensError, spend } from "../tokens/ledger.server.ts";
import type { ActionMetadata } from "./lifecycle.server.ts";
import { enqueueBoxAction } from "./queue.server.ts";
import type { BoxDeps } from "./runtimes.server.ts";

export class BoxError extends DomainError {
  constructor(status: number, message: string, field?: string) {
    super(status, message, undefined, { field });
    this.name = "BoxError";
  }
}

export const BOX_NOT_FOUND = "We could not find that box.";
const notFound = () => new BoxError(404, BOX_NOT_FOUND);

export type TierView = { id: string; name: string; description: string | null; cpu: number; ramMb: number; storageGb: number; tokensPerHour: number };

const tierView = (tier: BoxTier): TierView => ({
  id: tier.id,
  name: tier.name,
  description: tier.description,
  cpu: tier.cpu,
  ramMb: tier.ram,
  storageGb: tier.storage,
  tokensPerHour: tier.pricePerHour,
});

export async function listTiers(): Promise<TierView[]> {
  const tiers = await prisma.boxTier.findMany({ where: { isActive: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] });
  return tiers.map(tierView);
}

const boxSelect = {
  id: true,
  name: true,
  description: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  tier: true,
  runtime: { select: { startedAt: true, paidUntil: true } },
  actions: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, action: true, status: true, error: true, createdAt: true } },
} satisfies Prisma.BoxSelect;

type BoxRow = Prisma.BoxGetPayload<{ select: typeof boxSelect }>;

export type BoxView = {
  id: string;
  name: string;
  description: string | null;
  status: BoxStatus;
  createdAt: Date;
  updatedAt: Date;
  tier: TierView | null;
  /** While it runs: since when, and until when its hours are paid. */
  running: { startedAt: Date; paidUntil: Date } | null;
  lastAction: { id: string; action: BoxActionType; status: string; error: string | null; createdAt: Date } | null;
  /** What the owner can ask for now. */
  actions: RequestedAction[];
};

const boxView = (box: BoxRow): BoxView => ({
  id: box.id,
  name: box.name,
  description: box.description,
  status: box.status,
  createdAt: box.createdAt,
  updatedAt: box.updatedAt,
  tier: box.tier ? tierView(box.tier) : null,
  running: box.runtime ? { startedAt: box.runtime.startedAt, paidUntil: box.runtime.paidUntil } : null,
  lastAction: box.actions[0] ?? null,
  actions: boxActionsFor(box.status),
});

export async function listBoxes(userId: string): Promise<BoxView[]> {
  const boxes = await prisma.box.findMany({ where: { userId, deletedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: boxSelect });
  return boxes.map(boxView);
}

/** One of the user's boxes; someone else's or a deleted one is not found. */
export async function getBox(userId: string, boxId: string): Promise<BoxView> {
  const box = await prisma.box.findFirst({ where: { id: boxId, userId, deletedAt: null }, select: boxSelect });
  if (!box) throw notFound();
  return boxView(box);
}

function refuseWhenUnavailable(deps: BoxDeps) {
  const reason = deps.unavailable();
  if (reason) throw new BoxError(503, reason);
}

/** Charges a start's first hour inside `tx`; a short balance becomes a 402 that names the box's size. */
async function chargeFirstHour(tx: Prisma.TransactionClient, userId: string, boxId: string, tier: BoxTier, actionId: string) {
  try {
    await spend(userId, tier.pricePerHour, "SPEND_BOX_CREATION", { source: "box", sourceId: boxId, metadata: { actionId, tier: tier.name, hours: 1 } }, tx);
  } catch (error) {
    if (error instanceof InsufficientTokensError) {
      throw new BoxError(
        402,
        `Starting a ${tier.name} box takes ${tier.pricePerHour} tokens for its first hour and you have ${error.balance}. Buy a token pack or wait for free tokens to regenerate.`,
      );
    }
    throw error;
  }
}

async function activeTier(tierId: string | null): Promise<BoxTier> {
  const tier = tierId ? await prisma.boxTier.findFirst({ where: { id: tierId, isActive: true } }) : null;
  if (!tier) throw new BoxError(409, "This box's size is no longer offered, so it cannot be started. Clone it to a current size instead.");
  return tier;
}

export type ActionView = { id: string; boxId: string; action: BoxActionType; status: string };

/** A new box: CREATING, its first hour charged, its CREATE action queued. */
export async function createBox(deps: BoxDeps, userId: string, input: CreateBoxInput): Promise<{ box: BoxView; action: ActionView }> {
  const parsed = createBoxSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BoxError(400, issue?.message ?? "Give the box a name and a size.", issue?.path[0]?.toString());
  }
  const { name, tierId } = parsed.data;
  const tier = await prisma.boxTier.findFirst({ where: { id: tierId, isActive: true } });
  if (!tier) throw new BoxError(400, "Choose one of the box sizes on offer.", "tierId");
  refuseWhenUnavailable(deps);
  const created = await prisma.$transaction(async (tx) => {
    const box = await tx.box.create({ data: { name, userId, tierId: tier.id, status: "CREATING" }, select: { id: true } });
    const action = await tx.boxAction.create({ data: { boxId: box.id, action: "CREATE", metadata: { charged: tier.pricePerHour } satisfies ActionMetadata } });
    await chargeFirstHour(tx, userId, box.id, tier, action.id);
    return action;
  });
  await enqueueBoxAction(created.id);
  return { box: await getBox(userId, created.boxId), action: { id: created.id, boxId: created.boxId, action: created.action, status: created.status } };
}

/** Statuses a box moves to as soon as the action is asked for (the worker takes it from there). */
const STATUS_ON_REQUEST: Partial<Record<RequestedAction, BoxStatus>> = { START: "STARTING", STOP: "STOPPING", RESTART: "STOPPING", DELETE: "STOPPING" };

export async function requestAction(deps: BoxDeps, userId: string, boxId: string, action: RequestedAction): Promise<ActionView> {
  const box = await prisma.box.findFirst({ where: { id: boxId, userId, deletedAt: null }, select: { id: true, name: true, status: true, tierId: true } });
  if (!box) throw notFound();
  const refusal = boxActionRefusal(box.status, action);
  if (refusal) throw new BoxError(409, refusal);
  const starts = action === "START" || action === "CLONE";
  const tier = starts ? await activeTier(box.tierId) : null;
  if (starts) refuseWhenUnavailable(deps);
  const row = await prisma.$transaction(async (tx) => {
    const next = STATUS_ON_REQUEST[action];
    if (next) {
      // Only from the status just checked: two requests at once cannot both pass.
      const moved = await tx.box.updateMany({ where: { id: box.id, status: box.status, deletedAt: null }, data: { status: next } });
      if (moved.count === 0) throw new BoxError(409, "This box changed a moment ago. Look at its status and try again.");
    }
    if (action === "CLONE") {
      const clone = await tx.box.create({ data: { name: cloneName(box.name), userId, tierId: tier!.id, status: "CREATING" }, select: { id: true } });
      const metadata: ActionMetadata = { charged: tier!.pricePerHour, chargedBoxId: clone.id, cloneBoxId: clone.id };
      const created = await tx.boxAction.create({ data: { boxId: box.id, action, metadata } });
      await chargeFirstHour(tx, userId, clone.id, tier!, created.id);
      return created;
    }
    const metadata: ActionMetadata = tier ? { charged: tier.pricePerHour } : {};
    const created = await tx.boxAction.create({ data: { boxId: box.id, action, metadata } });
    if (tier) await chargeFirstHour(tx, userId, box.id, tier, created.id);
    return created;
  });
  await enqueueBoxAction(row.id);
  return { id: row.id, boxId: row.boxId, action: row.action, status: row.status };
}

export type BoxConnection = { host: string; vncPort: number; vncPassword: string; cdpPort: number };

async function connectionOf(where: Prisma.BoxWhereInput): Promise<BoxConnection | null> {
  const box = await prisma.box.findFirst({ where: { ...where, status: "RUNNING", deletedAt: null }, select: { runtime: true } });
  if (!box?.runtime) return null;
  const { host, vncPort, cdpPort, vncPasswordEncrypted } = box.runtime;
  return { host, vncPort, vncPassword: decryptSecret(vncPasswordEncrypted), cdpPort };
}

/** Where the owner's running box is reached, with its VNC password; null when it is not theirs or not running. */
export function boxRuntime(userId: string, boxId: string): Promise<BoxConnection | null> {
  return connectionOf({ id: boxId, userId });
}

/** The same for background work that has already checked who may use the box. */
export function boxRuntimeForWorker(boxId: string): Promise<BoxConnection | null> {
  return connectionOf({ id: boxId });
}
