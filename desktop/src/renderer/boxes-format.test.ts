/** How the Boxes tab words statuses, sizes, prices and paid-until times. */
import { describe, expect, it } from "vitest";
import type { BoxView } from "../ipc/contract.ts";
import { boxFailure, boxStatusLabel, formatMemory, formatPaidUntil, isPassing, statusTone, tierOption, tokensPerHour } from "./boxes-format.ts";

const standard = { id: "box_standard", name: "Standard", description: null, cpu: 2, ramMb: 4096, storageGb: 20, tokensPerHour: 10 };

function box(status: BoxView["status"], error: string | null = null): BoxView {
  return {
    id: "b1",
    name: "Research",
    status,
    tier: standard,
    running: null,
    lastAction: error === null ? null : { id: "a1", action: "START", status: "FAILED", error, createdAt: "2026-01-01T00:00:00.000Z" },
    actions: [],
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("box wording", () => {
  it("names every status and says which ones the server is still moving on from", () => {
    expect(boxStatusLabel("RUNNING")).toBe("Running");
    expect(boxStatusLabel("TERMINATED")).toBe("Deleted");
    expect(["CREATING", "STARTING", "STOPPING"].every((status) => isPassing(status as BoxView["status"]))).toBe(true);
    expect(isPassing("RUNNING")).toBe(false);
    expect(isPassing("STOPPED")).toBe(false);
    expect([statusTone("RUNNING"), statusTone("STARTING"), statusTone("ERROR"), statusTone("STOPPED")]).toEqual(["ok", "busy", "warn", "quiet"]);
  });

  it("describes sizes and prices", () => {
    expect(formatMemory(4096)).toBe("4 GB");
    expect(formatMemory(1536)).toBe("1.5 GB");
    expect(formatMemory(512)).toBe("512 MB");
    expect(tokensPerHour(1)).toBe("1 token/hour");
    expect(tokensPerHour(1200)).toBe("1,200 tokens/hour");
    expect(tierOption(standard)).toBe("Standard: 2 vCPU · 4 GB RAM · 10 tokens/hour");
  });

  it("gives the paid-until time alone today, with the day otherwise", () => {
    const now = new Date(2026, 5, 10, 9, 0);
    const today = new Date(2026, 5, 10, 10, 30).toISOString();
    const tomorrow = new Date(2026, 5, 11, 8, 15).toISOString();
    expect(formatPaidUntil(today, now, "en-GB")).toBe("10:30");
    expect(formatPaidUntil(tomorrow, now, "en-GB")).toBe("Thu 11 Jun, 8:15");
  });

  it("explains an error with the server's words, and nothing otherwise", () => {
    expect(boxFailure(box("ERROR", "Boxes need xvfb."))).toBe("Boxes need xvfb.");
    expect(boxFailure(box("ERROR"))).toBe("Something went wrong with this box.");
    expect(boxFailure(box("RUNNING", "old trouble"))).toBeNull();
  });
});
