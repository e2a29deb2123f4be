/**
 * The Gemini chat interpreter against a local HTTP server speaking the Gemini REST API
 * (`POST /v1beta/models/{model}:generateContent`), as @google/genai calls it: the grammar answers
 * what it understands, the model reads the rest, and the grammar's answer stands whenever the
 * model's cannot be used.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TASKS_PER_MESSAGE } from "@spike-land/shared/boxes-agent";
import { COMMANDS_HELP, parseCommands, summarise } from "../../boxes/messages-commands.server.ts";
import { startJsonServer, type JsonAnswer, type RecordedRequest } from "../../../../test/local-json-server.ts";
import { createGeminiInterpreter, DEFAULT_GEMINI_TEXT_MODEL, readModelAnswer } from "./gemini.server.ts";
import { createTaskInterpreter, resolveInterpreterConfig } from "./index.server.ts";
import type { CommandGrammar } from "./types.ts";

type GenerateBody = {
  contents: Array<{ role?: string; parts: Array<{ text?: string }> }>;
  systemInstruction?: { parts: Array<{ text?: string }> };
  generationConfig?: { responseMimeType?: string; responseSchema?: { type?: string; properties?: Record<string, unknown> }; temperature?: number };
};

const grammar: CommandGrammar = { parse: parseCommands, summarise, help: COMMANDS_HELP };
const FREE_TEXT = "please open the bbc news site and grab a picture of it";

let server: Awaited<ReturnType<typeof startJsonServer>>;
let answer: (request: RecordedRequest) => JsonAnswer;

/** A generateContent answer whose text is the given JSON, as the model writes it. */
const modelSays = (json: unknown): JsonAnswer => ({
  status: 200,
  body: { candidates: [{ content: { role: "model", parts: [{ text: JSON.stringify(json) }] }, finishReason: "STOP" }] },
});

beforeAll(async () => {
  server = await startJsonServer((request) => answer(request));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const interpreter = () => createGeminiInterpreter({ apiKey: "test-key-123", baseUrl: server.url, timeoutMs: 10_000, grammar });

describe("Gemini chat interpreter", () => {
  it("turns free text the grammar does not understand into the model's tasks", async () => {
    answer = () =>
      modelSays({
        tasks: [
          { type: "NAVIGATE", payload: { url: "https://www.bbc.co.uk/news" } },
          { type: "SCREENSHOT", payload: {} },
        ],
      });
    expect(parseCommands(FREE_TEXT)).toMatchObject({ kind: "reply" });

    const parsed = await interpreter().interpret(FREE_TEXT);
    expect(parsed).toEqual({
      kind: "tasks",
      tasks: [
        { type: "NAVIGATE", payload: { url: "https://www.bbc.co.uk/news" } },
        { type: "SCREENSHOT", payload: {} },
      ],
      summary: "Going to www.bbc.co.uk/news, then taking a screenshot.",
    });

    expect(server.requests).toHaveLength(1);
    const call = server.requests[0]!;
    expect(call.method).toBe("POST");
    expect(call.path).toBe(`/v1beta/models/${DEFAULT_GEMINI_TEXT_MODEL}:generateContent`);
    expect(call.headers["x-goog-api-key"]).toBe("test-key-123");
    const body = call.body as GenerateBody;
    expect(body.contents).toEqual([{ role: "user", parts: [{ text: FREE_TEXT }] }]);
    const instruction = body.systemInstruction?.parts.map((part) => part.text).join("") ?? "";
    for (const type of ["NAVIGATE", "CLICK", "TYPE", "SCREENSHOT", "EXTRACT"]) expect(instruction).toContain(type);
    expect(body.generationConfig?.responseMimeType).toBe("application/json");
    expect(body.generationConfig?.responseSchema?.type).toBe("OBJECT");
    expect(Object.keys(body.generationConfig?.responseSchema?.properties ?? {})).toEqual(["tasks", "reply"]);
  });

  it("keeps only the fields each task takes, and ignores empty ones", async () => {
    answer = () =>
      modelSays({
        tasks: [
          { type: "CLICK", payload: { selector: "", text: "Sign in" } },
          { type: "TYPE", payload: { selector: "#q", text: "boxes", submit: true, url: "" } },
          { type: "EXTRACT", payload: { selector: " " } },
        ],
      });
    const parsed = await createGeminiInterpreter({ apiKey: "k", baseUrl: server.url, model: "custom-text-model", grammar }).interpret("log in and look for boxes");
    expect(server.requests[0]!.path).toBe("/v1beta/models/custom-text-model:generateContent");
    expect(parsed).toEqual({
      kind: "tasks",
      tasks: [
        { type: "CLICK", payload: { text: "Sign in" } },
        { type: "TYPE", payload: { selector: "#q", text: "boxes", submit: true } },
        { type: "EXTRACT", payload: {} },
      ],
      summary: "Clicking “Sign in”, then typing “boxes” into #q and pressing Enter, then reading the page.",
    });
  });

  it("an answer with an invalid task falls back to the grammar's reply, and says why in the log", async () => {
    answer = () =>
      modelSays({
        tasks: [
          { type: "NAVIGATE", payload: { url: "ftp://files.example.com/report.pdf" } },
          { type: "SCREENSHOT", payload: {} },
        ],
      });
    const text = "fetch the report from the ftp server";
    const parsed = await interpreter().interpret(text);
    expect(parsed).toEqual(parseCommands(text));
    expect(parsed).toEqual({ kind: "reply", reply: `I did not understand “${text}”.\n\n${COMMANDS_HELP}` });
    expect(server.requests).toHaveLength(1);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining("task 1 (NAVIGATE): Only http and https addresses can be opened."));
  });

  it("no tasks, too many, a wrong shape or text that is not JSON all leave the grammar's reply", async () => {
    const text = "book me a flight to Lisbon";
    const expected = parseCommands(text);
    const answers: JsonAnswer[] = [
      modelSays({ tasks: [], reply: "I can only use a web browser." }),
      modelSays({ tasks: Array.from({ length: MAX_TASKS_PER_MESSAGE + 1 }, () => ({ type: "SCREENSHOT", payload: {} })) }),
      modelSays({ tasks: [{ type: "DOWNLOAD", payload: {} }] }),
      modelSays({ steps: [] }),
      { status: 200, body: { candidates: [{ content: { role: "model", parts: [{ text: "Sure! Opening it now." }] }, finishReason: "STOP" }] } },
      { status: 200, body: { candidates: [] } },
    ];
    for (const reply of answers) {
      answer = () => reply;
      expect(await interpreter().interpret(text)).toEqual(expected);
    }
    expect(server.requests).toHaveLength(answers.length);
  });

  it("a server error falls back to the grammar", async () => {
    answer = () => ({ status: 500, body: { error: { code: 500, message: "Internal error", status: "INTERNAL" } } });
    expect(await interpreter().interpret(FREE_TEXT)).toEqual(parseCommands(FREE_TEXT));
    expect(server.requests).toHaveLength(1); // no retries: the owner is waiting
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining("a failed request"));
  });

  it("an unreachable endpoint falls back to the grammar", async () => {
    const closed = await startJsonServer(() => ({ status: 200, body: {} }));
    await closed.close();
    const offline = createGeminiInterpreter({ apiKey: "k", baseUrl: closed.url, grammar });
    expect(await offline.interpret(FREE_TEXT)).toEqual(parseCommands(FREE_TEXT));
  });

  it("a message the grammar understands, or refuses for a reason of its own, never reaches the model", async () => {
    answer = () => modelSays({ tasks: [{ type: "SCREENSHOT", payload: {} }] });
    const gemini = interpreter();
    expect(await gemini.interpret("go to example.com then take a screenshot")).toEqual({
      kind: "tasks",
      tasks: [
        { type: "NAVIGATE", payload: { url: "https://example.com/" } },
        { type: "SCREENSHOT", payload: {} },
      ],
      summary: "Going to example.com, then taking a screenshot.",
    });
    expect(await gemini.interpret("go to ftp://example.com")).toEqual(parseCommands("go to ftp://example.com"));
    expect(await gemini.interpret("press enter")).toEqual(parseCommands("press enter"));
    expect(server.requests).toHaveLength(0);
    await gemini.interpret(FREE_TEXT);
    expect(server.requests).toHaveLength(1);
  });
});

