/** The box endpoints, called with bearer tokens the way the desktop app and API clients call them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { vncTicketResponse, agentTaskListResponse, boxListResponse, boxResponse, boxTiersResponse, createBoxResponse, postBoxMessageResponse } from "@spike-land/shared/api/boxes";
import { BOX_TIERS } from "@spike-land/shared/catalog";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { credit, readBalance } from "../.server/tokens/ledger.server.ts";
import { action as listAction, loader as listLoader } from "./api.v1.boxes.tsx";
import { loader as tiersLoader } from "./api.v1.boxes.tiers.tsx";
import { loader as boxLoader } from "./api.v1.boxes.$id.tsx";
import { action as actionsAction } from "./api.v1.boxes.$id.actions.tsx";
import { action as tasksAction, loader as tasksLoader } from "./api.v1.boxes.$id.tasks.tsx";
import { action as messagesAction, loader as messagesLoader } from "./api.v1.boxes.$id.messages.tsx";
import { action as ticketAction } from "./api.v1.boxes.$id.vnc-ticket.tsx";
import { makeRunningBox } from "../../test/agent-boxes.ts";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { seedBoxTiers } from "../../../prisma/seed.ts";

function expectApiError(result: Outcome, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
}

async function apiUser(tokens = 100) {
  const user = await makeUser();
  const { token } = await signIn(user.id);
  const { balance } = await readBalance(user.id);
  if (tokens > balance) await credit(user.id, tokens - balance, "EARN_BONUS", { source: "test" });
  return { user, token };
}

const auth = (token?: string) => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});
const list = (token?: string) => run(() => listLoader(routeArgs(getRequest("/api/v1/boxes", auth(token)))));
const create = (body: unknown, token?: string) => run(() => listAction(routeArgs(jsonRequest("/api/v1/boxes", body, { token }))));
const getBox = (id: string, token?: string) => run(() => boxLoader(routeArgs(getRequest(`/api/v1/boxes/${id}`, auth(token)), { id })));
const act = (id: string, body: unknown, token?: string) => run(() => actionsAction(routeArgs(jsonRequest(`/api/v1/boxes/${id}/actions`, body, { token }), { id })));
const tasks = (id: string, token?: string) => run(() => tasksLoader(routeArgs(getRequest(`/api/v1/boxes/${id}/tasks`, auth(token)), { id })));
const addTask = (id: string, body: unknown, token?: string) => run(() => tasksAction(routeArgs(jsonRequest(`/api/v1/boxes/${id}/tasks`, body, { token }), { id })));
const messages = (id: string, token?: string) => run(() => messagesLoader(routeArgs(getRequest(`/api/v1/boxes/${id}/messages`, auth(token)), { id })));
const ticketFor = (id: string, token?: string) => run(() => ticketAction(routeArgs(jsonRequest(`/api/v1/boxes/${id}/vnc-ticket`, {}, { token }), { id })));
const say = (id: string, body: unknown, token?: string) => run(() => messagesAction(routeArgs(jsonRequest(`/api/v1/boxes/${id}/messages`, body, { token }), { id })));

beforeAll(async () => {
  await seedBoxTiers();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

describe("box endpoints", () => {
  it("need a session", async () => {
    expectApiError(await list(), 401, "unauthorized");
    expectApiError(await create({ name: "x", tierId: BOX_TIERS[0]!.id }), 401, "unauthorized");
  });

  it("list the sizes on offer with their price per hour", async () => {
    const { token } = await apiUser();
    const answer = await run(() => tiersLoader(routeArgs(getRequest("/api/v1/boxes/tiers", auth(token)))));
    expect(answer.status).toBe(200);
    const { tiers } = boxTiersResponse.parse(answer.body);
    expect(tiers.map((tier) => [tier.name, tier.tokensPerHour])).toEqual([
      ["Standard", 10],
      ["Pro", 20],
      ["Ultra", 40],
    ]);
  });

  it("create a box, charging its first hour, and show it only to its owner", async () => {
    const { user, token } = await apiUser(100);
    const created = await create({ name: "  Research  ", tierId: BOX_TIERS[0]!.id }, token);
    expect(created.status).toBe(202);
    const body = createBoxResponse.parse(created.body);
    expect(body.box).toMatchObject({ name: "Research", status: "CREATING", tier: { name: "Standard" } });
    expect(body.action).toMatchObject({ action: "CREATE", status: "PENDING" });
    expect(created.headers.get("Location")).toBe(`/api/v1/boxes/${body.box.id}`);
    expect((await readBalance(user.id)).balance).toBe(90);

    expect(boxListResponse.parse((await list(token)).body).boxes.map((box) => box.id)).toEqual([body.box.id]);
    expect(boxResponse.parse((await getBox(body.box.id, token)).body).box.id).toBe(body.box.id);

    const stranger = await apiUser();
    expect(boxListResponse.parse((await list(stranger.token)).body).boxes).toEqual([]);
    expectApiError(await getBox(body.box.id, stranger.token), 404, "not_found");
    expectApiError(await act(body.box.id, { action: "STOP" }, stranger.token), 404, "not_found");
    expectApiError(await tasks(body.box.id, stranger.token), 404, "not_found");
    expectApiError(await addTask(body.box.id, { type: "SCREENSHOT" }, stranger.token), 404, "not_found");
    expectApiError(await say(body.box.id, { text: "screenshot" }, stranger.token), 404, "not_found");
  });

  it("answer bad input with the field to fix, and a short balance with 402", async () => {
    const { token } = await apiUser(100);
    const blank = await create({ name: "   ", tierId: BOX_TIERS[0]!.id }, token);
    expectApiError(blank, 422, "validation_failed");
    expect(blank.body.error.fields.name).toEqual(["Give the box a name."]);
    expectApiError(await create({ name: "x", tierId: "no-such-size" }, token), 400, "bad_request");

    const poor = await apiUser(0);
    await prisma.userTokenBalance.update({ where: { userId: poor.user.id }, data: { balance: 3 } });
    const refused = await create({ name: "Too dear", tierId: BOX_TIERS[2]!.id }, poor.token);
    expectApiError(refused, 402, "payment_required");
    expect(refused.body.error.message).toMatch(/40 tokens/);
    expect(await prisma.box.count({ where: { userId: poor.user.id } })).toBe(0);
  });

  it("queue actions the status allows and refuse the others with 409", async () => {
    const { user, token } = await apiUser(100);
    const box = await prisma.box.create({ data: { name: "Stopped one", userId: user.id, tierId: BOX_TIERS[0]!.id, status: "STOPPED" } });
    expectApiError(await act(box.id, { action: "STOP" }, token), 409, "conflict");
    expectApiError(await act(box.id, { action: "FLY" }, token), 422, "validation_failed");
    const started = await act(box.id, { action: "START" }, token);
    expect(started.status).toBe(202);
    expect(started.body.action).toMatchObject({ action: "START", status: "PENDING" });
    expect((await prisma.box.findUniqueOrThrow({ where: { id: box.id } })).status).toBe("STARTING");
    expectApiError(await act(box.id, { action: "START" }, token), 409, "conflict");
  });

  it("queue browser tasks and chat messages, checking what they ask for", async () => {
    const { user, token } = await apiUser(100);
    const box = await prisma.box.create({ data: { name: "Chatty", userId: user.id, tierId: BOX_TIERS[0]!.id, status: "STOPPED" } });

    const bad = await addTask(box.id, { type: "NAVIGATE", payload: { url: "ftp://example.com" } }, token);
    expectApiError(bad, 422, "validation_failed");
    const queued = await addTask(box.id, { type: "NAVIGATE", payload: { url: "http://localhost/" } }, token);
    expect(queued.status).toBe(202);
    expect(queued.body.task).toMatchObject({ type: "NAVIGATE", status: "PENDING" });
    expect(agentTaskListResponse.parse((await tasks(box.id, token)).body).tasks).toHaveLength(1);

    const posted = await say(box.id, { text: "go to example.com then screenshot" }, token);
    expect(posted.status).toBe(201);
    const body = postBoxMessageResponse.parse(posted.body);
    expect(body.message).toMatchObject({ role: "USER", content: "go to example.com then screenshot" });
    expect(body.reply.role).toBe("AGENT");
    expect(body.tasks.map((task) => task.type)).toEqual(["NAVIGATE", "SCREENSHOT"]);
    expectApiError(await say(box.id, { text: "  " }, token), 422, "validation_failed");
    const chat = (await messages(box.id, token)).body.messages as { role: string }[];
    expect(chat.map((message) => message.role)).toEqual(["USER", "AGENT"]);
  });

  it("give the owner of a running box a screen ticket for the desktop viewer, and nobody else", async () => {
    const { user, token } = await apiUser();
    const { boxId } = await makeRunningBox({ cdpPort: 9, userId: user.id });
    const answer = await ticketFor(boxId, token);
    expect(answer.status).toBe(200);
    const body = vncTicketResponse.parse(answer.body);
    expect(body.password).toBe("testpass");
    expect(body.path).toBe(`/boxes/${boxId}/vnc?ticket=${encodeURIComponent(body.ticket)}`);
    expect(body.ticket.split(".")[4]).toBe("app");

    const stranger = await apiUser();
    expectApiError(await ticketFor(boxId, stranger.token), 404, "not_found");
    const stopped = await makeRunningBox({ cdpPort: 9, userId: user.id, running: false });
    expectApiError(await ticketFor(stopped.boxId, token), 409, "conflict");
  });
});
