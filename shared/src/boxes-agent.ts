/**
 * What a box's browser can be asked to do: the task types, the payload each one takes, the results
 * they give back, and the limits on chat messages that turn into tasks. The API, the web pages and the
 * desktop app validate with these same schemas. Browser-safe.
 */
import { z } from "zod";

export const AGENT_TASK_TYPES = ["NAVIGATE", "CLICK", "TYPE", "SCREENSHOT", "EXTRACT"] as const;
export type AgentTaskType = (typeof AGENT_TASK_TYPES)[number];

export const SELECTOR_MAX = 500;
export const CLICK_TEXT_MAX = 200;
export const TYPE_TEXT_MAX = 2_000;
export const URL_MAX = 2_048;
/** EXTRACT hands back at most this many characters of text. */
export const EXTRACT_TEXT_MAX = 20_000;
/** How long a page may take to load before NAVIGATE gives up. */
export const NAVIGATE_TIMEOUT_SECONDS = 15;
export const MESSAGE_MAX = 2_000;
/** Steps one chat message may ask for. */
export const MAX_TASKS_PER_MESSAGE = 10;

/** Whether the text is an absolute http(s) URL, the only kind a box is sent to. */
export function isWebUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === "http:" || protocol === "https:") && hostname !== "";
}

const selector = z
  .string({ error: "Give a selector." })
  .trim()
  .min(1, "Give a selector.")
  .max(SELECTOR_MAX, `A selector can be at most ${SELECTOR_MAX} characters.`);

export const navigatePayload = z.object({
  url: z
    .string({ error: "Give an address to go to." })
    .trim()
    .min(1, "Give an address to go to.")
    .max(URL_MAX, `An address can be at most ${URL_MAX} characters.`)
    .refine(isWebUrl, "Only http and https addresses can be opened."),
});

/** A CSS (or Playwright) selector, or the visible text of what to click. */
export const clickPayload = z.union(
  [
    z.object({ selector }),
    z.object({
      text: z.string().trim().min(1, "Give the text to click.").max(CLICK_TEXT_MAX, `The text to click can be at most ${CLICK_TEXT_MAX} characters.`),
    }),
  ],
  { error: "Give a selector or the text to click." },
);

export const typePayload = z.object({
  selector,
  text: z.string({ error: "Give the text to type." }).max(TYPE_TEXT_MAX, `The text to type can be at most ${TYPE_TEXT_MAX} characters.`),
  /** Press Enter afterwards. */
  submit: z.boolean().optional(),
});

export const screenshotPayload = z.object({});

/** Without a selector, the whole page's text. */
export const extractPayload = z.object({ selector: selector.optional() });

export const agentTaskInput = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("NAVIGATE"), payload: navigatePayload }),
    z.object({ type: z.literal("CLICK"), payload: clickPayload }),
    z.object({ type: z.literal("TYPE"), payload: typePayload }),
    z.object({ type: z.literal("SCREENSHOT"), payload: screenshotPayload.default({}) }),
    z.object({ type: z.literal("EXTRACT"), payload: extractPayload.default({}) }),
  ],
  { error: "Choose one of NAVIGATE, CLICK, TYPE, SCREENSHOT or EXTRACT." },
);
export type AgentTaskInput = z.infer<typeof agentTaskInput>;
export type NavigatePayload = z.infer<typeof navigatePayload>;
export type ClickPayload = z.infer<typeof clickPayload>;
export type TypePayload = z.infer<typeof typePayload>;
export type ExtractPayload = z.infer<typeof extractPayload>;

/** Where the page is after a step that may move it (NAVIGATE, CLICK, TYPE). */
export type PageResult = { url: string; title: string };
export type ScreenshotResult = { key: string; width: number; height: number };
export type ExtractResult = { text: string; truncated: boolean };
export type AgentTaskResult = PageResult | ScreenshotResult | ExtractResult;

/** A chat message from the box's owner. */
export const boxMessageInput = z.object({
  text: z
    .string({ error: "Write a message." })
    .trim()
    .min(1, "Write a message.")
    .max(MESSAGE_MAX, `A message can be at most ${MESSAGE_MAX} characters.`),
});
