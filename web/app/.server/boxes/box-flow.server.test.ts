/**
 * One box from start to finish on real parts (PostgreSQL, the queue's rows, Xvfb + x11vnc +
 * chromium, the DevTools Protocol, object storage, the ledger): create → RUNNING → its VNC server
 * answers → NAVIGATE to a local page → SCREENSHOT shows it → the next hour is charged → stop →
 * nothing left running and nothing charged after.
 */
import { existsSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { credit, readBalance } from "../tokens/ledger.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { createLocalBoxProvider, readRfbGreeting } from "../providers/boxes/local.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { startPageServer, type PageServer } from "../../../test/cdp-browser.ts";
import { seedBoxTiers } from "../../../../prisma/seed.ts";
import { createBoxService } from "./boxes.server.ts";
import { queueTasks, runAgentJob } from "./agent-tasks.server.ts";
import { runtimeOf } from "./runtimes.server.ts";
import { deleteUser } from "../accounts/users.server.ts";

const START = Date.parse("2026-12-03T12:00:00.000Z");
let clock = new Date(START);
const provider = createLocalBoxProvider({ dataDir: env.DATA_DIR });
const service = createBoxService({ provider, now: () => clock });
let pages: PageServer;

beforeAll(async () => {
  await seedBoxTiers();
  await startQueue(env.DATABASE_URL, { maintenance: false });
  pages = await startPageServer();
});

afterAll(async () => {
  await pages?.close();
  await stopQueue();
  for (const row of await prisma.boxRuntimeRow.findMany()) await provider.stop(row.boxId, runtimeOf(row));
});

describe("a box's life", () => {
  it("starts, is seen over VNC, browses a page, shows it in a screenshot, is billed by the hour and stops clean", async () => {
    const user = await makeUser();
    await credit(user.id, 30 - (await readBalance(user.id)).balance, "EARN_BONUS", { source: "test" });

    const { box, action } = await service.createBox(user.id, { name: "Life", tierId: "box_standard" });
    await service.runAction(action.id);
    expect((await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).status).toBe("RUNNING");
    const row = await prisma.boxRuntimeRow.findUniqueOrThrow({ where: { boxId: box.id } });
    const runtime = runtimeOf(row);
    expect(await readRfbGreeting(runtime.vncPort)).toMatch(/^RFB 003\.00\d/);

    const [navigate, screenshot] = await queueTasks(box.id, [
      { type: "NAVIGATE", payload: { url: `${pages.url}/` } },
      { type: "SCREENSHOT", payload: {} },
    ]);
    await runAgentJob({ boxId: box.id, taskIds: [navigate!.id, screenshot!.id] });
    const done = await prisma.agentTask.findMany({ where: { boxId: box.id }, orderBy: { createdAt: "asc" } });
    expect(done.map((task) => task.status)).toEqual(["COMPLETED", "COMPLETED"]);
    expect(done[0]!.result).toMatchObject({ title: "Spike test page" });
    // The page's red band, top left of the screenshot.
    const stored = await objectStorage().get((done[1]!.result as { key: string }).key);
    expect(stored?.contentType).toBe("image/png");
    const { data, info } = await sharp(stored!.body).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(at(20, 40)).toEqual([255, 0, 0]);

    // An hour later the next hour is charged; before that, nothing.
    clock = new Date(START + 59 * 60_000);
    expect((await service.chargeRunningBoxes(clock)).hoursCharged).toBe(0);
    clock = new Date(START + 61 * 60_000);
    expect((await service.chargeRunningBoxes(clock)).hoursCharged).toBe(1);

    const stop = await service.requestAction(user.id, box.id, "STOP");
    await service.runAction(stop.id);
    expect((await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).status).toBe("STOPPED");
    expect(await provider.health(runtime)).toBe("gone");

    clock = new Date(START + 181 * 60_000);
    expect((await service.chargeRunningBoxes(clock)).hoursCharged).toBe(0);
    const entries = await prisma.tokenTransaction.findMany({ where: { sourceId: box.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => [entry.type, entry.amount, entry.source])).toEqual([
      ["SPEND_BOX_CREATION", -10, "box"],
      ["SPEND_BOX_CREATION", -10, "box-hour"],
    ]);
    expect((await readBalance(user.id)).balance).toBe(10);
  }, 60_000);

  it("stops a running box and removes its browser profile when its owner's account is deleted", async () => {
    const user = await makeUser();
    await credit(user.id, 30 - (await readBalance(user.id)).balance, "EARN_BONUS", { source: "test" });
    const { box, action } = await service.createBox(user.id, { name: "Left running", tierId: "box_standard" });
    await service.runAction(action.id);
    const runtime = runtimeOf(await prisma.boxRuntimeRow.findUniqueOrThrow({ where: { boxId: box.id } }));
    expect(await provider.health(runtime)).toBe("running");
    expect(existsSync(provider.boxDir(box.id))).toBe(true);

    await deleteUser(user.id);
    expect(await prisma.box.count({ where: { id: box.id } })).toBe(0);
    expect(await provider.health(runtime)).toBe("gone");
    expect(existsSync(provider.boxDir(box.id))).toBe(false);
  }, 60_000);
});
