/** Words for boxes as the Boxes tab shows them: statuses, sizes, prices and paid-until times. */
import type { BoxTier, BoxView } from "../ipc/contract.ts";

type Status = BoxView["status"];

const STATUS_LABELS: Record<Status, string> = {
  CREATING: "Creating",
  STARTING: "Starting",
  RUNNING: "Running",
  PAUSED: "Paused",
  STOPPING: "Stopping",
  STOPPED: "Stopped",
  TERMINATED: "Deleted",
  ERROR: "Error",
};

/** Statuses the server moves on from by itself: while a box is in one, the tab checks again. */
const PASSING: ReadonlySet<Status> = new Set(["CREATING", "STARTING", "STOPPING"]);

export function boxStatusLabel(status: Status): string {
  return STATUS_LABELS[status];
}

export function isPassing(status: Status): boolean {
  return PASSING.has(status);
}

/** The colour family of a status badge: ok (running), busy (on its way), warn (error), or quiet. */
export function statusTone(status: Status): "ok" | "busy" | "warn" | "quiet" {
  if (status === "RUNNING") return "ok";
  if (isPassing(status)) return "busy";
  if (status === "ERROR") return "warn";
  return "quiet";
}

export function formatMemory(megabytes: number): string {
  return megabytes >= 1024 ? `${Number((megabytes / 1024).toFixed(1))} GB` : `${megabytes} MB`;
}

export function tokensPerHour(tokens: number): string {
  return `${tokens.toLocaleString("en-US")} ${tokens === 1 ? "token" : "tokens"}/hour`;
}

/** "2 vCPU · 4 GB RAM" */
export function tierSpecs(tier: BoxTier): string {
  return `${tier.cpu} vCPU · ${formatMemory(tier.ramMb)} RAM`;
}

/** What the size picker offers: "Standard: 2 vCPU · 4 GB RAM · 10 tokens/hour". */
export function tierOption(tier: BoxTier): string {
  return `${tier.name}: ${tierSpecs(tier)} · ${tokensPerHour(tier.tokensPerHour)}`;
}

/** A time on this computer's clock; with the day as well when it is not today. */
export function formatPaidUntil(iso: string, now: Date = new Date(), locale?: string): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short" })}, ${time}`;
}

/** Why a box ended in error, as the server recorded it. */
export function boxFailure(box: BoxView): string | null {
  if (box.status !== "ERROR") return null;
  return box.lastAction?.error ?? "Something went wrong with this box.";
}