describe("reading the model's answer", () => {
  it("names what is wrong with an answer", () => {
    expect(readModelAnswer(undefined)).toEqual({ problem: "an empty answer" });
    expect(readModelAnswer("{")).toEqual({ problem: "an answer that is not JSON" });
    expect(readModelAnswer(JSON.stringify({ tasks: [], reply: "Nothing to do." }))).toEqual({ problem: "no tasks (“Nothing to do.”)" });
    expect(readModelAnswer(JSON.stringify({ tasks: [{ type: "CLICK", payload: {} }] }))).toMatchObject({ problem: expect.stringMatching(/^task 1 \(CLICK\): /) });
  });
});

describe("chat interpreter configuration", () => {
  it("uses the grammar without a key, Gemini with one, and refuses a text model without a key", () => {
    expect(resolveInterpreterConfig({ GEMINI_API_KEY: undefined, GEMINI_BASE_URL: undefined, GEMINI_TEXT_MODEL: undefined })).toEqual({ driver: "grammar" });
    expect(resolveInterpreterConfig({ GEMINI_API_KEY: "key", GEMINI_BASE_URL: undefined, GEMINI_TEXT_MODEL: undefined })).toEqual({
      driver: "gemini",
      apiKey: "key",
      baseUrl: undefined,
      model: DEFAULT_GEMINI_TEXT_MODEL,
    });
    expect(resolveInterpreterConfig({ GEMINI_API_KEY: "key", GEMINI_BASE_URL: "http://proxy.test", GEMINI_TEXT_MODEL: "m" })).toMatchObject({ baseUrl: "http://proxy.test", model: "m" });
    expect(() => resolveInterpreterConfig({ GEMINI_API_KEY: undefined, GEMINI_BASE_URL: undefined, GEMINI_TEXT_MODEL: "m" })).toThrow(/GEMINI_TEXT_MODEL is set without GEMINI_API_KEY/);
    expect(createTaskInterpreter(grammar, { driver: "grammar" }).kind).toBe("grammar");
    expect(createTaskInterpreter(grammar, { driver: "gemini", apiKey: "k", model: "m" }).kind).toBe("gemini");
  });

  it("the grammar alone answers exactly as the command grammar does", async () => {
    const offline = createTaskInterpreter(grammar, { driver: "grammar" });
    for (const text of ["go to example.com then screenshot", FREE_TEXT, "press enter"]) expect(await offline.interpret(text)).toEqual(parseCommands(text));
  });
});
