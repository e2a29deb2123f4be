/**
 * The boxes pages called as the server calls them, on the real database and queue: the list of a
 * person's boxes, a new box, actions on a box, and a box's chat. No worker runs here, so requests
 * stay queued; what the worker does with them is the box service's own tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxStatus } from "@spike-land/shared/boxes";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { BOX_ACTIONS_QUEUE } from "../.server/boxes/queue.server.ts";
import { adjust, credit, readBalance } from "../.server/tokens/ledger.server.ts";
import { action as listAction, loader as listLoader } from "./boxes._index.tsx";
import { action as boxAction, loader as boxLoader } from "./boxes.$id.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { makeBox } from "../../test/agent-boxes.ts";
import { seedBoxTiers } from "../../../prisma/seed.ts";

beforeAll(async () => {
  await seedBoxTiers();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

/** A signed-in user holding exactly `tokens`. */
async function person(tokens = 100) {
  const user = await makeUser();
  const { balance } = await readBalance(user.id);
  if (tokens > balance) await credit(user.id, tokens - balance, "EARN_BONUS", { source: "test" });
  if (tokens < balance) await adjust(user.id, tokens - balance, { source: "test" });
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

/** A Standard box in `status`, as the service leaves it (a RUNNING one with where it is reached). */
async function boxOf(userId: string, status: BoxStatus, name = "Research") {
  return makeBox(userId, status, { name, runningForMinutes: 5, paidForMinutes: 55 });
}

const balanceOf = async (userId: string) => (await readBalance(userId)).balance;
const post = (path: string, fields: Record<string, string>, cookie: string) => formRequest(path, fields, { cookie });
const postToList = (fields: Record<string, string>, cookie: string) => run(() => listAction(routeArgs(post("/boxes", fields, cookie))));
const postToBox = (boxId: string, fields: Record<string, string>, cookie: string) =>
  run(() => boxAction(routeArgs(post(`/boxes/${boxId}`, fields, cookie), { id: boxId })));
const queuedJobs = (actionId: string) =>
  prisma.$queryRaw<Array<{ state: string }>>`SELECT state::text AS state FROM pgboss.job WHERE name = ${BOX_ACTIONS_QUEUE} AND data->>'actionId' = ${actionId}`;

describe("the boxes list", () => {
  it("shows only the person's own boxes, with their size, cost and uptime, to people who are signed in", async () => {
    const { user, cookie } = await person(42);
    const running = await boxOf(user.id, "RUNNING", "Shopping research");
    const stopped = await boxOf(user.id, "STOPPED", "Old notes");
    const other = await person();
    await boxOf(other.user.id, "RUNNING", "Someone else's");

    const page = await run(() => listLoader(routeArgs(getRequest("/boxes", { cookie }))));
    expect(page.status).toBe(200);
    expect(page.body.balance).toBe(42);
    expect(page.body.boxes.map((box: { id: string }) => box.id).sort()).toEqual([running.id, stopped.id].sort());
    const card = page.body.boxes.find((box: { id: string }) => box.id === running.id);
    expect(card).toMatchObject({ name: "Shopping research", status: "RUNNING", tier: { name: "Standard", cpu: 2, tokensPerHour: 10 }, actions: ["STOP", "RESTART", "DELETE", "CLONE"] });
    expect(card.uptimeSeconds).toBeGreaterThanOrEqual(300);
    expect(card.paidUntil).toBeTruthy();
    expect(page.body.boxes.find((box: { id: string }) => box.id === stopped.id)).toMatchObject({ status: "STOPPED", uptimeSeconds: null, actions: ["START", "DELETE", "CLONE"] });
    expect(page.body.tiers.map((tier: { name: string; tokensPerHour: number }) => [tier.name, tier.tokensPerHour])).toEqual([
      ["Standard", 10],
      ["Pro", 20],
      ["Ultra", 40],
    ]);
    expect(JSON.stringify(page.body)).not.toContain("testpass");

    const signedOut = await run(() => listLoader(routeArgs(getRequest("/boxes"))));
    expect(signedOut.location).toBe("/login?redirectTo=%2Fboxes");
  });

  it("checks a new box's name and size before anything is charged", async () => {
    const { user, cookie } = await person(100);
    const empty = await postToList({ intent: "create", name: "   ", tierId: "box_standard" }, cookie);
    expect(empty.status).toBe(400);
    expect(empty.fieldErrors.name).toEqual(["Give the box a name."]);
    const long = await postToList({ intent: "create", name: "x".repeat(61), tierId: "box_standard" }, cookie);
    expect(long.fieldErrors.name).toEqual(["Keep the box name under 60 characters."]);
    const unknown = await postToList({ intent: "create", name: "Research", tierId: "box_huge" }, cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.fieldErrors.tierId).toEqual(["Choose one of the box sizes on offer."]);
    const noSize = await postToList({ intent: "create", name: "Research" }, cookie);
    expect(noSize.status).toBe(400);
    expect(noSize.fieldErrors.tierId).toEqual(["Choose a box size."]);
    expect(await prisma.box.count({ where: { userId: user.id } })).toBe(0);
    expect(await balanceOf(user.id)).toBe(100);
  });

  it("creates a box: its first hour charged and its creation queued", async () => {
    const { user, cookie } = await person(100);
    const created = await postToList({ intent: "create", name: "  Shopping research  ", tierId: "box_pro" }, cookie);
    expect(created.status).toBe(200);
    expect(created.message).toBe("“Shopping research” is being created. Its first hour (20 tokens) has been charged.");
    // The form starts again empty.
    expect(created.body.result.initialValue ?? null).toBeNull();

    const box = await prisma.box.findFirstOrThrow({ where: { userId: user.id }, include: { actions: true } });
    expect(box).toMatchObject({ name: "Shopping research", status: "CREATING", tierId: "box_pro" });
    expect(box.actions).toMatchObject([{ action: "CREATE", status: "PENDING" }]);
    expect(await queuedJobs(box.actions[0]!.id)).toEqual([{ state: "created" }]);
    expect(await balanceOf(user.id)).toBe(80);

    const page = await run(() => listLoader(routeArgs(getRequest("/boxes", { cookie }))));
    expect(page.body.boxes).toMatchObject([{ id: box.id, status: "CREATING", actions: [] }]);
    expect(page.body.balance).toBe(80);
  });

  it("says on the form when the first hour cannot be paid, and creates nothing", async () => {
    const { user, cookie } = await person(5);
    const short = await postToList({ intent: "create", name: "Research", tierId: "box_standard" }, cookie);
    expect(short.status).toBe(402);
    expect(short.message).toBe("Starting a Standard box takes 10 tokens for its first hour and you have 5. Buy a token pack or wait for free tokens to regenerate.");
    expect(short.body.intent).toBe("create");
    expect(await prisma.box.count({ where: { userId: user.id } })).toBe(0);
    expect(await balanceOf(user.id)).toBe(5);
  });

  it("queues the actions a box's status allows, on the person's own boxes only", async () => {
    const { user, cookie } = await person(100);
    const stopped = await boxOf(user.id, "STOPPED");
    const started = await postToList({ intent: "start", boxId: stopped.id }, cookie);
    expect(started.status).toBe(200);
    expect(started.message).toBe("Starting the box. Its first hour (10 tokens) has been charged.");
    // The answer names the box it is about, so the page shows it on that box's card.
    expect(started.body.result.initialValue).toMatchObject({ intent: "start", boxId: stopped.id });
    expect(await prisma.box.findUniqueOrThrow({ where: { id: stopped.id } })).toMatchObject({ status: "STARTING" });
    const start = await prisma.boxAction.findFirstOrThrow({ where: { boxId: stopped.id } });
    expect(start).toMatchObject({ action: "START", status: "PENDING" });
    expect(await queuedJobs(start.id)).toEqual([{ state: "created" }]);
    expect(await balanceOf(user.id)).toBe(90);

    const running = await boxOf(user.id, "RUNNING");
    const stopping = await postToList({ intent: "stop", boxId: running.id }, cookie);
    expect(stopping.message).toBe("Stopping the box. Its files are kept, and it costs nothing while stopped.");
    expect(await prisma.box.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ status: "STOPPING" });

    const stranger = await person(100);
    const foreign = await boxOf(stranger.user.id, "RUNNING");
    const refused = await postToList({ intent: "stop", boxId: foreign.id }, cookie);
    expect(refused.status).toBe(404);
    expect(refused.message).toBe("We could not find that box.");
    expect(await prisma.box.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "RUNNING" });
    expect(await prisma.boxAction.count({ where: { boxId: foreign.id } })).toBe(0);

    const unknownIntent = await postToList({ intent: "explode", boxId: running.id }, cookie);
    expect(unknownIntent.status).toBe(400);
    expect(unknownIntent.message).toBe("Choose start, stop, restart, clone or delete.");
  });

  it("answers a transition the status does not allow with 409 and its reason on the form", async () => {
    const { user, cookie } = await person(100);
    const stopped = await boxOf(user.id, "STOPPED");
    const notRunning = await postToList({ intent: "stop", boxId: stopped.id }, cookie);
    expect(notRunning.status).toBe(409);
    expect(notRunning.message).toBe("This box is not running, so there is nothing to stop.");
    expect(notRunning.body.result.initialValue).toMatchObject({ boxId: stopped.id });

    const creating = await boxOf(user.id, "CREATING");
    const busy = await postToList({ intent: "restart", boxId: creating.id }, cookie);
    expect(busy.status).toBe(409);
    expect(busy.message).toBe("This box is still being created. Try again once it is running.");

    const running = await boxOf(user.id, "RUNNING");
    const again = await postToList({ intent: "start", boxId: running.id }, cookie);
    expect(again.status).toBe(409);
    expect(again.message).toBe("This box is already running.");
    expect(await prisma.boxAction.count({ where: { boxId: { in: [stopped.id, creating.id, running.id] } } })).toBe(0);
    expect(await balanceOf(user.id)).toBe(100);
  });

  it("charges a clone's first hour, and says when the balance is short", async () => {
    const { user, cookie } = await person(15);
    const stopped = await boxOf(user.id, "STOPPED", "Original");
    const cloned = await postToList({ intent: "clone", boxId: stopped.id }, cookie);
    expect(cloned.status).toBe(200);
    expect(cloned.message).toBe("Making a copy of the box. It starts once it is ready; its first hour (10 tokens) has been charged.");
    expect(await prisma.box.findFirstOrThrow({ where: { userId: user.id, name: "Original (copy)" } })).toMatchObject({ status: "CREATING" });
    const short = await postToList({ intent: "clone", boxId: stopped.id }, cookie);
    expect(short.status).toBe(402);
    expect(short.message).toMatch(/^Starting a Standard box takes 10 tokens for its first hour and you have 5\./);
  });
});

