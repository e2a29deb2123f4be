/** How the box page words an agent task: what it was asked to do, its status, and what came of it. */
import { agentTaskInput } from "@spike-land/shared/boxes-agent";

export type TaskRow = {
  id: string;
  type: string;
  payload: unknown;
  status: string;
  result: unknown;
  error: string | null;
  createdAt: Date | string;
  screenshotUrl: string | null;
};

export const TASK_STATUS: Record<string, { label: string; tone: "slate" | "brand" | "green" | "amber" | "red" }> = {
  PENDING: { label: "Queued", tone: "slate" },
  PROCESSING: { label: "In progress", tone: "brand" },
  COMPLETED: { label: "Done", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  CANCELLED: { label: "Skipped", tone: "amber" },
  REFUNDED: { label: "Refunded", tone: "amber" },
};

/** Statuses of a task that has not finished yet. */
export const UNFINISHED_TASK = new Set(["PENDING", "PROCESSING"]);

/** An address without its scheme, and without a lone trailing slash. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "").replace(/^([^/?#]+)\/$/, "$1");
}

/** What the task was asked to do: "Go to example.com", "Click “Sign in”", "Type “hello” into #q". */
export function taskStep(task: Pick<TaskRow, "type" | "payload">): string {
  const parsed = agentTaskInput.safeParse({ type: task.type, payload: task.payload ?? undefined });
  if (!parsed.success) return task.type.charAt(0) + task.type.slice(1).toLowerCase();
  const step = parsed.data;
  switch (step.type) {
    case "NAVIGATE":
      return `Go to ${shortUrl(step.payload.url)}`;
    case "CLICK":
      return "selector" in step.payload ? `Click ${step.payload.selector}` : `Click “${step.payload.text}”`;
    case "TYPE":
      return `Type “${step.payload.text}” into ${step.payload.selector}${step.payload.submit ? " and press Enter" : ""}`;
    case "SCREENSHOT":
      return "Take a screenshot";
    case "EXTRACT":
      return step.payload.selector ? `Read ${step.payload.selector}` : "Read the page";
  }
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** What a finished task gave back, in the shape the page shows it. */
export type TaskOutcome =
  | { kind: "page"; title: string; url: string }
  | { kind: "screenshot"; url: string; width: number | null; height: number | null }
  | { kind: "text"; text: string; truncated: boolean }
  | { kind: "none" };

export function taskOutcome(task: TaskRow): TaskOutcome {
  if (task.status !== "COMPLETED") return { kind: "none" };
  const result = record(task.result);
  if (task.type === "SCREENSHOT") {
    if (!task.screenshotUrl) return { kind: "none" };
    const width = typeof result.width === "number" ? result.width : null;
    const height = typeof result.height === "number" ? result.height : null;
    return { kind: "screenshot", url: task.screenshotUrl, width, height };
  }
  if (task.type === "EXTRACT") return { kind: "text", text: text(result.text), truncated: result.truncated === true };
  if (text(result.url)) return { kind: "page", title: text(result.title), url: text(result.url) };
  return { kind: "none" };
}
