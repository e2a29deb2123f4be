/** The sync indicator's words for each state of the mixer's queue. */
import { describe, expect, it } from "vitest";
import type { AudioSyncStatus } from "../ipc/contract.ts";
import { syncText } from "./MixerSync.ts";

const base: AudioSyncStatus = { state: "synced", pending: 0, lastError: null, lastSyncedAt: null, retryAt: null };

describe("mixer sync indicator", () => {
  it("says what is saved, what waits and why", () => {
    expect(syncText(base)).toEqual({ text: "All changes saved", tone: "ok" });
    expect(syncText({ ...base, state: "syncing", pending: 1 })).toEqual({ text: "Saving 1 change…", tone: "busy" });
    expect(syncText({ ...base, state: "offline", pending: 3 })).toEqual({ text: "Offline — 3 changes will sync", tone: "warn" });
    expect(syncText({ ...base, state: "offline" }).text).toBe("Offline — changes will sync when you are back");
    expect(syncText({ ...base, state: "signedOut", pending: 2 }).text).toBe("Signed out — 2 changes will sync after you sign in");
    expect(syncText(null).text).toBe("Checking…");
  });
});
