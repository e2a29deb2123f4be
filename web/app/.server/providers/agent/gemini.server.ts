/**
 * The Gemini chat interpreter (@google/genai). The command grammar reads the message first: when it
 * understands it, or refuses it for a reason of its own, that answer stands and no request is made.
 * Only a message the grammar answers with its list of commands goes to the text model, in one
 * `models.generateContent` call asking for JSON of a fixed shape ({ tasks: [{ type, payload }],
 * reply? }). Every task is checked with the same schema the API uses; an answer that is not valid,
 * asks for nothing or asks for too much, and any failed call, leaves the grammar's answer in place,
 * so a misbehaving model never costs the owner their message.
 */
import { GoogleGenAI, Type, type Schema } from "@google/genai";
import { z } from "zod";
import { AGENT_TASK_TYPES, agentTaskInput, MAX_TASKS_PER_MESSAGE, type AgentTaskInput } from "@spike-land/shared/boxes-agent";
import { isHelpReply } from "./grammar.server.ts";
import type { CommandGrammar, ParsedMessage, TaskInterpreter } from "./types.ts";

/** A fast, generally available text model. */
export const DEFAULT_GEMINI_TEXT_MODEL = "gemini-2.5-flash";
/** The owner waits for the answer in the chat, so a slow model gives way to the grammar's answer. */
const REQUEST_TIMEOUT_MS = 20_000;

const SYSTEM_INSTRUCTION = [
  "You control a web browser for the person writing to you. Turn their message into the browser steps it asks for, in order.",
  "There are five kinds of step (type, then payload):",
  '- NAVIGATE {"url": "https://…"}: open an address. Only absolute http or https URLs; write the full address of the site meant (for "the bbc news site", https://www.bbc.co.uk/news).',
  '- CLICK {"selector": "#submit"} or {"text": "Sign in"}: click an element, by CSS selector or by its visible text; give one of the two.',
  '- TYPE {"selector": "#search", "text": "hello", "submit": true}: type text into the field the selector names; submit true presses Enter afterwards.',
  "- SCREENSHOT {}: take a picture of the page as it is now.",
  '- EXTRACT {} or {"selector": "#main"}: read the text of the page, or of one element.',
  `Give at most ${MAX_TASKS_PER_MESSAGE} steps. Leave out payload fields a step does not use.`,
  "If the message asks for nothing a browser can do, give no steps and say why in reply, in one short sentence.",
].join("\n");

const PAYLOAD_PROPERTIES: Record<string, Schema> = {
  url: { type: Type.STRING, description: "NAVIGATE: the absolute http(s) URL to open." },
  selector: { type: Type.STRING, description: "CLICK, TYPE, EXTRACT: a CSS selector." },
  text: { type: Type.STRING, description: "CLICK: the visible text to click; TYPE: the text to type." },
  submit: { type: Type.BOOLEAN, description: "TYPE: press Enter after typing." },
};

const RESPONSE_SCHEMA: Schema = {
  type: Type.OBJECT,
  properties: {
    tasks: {
      type: Type.ARRAY,
      maxItems: String(MAX_TASKS_PER_MESSAGE),
      items: {
        type: Type.OBJECT,
        properties: {
          type: { type: Type.STRING, enum: [...AGENT_TASK_TYPES] },
          payload: { type: Type.OBJECT, properties: PAYLOAD_PROPERTIES },
        },
        required: ["type", "payload"],
        propertyOrdering: ["type", "payload"],
      },
    },
    reply: { type: Type.STRING },
  },
  required: ["tasks"],
  propertyOrdering: ["tasks", "reply"],
};

/** The answer's shape; each task's payload is checked afterwards with the task schemas. */
const modelAnswer = z.object({
  tasks: z.array(z.object({ type: z.string(), payload: z.record(z.string(), z.unknown()).nullish() })),
  reply: z.string().nullish(),
});

export type GeminiInterpreterOptions = {
  apiKey: string;
  /** Another endpoint speaking the Gemini REST API (a proxy, or a test server). */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  grammar: CommandGrammar;
};

export type GeminiInterpreter = TaskInterpreter & { readonly model: string; readonly client: GoogleGenAI };

/** A string field of the payload, or nothing when the model left it empty. */
function filled(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * The fields each step takes from what the model filled in: the schema lets every payload carry
 * every field, so a CLICK may arrive with an empty selector beside its text.
 */
function payloadFor(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  const selector = filled(payload, "selector");
  switch (type) {
    case "NAVIGATE":
      return { url: payload.url };
    case "CLICK":
      return selector ? { selector } : { text: payload.text };
    case "TYPE":
      return { selector: payload.selector, text: payload.text, ...(payload.submit === true ? { submit: true } : {}) };
    case "EXTRACT":
      return selector ? { selector } : {};
    default:
      return {};
  }
}

/** The model's tasks, or why the answer cannot be used. */
export function readModelAnswer(text: string | undefined): { tasks: AgentTaskInput[] } | { problem: string } {
  if (!text) return { problem: "an empty answer" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: "an answer that is not JSON" };
  }
  const answer = modelAnswer.safeParse(json);
  if (!answer.success) return { problem: "an answer of the wrong shape" };
  const { tasks: raw, reply } = answer.data;
  if (raw.length === 0) return { problem: reply ? `no tasks (“${reply.slice(0, 200)}”)` : "no tasks" };
  if (raw.length > MAX_TASKS_PER_MESSAGE) return { problem: `${raw.length} tasks` };
  const tasks: AgentTaskInput[] = [];
  for (const [index, task] of raw.entries()) {
    const checked = agentTaskInput.safeParse({ type: task.type, payload: payloadFor(task.type, task.payload ?? {}) });
    if (!checked.success) return { problem: `task ${index + 1} (${task.type}): ${checked.error.issues[0]?.message ?? "not valid"}` };
    tasks.push(checked.data);
  }
  return { tasks };
}

export function createGeminiInterpreter(options: GeminiInterpreterOptions): GeminiInterpreter {
  const model = options.model ?? DEFAULT_GEMINI_TEXT_MODEL;
  const { grammar } = options;
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: { timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  });

  async function ask(text: string): Promise<{ tasks: AgentTaskInput[] } | { problem: string }> {
    try {
      const response = await client.models.generateContent({
        model,
        contents: [{ role: "user", parts: [{ text }] }],
        config: {
          systemInstruction: SYSTEM_INSTRUCTION,
          responseMimeType: "application/json",
          responseSchema: RESPONSE_SCHEMA,
          temperature: 0,
        },
      });
      return readModelAnswer(response.text);
    } catch (error) {
      return { problem: `a failed request (${error instanceof Error ? error.message.slice(0, 200) : String(error)})` };
    }
  }

  return {
    kind: "gemini",
    model,
    client,
    async interpret(text): Promise<ParsedMessage> {
      const parsed = grammar.parse(text);
      if (!isHelpReply(grammar, parsed)) return parsed;
      const answer = await ask(text);
      if ("problem" in answer) {
        console.warn(`chat interpreter ${model}: kept the command grammar's answer after ${answer.problem}`);
        return parsed;
      }
      return { kind: "tasks", tasks: answer.tasks, summary: grammar.summarise(answer.tasks) };
    },
  };
}
