/**
 * Boxes in the database as the box service leaves them, without starting a desktop: a RUNNING box
 * has a runtime row saying where it is reached (for agent task tests, a test chromium's DevTools
 * port; otherwise ports nothing listens on, as after its desktop died). Import only from test files
 * (after test/setup-database.ts has set the environment).
 */
import type { BoxStatus } from "@spike-land/shared/boxes";
import { prisma } from "../app/.server/platform/db.server.ts";
import { encryptSecret } from "../app/.server/platform/crypto.server.ts";
import { makeUser } from "./fixtures.ts";

const MINUTE = 60_000;

export type BoxRowOptions = {
  name?: string;
  tierId?: string | null;
  /** For a RUNNING box: its DevTools port, how long it has run and how long it is paid for still. */
  cdpPort?: number;
  runningForMinutes?: number;
  paidForMinutes?: number;
};

export async function makeBox(userId: string, status: BoxStatus, options: BoxRowOptions = {}) {
  const box = await prisma.box.create({ data: { userId, name: options.name ?? "Research", status, tierId: options.tierId === undefined ? "box_standard" : options.tierId } });
  if (status === "RUNNING") {
    const now = Date.now();
    await prisma.boxRuntimeRow.create({
      data: {
        boxId: box.id,
        provider: "local",
        host: "127.0.0.1",
        vncPort: 5_999,
        vncPasswordEncrypted: encryptSecret("testpass"),
        cdpPort: options.cdpPort ?? 9_399,
        handle: {},
        startedAt: new Date(now - (options.runningForMinutes ?? 0) * MINUTE),
        paidUntil: new Date(now + (options.paidForMinutes ?? 60) * MINUTE),
      },
    });
  }
  return box;
}

/** A box (of a new user unless given) RUNNING against `cdpPort`, or STOPPED. */
export async function makeRunningBox(options: { cdpPort: number; userId?: string; running?: boolean }) {
  const userId = options.userId ?? (await makeUser()).id;
  const box = await makeBox(userId, options.running === false ? "STOPPED" : "RUNNING", { name: "Agent test box", tierId: null, cdpPort: options.cdpPort });
  return { userId, boxId: box.id };
}