describe("a box's page", () => {
  it("shows the box's actions, chat and steps", async () => {
    const { user, cookie } = await person();
    const box = await boxOf(user.id, "RUNNING");
    await prisma.boxMessage.create({ data: { boxId: box.id, role: "SYSTEM", content: "The box started." } });
    const page = await run(() => boxLoader(routeArgs(getRequest(`/boxes/${box.id}`, { cookie }), { id: box.id })));
    expect(page.status).toBe(200);
    expect(page.body.box).toMatchObject({ id: box.id, actions: ["STOP", "RESTART", "DELETE", "CLONE"], tokensPerHour: 10 });
    expect(page.body.messages).toMatchObject([{ role: "SYSTEM", content: "The box started." }]);
    expect(page.body).toMatchObject({ tasks: [], awaitingSteps: false });
  });

  it("sends a chat message: the box answers and queues the steps, and the page keeps checking while they run", async () => {
    const { user, cookie } = await person();
    const box = await boxOf(user.id, "RUNNING");
    const sent = await postToBox(box.id, { intent: "message", text: "go to example.com then screenshot" }, cookie);
    expect(sent.status).toBe(200);
    expect(sent.body.result.initialValue ?? null).toBeNull();

    const page = await run(() => boxLoader(routeArgs(getRequest(`/boxes/${box.id}`, { cookie }), { id: box.id })));
    expect(page.body.messages).toMatchObject([
      { role: "USER", content: "go to example.com then screenshot" },
      { role: "AGENT", content: "Going to example.com, then taking a screenshot." },
    ]);
    expect(page.body.tasks.map((task: { type: string; status: string }) => [task.type, task.status])).toEqual([
      ["SCREENSHOT", "PENDING"],
      ["NAVIGATE", "PENDING"],
    ]);
    expect(page.body.awaitingSteps).toBe(true);

    const empty = await postToBox(box.id, { intent: "message", text: "  " }, cookie);
    expect(empty.status).toBe(400);
    expect(empty.fieldErrors.text).toEqual(["Write a message."]);
  });

  it("runs the actions on the page's box, leaves for the list after a delete, and hides others' boxes", async () => {
    const { user, cookie } = await person();
    const box = await boxOf(user.id, "STOPPED");
    const refused = await postToBox(box.id, { intent: "restart", boxId: box.id }, cookie);
    expect(refused.status).toBe(409);
    expect(refused.message).toBe("This box is not running. Start it instead.");

    const deleted = await postToBox(box.id, { intent: "delete", boxId: box.id }, cookie);
    expect(deleted.location).toBe("/boxes");
    expect(await prisma.boxAction.findFirstOrThrow({ where: { boxId: box.id } })).toMatchObject({ action: "DELETE", status: "PENDING" });

    const stranger = await person();
    const foreign = await boxOf(stranger.user.id, "RUNNING");
    const message = await postToBox(foreign.id, { intent: "message", text: "screenshot" }, cookie);
    expect(message.status).toBe(404);
    const stop = await postToBox(foreign.id, { intent: "stop", boxId: foreign.id }, cookie);
    expect(stop.status).toBe(404);
    expect(await prisma.boxMessage.count({ where: { boxId: foreign.id } })).toBe(0);
    expect(await prisma.boxAction.count({ where: { boxId: foreign.id } })).toBe(0);
  });
});
