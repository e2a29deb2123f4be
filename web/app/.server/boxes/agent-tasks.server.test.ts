import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { AGENT_QUEUE, BOX_NOT_RUNNING, listTasks, queueTask, queueTasks, runAgentJob, SKIPPED_MESSAGE, startAgentWorker } from "./agent-tasks.server.ts";
import { makeRunningBox } from "../../../test/agent-boxes.ts";
import { startCdpBrowser, startPageServer, type CdpBrowser, type PageServer } from "../../../test/cdp-browser.ts";

let browser: CdpBrowser;
let pages: PageServer;

beforeAll(async () => {
  [browser, pages] = await Promise.all([startCdpBrowser(), startPageServer()]);
  const boss = await startQueue(env.DATABASE_URL, { maintenance: false });
  await startAgentWorker(boss, { pollingIntervalSeconds: 0.5, executor: { elementTimeoutMs: 1_500 } });
});
afterAll(async () => {
  await stopQueue();
  await browser?.stop();
  await pages?.close();
});
afterEach(async () => {
  expect(await browser.alive()).toBe(true);
});

const finished = (taskId: string) =>
  expect
    .poll(async () => (await prisma.agentTask.findUniqueOrThrow({ where: { id: taskId } })).status, { timeout: 25_000, interval: 200 })
    .toMatch(/COMPLETED|FAILED|CANCELLED/);

describe("agent tasks", () => {
  it("queues a PENDING task and a job; the worker goes to the page and records the title", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const task = await queueTask(userId, boxId, { type: "NAVIGATE", payload: { url: `${pages.url}/` } });
    expect(task).toMatchObject({ boxId, type: "NAVIGATE", status: "PENDING", payload: { url: `${pages.url}/` }, result: null, error: null, screenshotUrl: null });
    const jobs = await prisma.$queryRawUnsafe<Array<{ data: unknown }>>(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'boxId' = $2`, AGENT_QUEUE, boxId);
    expect(jobs).toEqual([{ data: { boxId, taskIds: [task.id], reply: false } }]);
    await finished(task.id);
    const row = await prisma.agentTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({ status: "COMPLETED", result: { url: `${pages.url}/`, title: "Spike test page" }, error: null });
  });

  it("stores a screenshot and lists tasks newest first with a signed link to it", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const navigate = await queueTask(userId, boxId, { type: "NAVIGATE", payload: { url: `${pages.url}/` } });
    await finished(navigate.id);
    const shot = await queueTask(userId, boxId, { type: "SCREENSHOT", payload: {} });
    await finished(shot.id);
    const [latest, first] = await listTasks(userId, boxId);
    expect(first!.id).toBe(navigate.id);
    expect(latest).toMatchObject({ id: shot.id, status: "COMPLETED", result: { key: `boxes/${boxId}/screenshots/${shot.id}.png` } });
    expect(latest!.screenshotUrl).toMatch(new RegExp(`^http://localhost:3999/files/boxes/${boxId}/screenshots/${shot.id}\\.png\\?expires=\\d+&signature=`));
    const stored = await objectStorage().get(`boxes/${boxId}/screenshots/${shot.id}.png`);
    const { data } = await sharp(stored!.body).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it("a selector that matches nothing fails the task with a message a person can read", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    await finished((await queueTask(userId, boxId, { type: "NAVIGATE", payload: { url: `${pages.url}/` } })).id);
    const click = await queueTask(userId, boxId, { type: "CLICK", payload: { selector: "#x" } });
    await finished(click.id);
    expect(await prisma.agentTask.findUniqueOrThrow({ where: { id: click.id } })).toMatchObject({ status: "FAILED", error: "Nothing on the page matches “#x”.", result: null });
  });

  it("runs a job's tasks in order; after a failed one the rest are not done", async () => {
    const { boxId } = await makeRunningBox({ cdpPort: browser.port });
    const tasks = await queueTasks(boxId, [
      { type: "NAVIGATE", payload: { url: `${pages.url}/form` } },
      { type: "TYPE", payload: { selector: "#q", text: "in order", submit: true } },
      { type: "EXTRACT", payload: { selector: "#echo" } },
      { type: "CLICK", payload: { selector: "#nope" } },
      { type: "SCREENSHOT", payload: {} },
    ]);
    await finished(tasks[4]!.id);
    const rows = await prisma.agentTask.findMany({ where: { boxId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "CANCELLED"]);
    expect(rows[2]!.result).toEqual({ text: "You searched for: in order", truncated: false });
    expect(rows[4]!.error).toBe(SKIPPED_MESSAGE);
  });

  it("a box that is not running fails its tasks with “The box is not running.”", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port, running: false });
    const task = await queueTask(userId, boxId, { type: "SCREENSHOT" });
    await finished(task.id);
    expect(await prisma.agentTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: "FAILED", error: BOX_NOT_RUNNING });

    // Running on paper, but its browser is gone (stopped meanwhile): the same message once the row says so.
    const gone = await makeRunningBox({ cdpPort: 9, running: true });
    let lookups = 0;
    const vanished = await prisma.agentTask.create({ data: { boxId: gone.boxId, type: "SCREENSHOT", payload: {} } });
    await runAgentJob(
      { boxId: gone.boxId, taskIds: [vanished.id] },
      { runtimeOf: async () => (++lookups === 1 ? { host: "127.0.0.1", cdpPort: 9 } : null), executor: { connectTimeoutMs: 1_000 } },
    );
    expect(await prisma.agentTask.findUniqueOrThrow({ where: { id: vanished.id } })).toMatchObject({ status: "FAILED", error: BOX_NOT_RUNNING });
  });

  it("a retried job carries on from the first task not yet finished", async () => {
    const { boxId } = await makeRunningBox({ cdpPort: browser.port });
    const done = await prisma.agentTask.create({ data: { boxId, type: "NAVIGATE", payload: { url: `${pages.url}/` }, status: "COMPLETED", result: { url: "x", title: "kept" } } });
    const interrupted = await prisma.agentTask.create({ data: { boxId, type: "NAVIGATE", payload: { url: `${pages.url}/form` }, status: "PROCESSING" } });
    await runAgentJob({ boxId, taskIds: [done.id, interrupted.id] });
    expect(await prisma.agentTask.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ result: { title: "kept" } });
    expect(await prisma.agentTask.findUniqueOrThrow({ where: { id: interrupted.id } })).toMatchObject({ status: "COMPLETED", result: { title: "Search" } });
  });

  it("only the owner queues or lists tasks, and the payload is checked first", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const other = await makeRunningBox({ cdpPort: browser.port });
    await expect(queueTask(other.userId, boxId, { type: "SCREENSHOT" })).rejects.toMatchObject({ status: 404, message: "We could not find that box." });
    await expect(listTasks(other.userId, boxId)).rejects.toMatchObject({ status: 404 });
    await expect(queueTask(userId, boxId, { type: "NAVIGATE", payload: { url: "file:///etc/passwd" } })).rejects.toMatchObject({
      status: 400,
      message: "Only http and https addresses can be opened.",
      field: "payload",
    });
    await expect(queueTask(userId, boxId, { type: "FLY" })).rejects.toMatchObject({ status: 400, field: "type" });
    expect(await prisma.agentTask.count({ where: { boxId } })).toBe(0);
  });
});
