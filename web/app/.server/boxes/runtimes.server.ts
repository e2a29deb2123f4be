/**
 * What the box service runs on (the provider and the clock, both replaceable in tests) and the
 * `box_runtimes` rows: where a running box is reached, with its VNC password encrypted at rest, and
 * how far its hours are paid. Also the SYSTEM messages the service leaves in a box's chat.
 */
import { HOUR_MS } from "@spike-land/shared/time";
import { prisma, type BoxRuntimeRow, type Prisma } from "../platform/db.server.ts";
import { decryptSecret, encryptSecret } from "../platform/crypto.server.ts";
import type { BoxProvider, BoxRuntime } from "../providers/boxes/index.server.ts";

export type BoxDeps = {
  provider: BoxProvider;
  /** The clock for starts and billing. */
  now: () => Date;
  /** Why boxes cannot start on this server, or null: checked before anything is charged. */
  unavailable: () => string | null;
};

export const HOUR = HOUR_MS;
export const addHour = (at: Date) => new Date(at.getTime() + HOUR_MS);

type Db = Prisma.TransactionClient | typeof prisma;

export function saveRuntime(db: Db, boxId: string, runtime: BoxRuntime, times: { startedAt: Date; paidUntil: Date }) {
  const data = {
    provider: runtime.provider,
    host: runtime.host,
    vncPort: runtime.vncPort,
    vncPasswordEncrypted: encryptSecret(runtime.vncPassword),
    cdpPort: runtime.cdpPort,
    handle: runtime.handle as Prisma.InputJsonValue,
    startedAt: times.startedAt,
    paidUntil: times.paidUntil,
  };
  return db.boxRuntimeRow.upsert({ where: { boxId }, create: { boxId, ...data }, update: data });
}

/**
 * The provider's view of a stored runtime. The password is decrypted only when asked for: stopping
 * or checking a box never needs it (and still works if the key has changed since).
 */
export function runtimeOf(row: BoxRuntimeRow, options: { withPassword?: boolean } = {}): BoxRuntime {
  return {
    provider: row.provider === "kubernetes" ? "kubernetes" : "local",
    host: row.host,
    vncPort: row.vncPort,
    vncPassword: options.withPassword ? decryptSecret(row.vncPasswordEncrypted) : "",
    cdpPort: row.cdpPort,
    handle: (row.handle ?? {}) as BoxRuntime["handle"],
  };
}

/** A runtime with nothing recorded: the provider stops whatever still carries the box's id. */
export function unknownRuntime(provider: BoxProvider): BoxRuntime {
  return { provider: provider.kind, host: "", vncPort: 0, vncPassword: "", cdpPort: 0, handle: {} };
}

/** Stops everything the box runs and forgets its runtime; returns the row that was there, if any. */
export async function takeDown(deps: BoxDeps, boxId: string): Promise<BoxRuntimeRow | null> {
  const row = await prisma.boxRuntimeRow.findUnique({ where: { boxId } });
  await deps.provider.stop(boxId, row ? runtimeOf(row) : unknownRuntime(deps.provider));
  await prisma.boxRuntimeRow.deleteMany({ where: { boxId } });
  return row;
}

/**
 * After the owner's account (and with it the boxes' rows) is gone: stops whatever the boxes still run
 * and deletes their browser profiles. A box that cannot be cleared is logged and the rest go on.
 */
export async function clearDeletedBoxes(deps: BoxDeps, boxes: ReadonlyArray<{ id: string; runtime: BoxRuntimeRow | null }>): Promise<void> {
  for (const box of boxes) {
    try {
      await deps.provider.stop(box.id, box.runtime ? runtimeOf(box.runtime) : unknownRuntime(deps.provider));
      await deps.provider.remove(box.id);
    } catch (error) {
      console.error(`clearing deleted box ${box.id}:`, error);
    }
  }
}

export function postSystemMessage(boxId: string, text: string, db: Db = prisma) {
  return db.boxMessage.create({ data: { boxId, role: "SYSTEM", content: text }, select: { id: true, createdAt: true } });
}
