/**
 * The box service on the real database and real local desktops (Xvfb, x11vnc, Chromium), with a
 * clock the tests move by hand for billing.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { queue, startQueue, stopQueue } from "../platform/queue.server.ts";
import { adjust, credit, readBalance } from "../tokens/ledger.server.ts";
import { createLocalBoxProvider, readRfbGreeting } from "../providers/boxes/local.server.ts";
import { BoxProviderError } from "../providers/boxes/index.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { seedBoxTiers } from "../../../../prisma/seed.ts";
import { createBoxService, UNPAID_MESSAGE } from "./boxes.server.ts";
import { runtimeOf } from "./runtimes.server.ts";
import { NOT_ADOPTED } from "./watch.server.ts";
import { BOX_UPKEEP_QUEUE } from "./queue.server.ts";
import { startBoxWorkers } from "./worker.server.ts";

const MINUTE = 60_000;
let clock = new Date("2026-12-03T12:00:00.000Z");
const at = (minutes: number) => new Date(Date.parse("2026-12-03T12:00:00.000Z") + minutes * MINUTE);
const provider = createLocalBoxProvider({ dataDir: env.DATA_DIR });
const service = createBoxService({ provider, now: () => clock });

beforeAll(async () => {
  await seedBoxTiers();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});

afterAll(async () => {
  await stopQueue();
  // Nothing this file started keeps running.
  for (const row of await prisma.boxRuntimeRow.findMany()) await provider.stop(row.boxId, runtimeOf(row));
});

/** A user holding exactly `tokens`. */
async function userWith(tokens: number) {
  const user = await makeUser();
  const { balance } = await readBalance(user.id);
  if (tokens > balance) await credit(user.id, tokens - balance, "EARN_BONUS", { source: "test" });
  if (tokens < balance) await adjust(user.id, tokens - balance, { source: "test" });
  return user;
}

const balanceOf = async (userId: string) => (await readBalance(userId)).balance;
const statusOf = async (boxId: string) => (await prisma.box.findUniqueOrThrow({ where: { id: boxId } })).status;
const boxEntries = (boxId: string) => prisma.tokenTransaction.findMany({ where: { sourceId: boxId }, orderBy: { createdAt: "asc" } });
const systemMessages = async (boxId: string) => (await prisma.boxMessage.findMany({ where: { boxId, role: "SYSTEM" }, orderBy: { createdAt: "asc" } })).map((m) => m.content);

/** A running Standard box of a user with `tokens` (before the first hour), started at the test clock's now. */
async function runningBox(tokens: number, name = "Research") {
  const user = await userWith(tokens);
  const { box, action } = await service.createBox(user.id, { name, tierId: "box_standard" });
  await service.runAction(action.id);
  expect(await statusOf(box.id)).toBe("RUNNING");
  return { user, box };
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]!);
  } catch {
    return false;
  }
}

async function storedRuntime(boxId: string) {
  return runtimeOf(await prisma.boxRuntimeRow.findUniqueOrThrow({ where: { boxId } }));
}

