/** How the audio pages write sizes, counts and times. Browser-safe. */
import { formatDate } from "../../lib/format.ts";

/** "12 KB", "3.4 MB", "1.2 GB" (a no-break space keeps the number with its unit). */
export function formatStorage(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  const GB = MB * 1024;
  if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))}\u00a0GB`;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))}\u00a0MB`;
  if (bytes >= KB) return `${Math.round(bytes / KB)}\u00a0KB`;
  return `${bytes}\u00a0B`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "3 Dec 2026". */
export function formatDay(value: string | Date): string {
  return formatDate(value, { day: "numeric", month: "short", year: "numeric" });
}

/** "0:07.4": a playhead position, with tenths so it visibly moves. */
export function formatClock(seconds: number): string {
  const safe = Math.max(0, Number.isFinite(seconds) ? seconds : 0);
  const tenths = Math.floor(safe * 10);
  const m = Math.floor(tenths / 600);
  const s = Math.floor((tenths % 600) / 10);
  return `${m}:${String(s).padStart(2, "0")}.${tenths % 10}`;
}
