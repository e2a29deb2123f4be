/** Boxes, their tasks and messages as /api/v1 answers them (dates as ISO strings). */
import type { BoxJson } from "@spike-land/shared/api/boxes";
import type { AgentTaskView } from "./agent-tasks.server.ts";
import type { BoxMessageView } from "./messages.server.ts";
import type { BoxView } from "./requests.server.ts";

export function boxJson(box: BoxView): BoxJson {
  return {
    id: box.id,
    name: box.name,
    status: box.status,
    tier: box.tier,
    running: box.running ? { startedAt: box.running.startedAt.toISOString(), paidUntil: box.running.paidUntil.toISOString() } : null,
    lastAction: box.lastAction ? { ...box.lastAction, createdAt: box.lastAction.createdAt.toISOString() } : null,
    actions: box.actions,
    createdAt: box.createdAt.toISOString(),
  };
}

export function taskJson(task: AgentTaskView) {
  return {
    id: task.id,
    type: task.type,
    payload: task.payload,
    status: task.status,
    result: task.result,
    error: task.error,
    screenshotUrl: task.screenshotUrl,
    createdAt: task.createdAt.toISOString(),
  };
}

export function messageJson(message: BoxMessageView) {
  return { id: message.id, role: message.role, content: message.content, createdAt: message.createdAt.toISOString() };
}