describe("boxes", () => {
  it("lists the tiers at the business rules' prices", async () => {
    const tiers = await service.listTiers();
    expect(tiers.map((tier) => [tier.name, tier.tokensPerHour])).toEqual([
      ["Standard", 10],
      ["Pro", 20],
      ["Ultra", 40],
    ]);
  });

  it("creates a box that charges its first hour and runs, reachable only by its owner, and stops it", async () => {
    clock = at(0);
    const user = await userWith(100);
    const { box, action } = await service.createBox(user.id, { name: "  Research  ", tierId: "box_standard" });
    expect(box).toMatchObject({ name: "Research", status: "CREATING", tier: { name: "Standard", tokensPerHour: 10 } });
    expect(action).toMatchObject({ action: "CREATE", status: "PENDING" });
    expect(await balanceOf(user.id)).toBe(90);
    expect(await boxEntries(box.id)).toMatchObject([{ type: "SPEND_BOX_CREATION", amount: -10, source: "box" }]);

    await service.runAction(action.id);
    // Running the same job again changes nothing.
    await service.runAction(action.id);
    const running = await service.getBox(user.id, box.id);
    expect(running).toMatchObject({ status: "RUNNING", running: { startedAt: at(0), paidUntil: at(60) }, lastAction: { action: "CREATE", status: "COMPLETED" } });
    expect(running.actions).toEqual(["STOP", "RESTART", "DELETE", "CLONE"]);
    expect(await balanceOf(user.id)).toBe(90);

    const connection = await service.boxRuntime(user.id, box.id);
    expect(connection).toMatchObject({ host: "127.0.0.1", vncPassword: expect.stringMatching(/^[A-Za-z0-9]{8}$/) });
    expect(await readRfbGreeting(connection!.vncPort)).toMatch(/^RFB 003\.00\d/);
    expect((await fetch(`http://127.0.0.1:${connection!.cdpPort}/json/version`)).ok).toBe(true);
    expect(await service.boxRuntimeForWorker(box.id)).toEqual(connection);
    const stranger = await userWith(10);
    expect(await service.boxRuntime(stranger.id, box.id)).toBeNull();
    // The password is stored encrypted.
    const row = await prisma.boxRuntimeRow.findUniqueOrThrow({ where: { boxId: box.id } });
    expect(row.vncPasswordEncrypted).not.toContain(connection!.vncPassword);

    const runtime = await storedRuntime(box.id);
    const stop = await service.requestAction(user.id, box.id, "STOP");
    expect(await statusOf(box.id)).toBe("STOPPING");
    await service.runAction(stop.id);
    expect(await service.getBox(user.id, box.id)).toMatchObject({ status: "STOPPED", running: null, lastAction: { action: "STOP", status: "COMPLETED" } });
    expect(await provider.health(runtime)).toBe("gone");
    expect(await service.boxRuntime(user.id, box.id)).toBeNull();
    expect(await balanceOf(user.id)).toBe(90);
  });

  it("charges the next hour when the paid one ends, not before, and stops (never deletes) a box its owner cannot pay for", async () => {
    clock = at(0);
    const rich = await runningBox(100, "Paid");
    const poor = await runningBox(10, "Unpaid");
    expect(await balanceOf(poor.user.id)).toBe(0);

    expect(await service.chargeRunningBoxes(at(59))).toEqual({ hoursCharged: 0, boxesStopped: 0 });
    expect(await balanceOf(rich.user.id)).toBe(90);

    const summary = await service.chargeRunningBoxes(at(60));
    expect(summary.hoursCharged).toBe(1);
    expect(summary.boxesStopped).toBe(1);
    expect(await balanceOf(rich.user.id)).toBe(80);
    expect(await boxEntries(rich.box.id)).toMatchObject([
      { type: "SPEND_BOX_CREATION", amount: -10, source: "box" },
      { type: "SPEND_BOX_CREATION", amount: -10, source: "box-hour", metadata: { hour: 2, from: at(60).toISOString(), to: at(120).toISOString() } },
    ]);
    expect((await service.getBox(rich.user.id, rich.box.id)).running?.paidUntil).toEqual(at(120));
    // Within the hour just paid nothing more is charged.
    expect(await service.chargeRunningBoxes(at(61))).toEqual({ hoursCharged: 0, boxesStopped: 0 });
    expect(await service.chargeRunningBoxes(at(119))).toEqual({ hoursCharged: 0, boxesStopped: 0 });

    const unpaid = await service.getBox(poor.user.id, poor.box.id);
    expect(unpaid).toMatchObject({ status: "STOPPED", running: null });
    expect(await prisma.box.findUniqueOrThrow({ where: { id: poor.box.id } })).toMatchObject({ deletedAt: null });
    expect(await systemMessages(poor.box.id)).toEqual([UNPAID_MESSAGE]);
    expect(await balanceOf(poor.user.id)).toBe(0);
    expect(await boxEntries(poor.box.id)).toHaveLength(1);

    // Starting it again needs the hour up front: refused, and it stays stopped.
    await expect(service.requestAction(poor.user.id, poor.box.id, "START")).rejects.toMatchObject({
      status: 402,
      message: "Starting a Standard box takes 10 tokens for its first hour and you have 0. Buy a token pack or wait for free tokens to regenerate.",
    });
    expect(await statusOf(poor.box.id)).toBe("STOPPED");

    await service.runAction((await service.requestAction(rich.user.id, rich.box.id, "STOP")).id);
  });

  it("refuses what the box's status does not allow, and does not show anyone else's box", async () => {
    clock = at(0);
    const { user, box } = await runningBox(100);
    await expect(service.requestAction(user.id, box.id, "START")).rejects.toMatchObject({ status: 409, message: "This box is already running." });
    const stranger = await userWith(100);
    await expect(service.getBox(stranger.id, box.id)).rejects.toMatchObject({ status: 404, message: "We could not find that box." });
    await expect(service.requestAction(stranger.id, box.id, "STOP")).rejects.toMatchObject({ status: 404, message: "We could not find that box." });
    expect(await service.listBoxes(stranger.id)).toEqual([]);
    await expect(service.createBox(user.id, { name: "", tierId: "box_standard" })).rejects.toMatchObject({ status: 400, field: "name" });
    await expect(service.createBox(user.id, { name: "x", tierId: "box_giant" })).rejects.toMatchObject({ status: 400, field: "tierId" });

    const stop = await service.requestAction(user.id, box.id, "STOP");
    await expect(service.requestAction(user.id, box.id, "START")).rejects.toMatchObject({ status: 409, message: "This box is stopping. Try again once it has stopped." });
    await service.runAction(stop.id);
    await expect(service.requestAction(user.id, box.id, "STOP")).rejects.toMatchObject({ status: 409 });
  });

  it("puts a box whose browser died in ERROR, stops what is left and charges it no more", async () => {
    clock = at(0);
    const { user, box } = await runningBox(100);
    const runtime = await storedRuntime(box.id);
    process.kill(runtime.handle.pids![2]!, "SIGKILL");
    await expect.poll(() => provider.health(runtime)).toBe("browser-died");

    expect(await service.watchBoxes()).toMatchObject({ failed: 1 });
    expect(await service.getBox(user.id, box.id)).toMatchObject({ status: "ERROR", running: null });
    expect(await provider.health(runtime)).toBe("gone");
    expect(await systemMessages(box.id)).toEqual(["The box's browser stopped unexpectedly, so the box was stopped. Start it again to go on."]);

    await service.chargeRunningBoxes(at(60));
    await service.chargeRunningBoxes(at(180));
    expect(await boxEntries(box.id)).toHaveLength(1);
    expect(await balanceOf(user.id)).toBe(90);
  });

  it("gives back the hour when a start fails, and leaves the box in ERROR", async () => {
    const failing = createBoxService({
      provider: { ...provider, start: () => Promise.reject(new BoxProviderError("The box did not answer within 20 seconds.")) },
      now: () => clock,
    });
    const user = await userWith(50);
    const { box, action } = await failing.createBox(user.id, { name: "Broken", tierId: "box_pro" });
    expect(await balanceOf(user.id)).toBe(30);
    await failing.runAction(action.id);
    expect(await failing.getBox(user.id, box.id)).toMatchObject({ status: "ERROR", lastAction: { status: "FAILED", error: "The box did not answer within 20 seconds." } });
    expect(await balanceOf(user.id)).toBe(50);
    expect(await boxEntries(box.id)).toMatchObject([
      { type: "SPEND_BOX_CREATION", amount: -20 },
      { type: "REFUND", amount: 20, source: "box" },
    ]);
    expect(await systemMessages(box.id)).toEqual(["Could not start the box: The box did not answer within 20 seconds. The 20 tokens charged for its first hour were refunded."]);
  });

  it("refuses to charge for a box this server cannot run, naming the packages to install", async () => {
    const missing = createBoxService({ provider, now: () => clock, unavailable: () => "Boxes need xvfb and x11vnc: sudo apt-get install -y xvfb x11vnc" });
    const user = await userWith(50);
    await expect(missing.createBox(user.id, { name: "Desk", tierId: "box_standard" })).rejects.toMatchObject({
      status: 503,
      message: "Boxes need xvfb and x11vnc: sudo apt-get install -y xvfb x11vnc",
    });
    expect(await balanceOf(user.id)).toBe(50);
    expect(await missing.listBoxes(user.id)).toEqual([]);
  });

  it("clones a box into a running copy with its own hour, restarts without charging, and deletes softly", async () => {
    clock = at(0);
    const { user, box } = await runningBox(100, "Shopping");
    const clone = await service.requestAction(user.id, box.id, "CLONE");
    const copy = (await service.listBoxes(user.id)).find((b) => b.id !== box.id)!;
    expect(copy).toMatchObject({ name: "Shopping (copy)", status: "CREATING" });
    await service.runAction(clone.id);
    expect(await statusOf(copy.id)).toBe("RUNNING");
    expect(await boxEntries(copy.id)).toMatchObject([{ type: "SPEND_BOX_CREATION", amount: -10, source: "box" }]);
    expect(await balanceOf(user.id)).toBe(80);

    const before = await storedRuntime(box.id);
    const restart = await service.requestAction(user.id, box.id, "RESTART");
    await service.runAction(restart.id);
    const after = await service.getBox(user.id, box.id);
    expect(after).toMatchObject({ status: "RUNNING", running: { paidUntil: at(60) } });
    expect(await provider.health(before)).toBe("gone");
    expect(await balanceOf(user.id)).toBe(80);

    const remove = await service.requestAction(user.id, copy.id, "DELETE");
    await service.runAction(remove.id);
    expect(await prisma.box.findUniqueOrThrow({ where: { id: copy.id } })).toMatchObject({ status: "TERMINATED", deletedAt: expect.any(Date) });
    await expect(service.getBox(user.id, copy.id)).rejects.toMatchObject({ status: 404 });
    expect((await service.listBoxes(user.id)).map((b) => b.id)).toEqual([box.id]);
  });

  it("lets an admin see every box with what it cost and stop one, audit-logged", async () => {
    clock = at(0);
    const { user, box } = await runningBox(100, "Watched");
    const admin = await makeUser({ role: "ADMIN" });
    clock = at(30);
    const listed = await service.listAllBoxes({ page: 1 });
    expect(listed.boxes.find((row) => row.id === box.id)).toMatchObject({ owner: { id: user.id, email: user.email }, status: "RUNNING", tier: "Standard", uptimeSeconds: 30 * 60, tokensSpent: 10 });

    const stop = await service.forceStop(admin.id, box.id, "192.0.2.4");
    expect(await prisma.auditLog.findFirst({ where: { userId: admin.id } })).toMatchObject({ action: "USER_UPDATE", targetId: user.id, ipAddress: "192.0.2.4", metadata: { event: "box.force_stop", boxId: box.id } });
    await service.runAction(stop.id);
    expect(await statusOf(box.id)).toBe("STOPPED");
    expect(await systemMessages(box.id)).toEqual(["Stopped by an administrator."]);
    await expect(service.forceStop(admin.id, box.id)).rejects.toMatchObject({ status: 409 });
  });

  it("after a restart adopts a box whose desktop still runs, and cleans up and stops one whose desktop died", async () => {
    clock = at(0);
    const live = await runningBox(100, "Live");
    const dead = await runningBox(100, "Dead");
    const deadRuntime = await storedRuntime(dead.box.id);
    // The display server dies while the app is down; its VNC server and browser are left behind.
    process.kill(deadRuntime.handle.pids![0]!, "SIGKILL");
    await expect.poll(() => provider.health(deadRuntime)).toBe("gone");

    const restarted = createBoxService({ provider: createLocalBoxProvider({ dataDir: env.DATA_DIR }), now: () => clock });
    const summary = await restarted.adoptBoxes();
    expect(summary.adopted).toBeGreaterThanOrEqual(1);
    expect(await statusOf(live.box.id)).toBe("RUNNING");
    const connection = await restarted.boxRuntime(live.user.id, live.box.id);
    expect(await readRfbGreeting(connection!.vncPort)).toMatch(/^RFB /);

    expect(await restarted.getBox(dead.user.id, dead.box.id)).toMatchObject({ status: "STOPPED", running: null });
    expect(await systemMessages(dead.box.id)).toEqual([NOT_ADOPTED]);
    for (const pid of deadRuntime.handle.pids!) expect(isAlive(pid)).toBe(false);

    // The adopted box is still billed and stopped like any other.
    await restarted.chargeRunningBoxes(at(60));
    expect(await boxEntries(live.box.id)).toMatchObject([{ source: "box" }, { source: "box-hour", metadata: { hour: 2 } }]);
    await restarted.runAction((await restarted.requestAction(live.user.id, live.box.id, "STOP")).id);
  });

  it("after a restart fails a start that was under way, gives back its hour and stops the box", async () => {
    const user = await userWith(100);
    const { box, action } = await service.createBox(user.id, { name: "Interrupted", tierId: "box_standard" });
    // The previous process had claimed the action when it went down.
    await prisma.boxAction.update({ where: { id: action.id }, data: { status: "PROCESSING" } });
    expect(await balanceOf(user.id)).toBe(90);

    const summary = await createBoxService({ provider: createLocalBoxProvider({ dataDir: env.DATA_DIR }), now: () => clock }).adoptBoxes();
    expect(summary.interrupted).toBe(1);
    expect(await service.getBox(user.id, box.id)).toMatchObject({ status: "STOPPED", lastAction: { status: "FAILED", error: "The server restarted while this action was running." } });
    expect(await balanceOf(user.id)).toBe(100);
    expect(await systemMessages(box.id)).toEqual([NOT_ADOPTED]);
  });

  it("runs queued actions in the worker and schedules the upkeep", async () => {
    clock = at(0);
    const user = await userWith(100);
    await startBoxWorkers(queue(), { service, pollingIntervalSeconds: 0.5 });
    const { box } = await service.createBox(user.id, { name: "Queued", tierId: "box_standard" });
    await expect.poll(() => statusOf(box.id), { timeout: 20_000, interval: 200 }).toBe("RUNNING");
    expect((await queue().getSchedules()).map((s) => s.name)).toContain(BOX_UPKEEP_QUEUE);
    await service.requestAction(user.id, box.id, "STOP");
    await expect.poll(() => statusOf(box.id), { timeout: 20_000, interval: 200 }).toBe("STOPPED");
  });
});
