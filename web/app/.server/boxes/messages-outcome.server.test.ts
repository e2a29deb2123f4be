import { describe, expect, it } from "vitest";
import { describeOutcome, EXCERPT_MAX, type FinishedTask } from "./messages-outcome.server.ts";

const task = (over: Partial<FinishedTask> & Pick<FinishedTask, "type" | "payload">): FinishedTask => ({
  id: over.type,
  status: "COMPLETED",
  result: null,
  error: null,
  ...over,
});

describe("the report on a message's tasks", () => {
  it("quotes at most 500 characters of the text read, on one line", () => {
    const long = `${"word ".repeat(200)}\n\nend`;
    const report = describeOutcome([task({ type: "EXTRACT", payload: {}, result: { text: long, truncated: false } })]);
    expect(report.startsWith("The page says: “word word")).toBe(true);
    expect(report.endsWith("word…”")).toBe(true);
    expect(report.length).toBeLessThanOrEqual("The page says: “”".length + EXCERPT_MAX + 1);
    expect(report).not.toContain("\n");
    expect(describeOutcome([task({ type: "EXTRACT", payload: { selector: "#empty" }, result: { text: "", truncated: false } })])).toBe("#empty has no text.");
  });

  it("names each step, links screenshots and says a reason shared by every step once", () => {
    const tasks = [
      task({ type: "TYPE", payload: { selector: "#q", text: "hi" }, result: { url: "https://example.com/", title: "Example" } }),
      task({ type: "SCREENSHOT", payload: {}, result: { key: "boxes/b/screenshots/s.png", width: 800, height: 600 } }),
      task({ type: "NAVIGATE", payload: { url: "https://example.com/a" }, result: { url: "https://example.com/a", title: "" } }),
      task({ type: "EXTRACT", payload: {}, status: "FAILED", error: "The box's browser did not answer." }),
      task({ type: "CLICK", payload: { selector: "#x" }, status: "CANCELLED", error: "Not done: the step before it failed." }),
    ];
    expect(describeOutcome(tasks, new Map([["SCREENSHOT", "https://files.example/s.png"]]))).toBe(
      [
        "Typed into #q.",
        "Screenshot: https://files.example/s.png",
        "Opened example.com/a.",
        "Reading the page failed: The box's browser did not answer.",
        "So I did not do the step after it.",
      ].join("\n"),
    );
    const notRunning = { status: "FAILED" as const, error: "The box is not running." };
    expect(describeOutcome([task({ type: "SCREENSHOT", payload: {}, ...notRunning }), task({ type: "EXTRACT", payload: {}, ...notRunning })])).toBe(
      "The box is not running.",
    );
  });
});
