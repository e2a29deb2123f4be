import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime } from "./format.ts";

const when = new Date("2026-12-03T06:13:46.123Z");

describe("date formatting", () => {
  it("reads exactly like the toLocale…String calls it replaces", () => {
    const cases: Array<[string, string]> = [
      [formatDateTime(when), when.toLocaleString("en-GB")],
      [formatDateTime(when, { timeZone: "UTC" }), when.toLocaleString("en-GB", { timeZone: "UTC" })],
      [formatDateTime(when, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }), when.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })],
      [formatDateTime(when, { month: "short", day: "numeric" }), when.toLocaleString("en-GB", { month: "short", day: "numeric" })],
      [formatDate(when), when.toLocaleDateString("en-GB")],
      [formatDate(when, { dateStyle: "long", timeZone: "UTC" }), when.toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" })],
      [formatDate(when, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }), when.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })],
      [formatTime(when), when.toLocaleTimeString("en-GB")],
      [formatTime(when, { hour: "2-digit", minute: "2-digit" }), when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })],
    ];
    for (const [ours, builtIn] of cases) expect(ours).toBe(builtIn);
    expect(formatDate(when, { dateStyle: "long", timeZone: "UTC" })).toBe("3 December 2026");
  });

  it("accepts ISO strings and epoch milliseconds like new Date() does", () => {
    expect(formatDateTime(when.toISOString(), { timeZone: "UTC" })).toBe("03/12/2026, 06:13:46");
    expect(formatDate(when.getTime(), { timeZone: "UTC" })).toBe("03/12/2026");
  });
});
