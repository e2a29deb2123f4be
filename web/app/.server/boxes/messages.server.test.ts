import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { startAgentWorker } from "./agent-tasks.server.ts";
import { COMMANDS_HELP, parseCommands, summarise } from "./messages-commands.server.ts";
import { listMessages, postUserMessage } from "./messages.server.ts";
import { makeRunningBox } from "../../../test/agent-boxes.ts";
import { startCdpBrowser, startPageServer, type CdpBrowser, type PageServer } from "../../../test/cdp-browser.ts";
import { startJsonServer } from "../../../test/local-json-server.ts";
import { createGeminiInterpreter } from "../providers/agent/gemini.server.ts";

let browser: CdpBrowser;
let pages: PageServer;
let host: string;

beforeAll(async () => {
  [browser, pages] = await Promise.all([startCdpBrowser(), startPageServer()]);
  host = pages.url.replace("http://", "");
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

/** The box's chat once the worker has answered: three messages, the last its report. */
async function chatAfterRun(userId: string, boxId: string) {
  await expect.poll(async () => (await listMessages(userId, boxId)).length, { timeout: 25_000, interval: 200 }).toBe(3);
  return listMessages(userId, boxId);
}

describe("the box chat", () => {
  it("turns a message into tasks, says what it will do, and reports what came of them", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const posted = await postUserMessage(userId, boxId, `go to ${host}/ then take a screenshot`);
    expect(posted.message).toMatchObject({ role: "USER", content: `go to ${host}/ then take a screenshot` });
    expect(posted.reply).toMatchObject({ role: "AGENT", content: `Going to ${host}, then taking a screenshot.` });
    expect(posted.tasks.map((task) => [task.type, task.status])).toEqual([
      ["NAVIGATE", "PENDING"],
      ["SCREENSHOT", "PENDING"],
    ]);

    const chat = await chatAfterRun(userId, boxId);
    expect(chat.map((message) => message.role)).toEqual(["USER", "AGENT", "AGENT"]);
    expect(chat[0]!.id).toBe(posted.message.id);
    expect(chat[1]!.id).toBe(posted.reply.id);
    const [opened, screenshot] = chat[2]!.content.split("\n");
    expect(opened).toBe(`Opened “Spike test page” (${host}).`);
    const shotId = posted.tasks[1]!.id;
    expect(screenshot).toMatch(new RegExp(`^Screenshot: http://localhost:3999/files/boxes/${boxId}/screenshots/${shotId}\\.png\\?expires=\\d+&signature=[\\w-]+$`));
    expect(await objectStorage().head(`boxes/${boxId}/screenshots/${shotId}.png`)).toMatchObject({ contentType: "image/png" });
  });

  it("types, sends and reads: the report quotes the page's text", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const posted = await postUserMessage(userId, boxId, `open ${pages.url}/form\ntype "boxes that browse" into #q and press enter\nwhat does the page say?`);
    expect(posted.reply.content).toBe(`Going to ${host}/form, then typing “boxes that browse” into #q and pressing Enter, then reading the page.`);
    const chat = await chatAfterRun(userId, boxId);
    expect(chat[2]!.content).toBe(
      [`Opened “Search” (${host}/form).`, `Typed into #q and pressed Enter; now at “Results” (${host}/echo).`, "The page says: “You searched for: boxes that browse”"].join("\n"),
    );
  });

  it("reports a step that failed, and that the steps after it were not done", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    await postUserMessage(userId, boxId, `go to ${host}/\nclick #nope\nclick "Press me"\nread #note`);
    const chat = await chatAfterRun(userId, boxId);
    expect(chat[2]!.content).toBe(
      [`Opened “Spike test page” (${host}).`, "Clicking #nope failed: Nothing on the page matches “#nope”.", "So I did not do the 2 steps after it."].join("\n"),
    );
    expect(await prisma.agentTask.findMany({ where: { boxId }, orderBy: { createdAt: "asc" }, select: { status: true } })).toEqual([
      { status: "COMPLETED" },
      { status: "FAILED" },
      { status: "CANCELLED" },
      { status: "CANCELLED" },
    ]);
  });

  it("clicks by text and reads an element", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    await postUserMessage(userId, boxId, `go to ${host}/ then click "Press me" then read #note`);
    const chat = await chatAfterRun(userId, boxId);
    expect(chat[2]!.content).toBe([`Opened “Spike test page” (${host}).`, `Clicked “Press me”; now at “Spike test page” (${host}).`, "#note says: “Button pressed.”"].join("\n"));
  });

  it("a box that is not running answers so", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port, running: false });
    await postUserMessage(userId, boxId, "screenshot");
    const chat = await chatAfterRun(userId, boxId);
    expect(chat[2]).toMatchObject({ role: "AGENT", content: "The box is not running." });
  });

  it("with a text model, queues the tasks the model reads in free text", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const model = await startJsonServer(() => ({
      status: 200,
      body: {
        candidates: [
          {
            content: {
              role: "model",
              parts: [{ text: JSON.stringify({ tasks: [{ type: "NAVIGATE", payload: { url: `${pages.url}/` } }, { type: "SCREENSHOT", payload: {} }] }) }],
            },
            finishReason: "STOP",
          },
        ],
      },
    }));
    try {
      const interpreter = createGeminiInterpreter({ apiKey: "k", baseUrl: model.url, grammar: { parse: parseCommands, summarise, help: COMMANDS_HELP } });
      const posted = await postUserMessage(userId, boxId, "please open the test site and grab a picture of it", { interpreter });
      expect(model.requests).toHaveLength(1);
      expect(posted.reply).toMatchObject({ role: "AGENT", content: `Going to ${host}, then taking a screenshot.` });
      expect(posted.tasks.map((task) => [task.type, task.status])).toEqual([
        ["NAVIGATE", "PENDING"],
        ["SCREENSHOT", "PENDING"],
      ]);
      const chat = await chatAfterRun(userId, boxId);
      expect(chat[2]!.content.split("\n")[0]).toBe(`Opened “Spike test page” (${host}).`);
    } finally {
      await model.close();
    }
  });

  it("answers what it does not understand with the commands it knows, and queues nothing", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const posted = await postUserMessage(userId, boxId, "  book me a flight to Lisbon  ");
    expect(posted.tasks).toEqual([]);
    expect(posted.message.content).toBe("book me a flight to Lisbon");
    expect(posted.reply).toMatchObject({ role: "AGENT", content: `I did not understand “book me a flight to Lisbon”.\n\n${COMMANDS_HELP}` });
    expect(await prisma.agentTask.count({ where: { boxId } })).toBe(0);
    expect((await listMessages(userId, boxId)).map((message) => message.role)).toEqual(["USER", "AGENT"]);
  });

  it("only the owner writes to or reads a box's chat; an empty message is refused", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const stranger = await makeRunningBox({ cdpPort: browser.port });
    await expect(postUserMessage(stranger.userId, boxId, "screenshot")).rejects.toMatchObject({ status: 404, message: "We could not find that box." });
    await expect(listMessages(stranger.userId, boxId)).rejects.toMatchObject({ status: 404 });
    await expect(postUserMessage(userId, boxId, "   ")).rejects.toMatchObject({ status: 400, message: "Write a message.", field: "text" });
    await expect(postUserMessage(userId, boxId, "x".repeat(2_001))).rejects.toMatchObject({ status: 400, message: "A message can be at most 2000 characters." });
    expect(await listMessages(userId, boxId)).toEqual([]);
  });

  it("lists the chat oldest first, system messages included", async () => {
    const { userId, boxId } = await makeRunningBox({ cdpPort: browser.port });
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));
    await prisma.boxMessage.createMany({
      data: [
        { boxId, role: "SYSTEM", content: "Box started.", createdAt: at(0) },
        { boxId, role: "USER", content: "hello", createdAt: at(1) },
        { boxId, role: "AGENT", content: "help", createdAt: at(2) },
      ],
    });
    expect((await listMessages(userId, boxId)).map((message) => message.content)).toEqual(["Box started.", "hello", "help"]);
    expect((await listMessages(userId, boxId, { limit: 2 })).map((message) => message.content)).toEqual(["hello", "help"]);
  });
});
