/** A session's status as a coloured badge with words, and whether it can still change. Browser-safe. */
import { Badge } from "../ui.tsx";

export type SessionStatus = "QUEUED" | "PLANNING" | "AWAITING_PLAN_APPROVAL" | "AWAITING_USER_FEEDBACK" | "IN_PROGRESS" | "PAUSED" | "FAILED" | "COMPLETED";

const LOOK: Record<SessionStatus, { label: string; tone: "slate" | "brand" | "green" | "amber" | "red" }> = {
  QUEUED: { label: "Queued", tone: "slate" },
  PLANNING: { label: "Planning", tone: "brand" },
  AWAITING_PLAN_APPROVAL: { label: "Plan to approve", tone: "amber" },
  AWAITING_USER_FEEDBACK: { label: "Waiting for you", tone: "amber" },
  IN_PROGRESS: { label: "In progress", tone: "brand" },
  PAUSED: { label: "Paused", tone: "slate" },
  FAILED: { label: "Failed", tone: "red" },
  COMPLETED: { label: "Completed", tone: "green" },
};

export function statusLabel(status: SessionStatus): string {
  return LOOK[status].label;
}

export function isRunning(status: SessionStatus): boolean {
  return status !== "COMPLETED" && status !== "FAILED";
}

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return <Badge tone={LOOK[status].tone}>{LOOK[status].label}</Badge>;
}

/** "sources/github/owner/repo" as "owner/repo". */
export function repoLabel(source: string | null): string {
  return source ? source.replace(/^sources\/(github\/)?/, "") : "—";
}
