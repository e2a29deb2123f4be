/**
 * The chat's report once a message's tasks have run: one line per step (the page's title, the text
 * read, a link to the screenshot, or why a step failed), posted as the box's AGENT message.
 */
import { agentTaskInput, type AgentTaskInput } from "@spike-land/shared/boxes-agent";
import { DAY_SECONDS } from "@spike-land/shared/time";
import { prisma, type JobStatus } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { capitalise, describeTask, displayUrl } from "./messages-commands.server.ts";

/** Screenshot links in the chat last as long as S3 lets a signed URL last; the task list signs fresh ones. */
export const CHAT_SCREENSHOT_URL_SECONDS = 7 * DAY_SECONDS;
/** How much of the text read goes into the chat (the task keeps all of it). */
export const EXCERPT_MAX = 500;

export type FinishedTask = { id: string; type: string; payload: unknown; status: JobStatus; result: unknown; error: string | null };

const quoteOf = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_MAX ? `${flat.slice(0, EXCERPT_MAX).trimEnd()}…` : flat;
};

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** Where the page is, as "“Title” (example.com/page)". */
function place(result: Record<string, unknown>): string {
  const title = text(result.title);
  const url = displayUrl(text(result.url));
  return title ? `“${title}” (${url})` : url;
}

/** One line for a step that finished. */
function doneLine(task: AgentTaskInput, result: Record<string, unknown>, screenshotUrl: string | null): string {
  switch (task.type) {
    case "NAVIGATE":
      return `Opened ${place(result)}.`;
    case "CLICK":
      return `Clicked ${"selector" in task.payload ? task.payload.selector : `“${task.payload.text}”`}; now at ${place(result)}.`;
    case "TYPE":
      return task.payload.submit ? `Typed into ${task.payload.selector} and pressed Enter; now at ${place(result)}.` : `Typed into ${task.payload.selector}.`;
    case "SCREENSHOT":
      return screenshotUrl ? `Screenshot: ${screenshotUrl}` : "Took a screenshot.";
    case "EXTRACT": {
      const where = task.payload.selector ?? "The page";
      const excerpt = quoteOf(text(result.text));
      return excerpt ? `${where} says: “${excerpt}”` : `${where} has no text.`;
    }
  }
}

/** The report on a message's tasks, in the order they ran. */
export function describeOutcome(tasks: FinishedTask[], screenshotUrls: ReadonlyMap<string, string> = new Map()): string {
  const failed = tasks.filter((task) => task.status === "FAILED");
  // The same reason for every step (the box is not running) is said once.
  if (failed.length === tasks.length && failed.length > 0 && failed.every((task) => task.error === failed[0]!.error)) {
    return failed[0]!.error ?? "The steps could not be done.";
  }
  const lines: string[] = [];
  const skipped = tasks.filter((task) => task.status === "CANCELLED").length;
  for (const task of tasks) {
    const parsed = agentTaskInput.safeParse({ type: task.type, payload: task.payload ?? undefined });
    if (task.status === "COMPLETED" && parsed.success) lines.push(doneLine(parsed.data, record(task.result), screenshotUrls.get(task.id) ?? null));
    else if (task.status === "FAILED") lines.push(parsed.success ? `${capitalise(describeTask(parsed.data))} failed: ${task.error}` : (task.error ?? "A step failed."));
  }
  if (skipped) lines.push(skipped === 1 ? "So I did not do the step after it." : `So I did not do the ${skipped} steps after it.`);
  return lines.join("\n");
}

/** Posts the report on these tasks (looked up by id, kept in the order given) to the box's chat. */
export async function postOutcome(boxId: string, taskIds: string[]): Promise<void> {
  const rows = await prisma.agentTask.findMany({ where: { boxId, id: { in: taskIds } } });
  const tasks = taskIds.map((id) => rows.find((row) => row.id === id)).filter((row) => row !== undefined);
  if (tasks.length === 0) return; // the box was deleted meanwhile
  const screenshotUrls = new Map<string, string>();
  for (const task of tasks) {
    const key = task.status === "COMPLETED" && task.type === "SCREENSHOT" ? text(record(task.result).key) : "";
    if (key) screenshotUrls.set(task.id, await objectStorage().signedGetUrl(key, { expiresInSeconds: CHAT_SCREENSHOT_URL_SECONDS }));
  }
  await prisma.boxMessage.create({ data: { boxId, role: "AGENT", content: describeOutcome(tasks, screenshotUrls) } });
}
