/** The mixer's sync state in words, for the indicator that is always in view on the Mixer tab. */
import type { AudioSyncStatus } from "../ipc/contract.ts";
import { countOf } from "./format.ts";

export type SyncTone = "ok" | "busy" | "warn" | "off";

/** "All changes saved", "Saving 2 changes…", "Offline — 3 changes will sync". */
export function syncText(status: AudioSyncStatus | null): { text: string; tone: SyncTone } {
  if (!status) return { text: "Checking…", tone: "busy" };
  const changes = countOf(status.pending, "change");
  switch (status.state) {
    case "synced":
      return { text: "All changes saved", tone: "ok" };
    case "syncing":
    case "pending":
      return { text: `Saving ${changes}…`, tone: "busy" };
    case "offline":
      return { text: status.pending > 0 ? `Offline — ${changes} will sync` : "Offline — changes will sync when you are back", tone: "warn" };
    case "signedOut":
      return { text: status.pending > 0 ? `Signed out — ${changes} will sync after you sign in` : "Signed out", tone: "off" };
  }
}
