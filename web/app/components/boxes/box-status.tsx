/** A box's lifecycle status as people read it: a word and a colour. */
import { Badge } from "../ui.tsx";

const STATUS: Record<string, { label: string; tone: "slate" | "brand" | "green" | "amber" | "red" }> = {
  CREATING: { label: "Creating", tone: "amber" },
  STARTING: { label: "Starting", tone: "amber" },
  RUNNING: { label: "Running", tone: "green" },
  PAUSED: { label: "Paused", tone: "slate" },
  STOPPING: { label: "Stopping", tone: "amber" },
  STOPPED: { label: "Stopped", tone: "slate" },
  TERMINATED: { label: "Terminated", tone: "slate" },
  ERROR: { label: "Error", tone: "red" },
};

/** Statuses that change on their own shortly: a page showing one checks again. */
export const SETTLING_STATUSES = new Set(["CREATING", "STARTING", "STOPPING"]);

export function boxStatusLabel(status: string): string {
  return STATUS[status]?.label ?? status.charAt(0) + status.slice(1).toLowerCase();
}

export function BoxStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS[status]?.tone ?? "slate"}>{boxStatusLabel(status)}</Badge>;
}
