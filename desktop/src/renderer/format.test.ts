/** How the account and upload screens word balances, roles, names, counts, sizes and times. */
import { describe, expect, it } from "vitest";
import {
  countOf,
  enhancementSum,
  enhancementTierName,
  enhancementTierOption,
  fileName,
  firstName,
  folderName,
  formatBytes,
  formatCount,
  formatEta,
  formatTokenCount,
  formatWait,
  hostOf,
  initials,
  listNames,
  parentPath,
  percentOf,
  roleLabel,
  runTitle,
  stageLabel,
  tierLabel,
  tokensWord,
} from "./format.ts";

describe("account screen wording", () => {
  it("counts tokens in plain words", () => {
    expect(`${formatTokenCount(10)} ${tokensWord(10)}`).toBe("10 tokens");
    expect(`${formatTokenCount(1)} ${tokensWord(1)}`).toBe("1 token");
    expect(`${formatTokenCount(12500)} ${tokensWord(12500)}`).toBe("12,500 tokens");
    expect(tokensWord(0)).toBe("tokens");
  });

  it("names roles and plans the way people say them", () => {
    expect(roleLabel("SUPER_ADMIN")).toBe("Super admin");
    expect(tierLabel("PREMIUM")).toBe("Premium plan");
  });

  it("makes initials from whatever the account has", () => {
    expect(initials("Demo User", "demo@spike.land")).toBe("DU");
    expect(initials("Ada  Byron  Lovelace", null)).toBe("AL");
    expect(initials("Cher", null)).toBe("CH");
    expect(initials(null, "zed@spike.land")).toBe("Z");
    expect(initials("  ", null)).toBe("?");
    expect(firstName(" Demo User")).toBe("Demo");
    expect(firstName(null)).toBeNull();
  });

  it("shows a server by its host", () => {
    expect(hostOf("http://localhost:3000")).toBe("localhost:3000");
    expect(hostOf("https://spike.land/base")).toBe("spike.land");
  });
});

describe("upload screen wording", () => {
  it("counts photos and sizes in plain words", () => {
    expect(formatCount(1204)).toBe("1,204");
    expect(countOf(1, "photo")).toBe("1 photo");
    expect(countOf(0, "photo")).toBe("0 photos");
    expect(countOf(2500, "duplicate")).toBe("2,500 duplicates");
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1 KB");
    expect(formatBytes(1_540_000)).toBe("1.5 MB");
    expect(formatBytes(734_000_000)).toBe("734 MB");
    expect(formatBytes(12_300_000_000)).toBe("12 GB");
  });

  it("keeps percentages whole and within 0–100", () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(5, 4)).toBe(100);
  });

  it("says the time left the way a person would", () => {
    expect(formatEta(null)).toBe("Working out the time left…");
    expect(formatEta(20)).toBe("Less than a minute left");
    expect(formatEta(70)).toBe("About a minute left");
    expect(formatEta(600)).toBe("About 10 minutes left");
    expect(formatEta(3600)).toBe("About 1 hour left");
    expect(formatEta(3600 + 22 * 60)).toBe("About 1 hour 20 minutes left");
    expect(formatEta(3 * 3600 + 58 * 60)).toBe("About 4 hours left");
    expect(formatEta(3 * 86400)).toBe("More than a day left");
  });

  it("counts down a wait", () => {
    const now = new Date("2026-03-01T10:00:00.000Z");
    expect(formatWait("2026-03-01T10:00:30.000Z", now)).toBe("in 30 seconds");
    expect(formatWait("2026-03-01T10:00:01.000Z", now)).toBe("in 1 second");
    expect(formatWait("2026-03-01T10:02:10.000Z", now)).toBe("in 3 minutes");
    expect(formatWait("2026-03-01T09:59:00.000Z", now)).toBe("in a moment");
    expect(formatWait("2026-03-01T12:00:00.000Z", now)).toMatch(/^at /);
  });

  it("names folders, stages and runs", () => {
    expect(folderName("/home/ada/Pictures/Holiday/")).toBe("Holiday");
    expect(folderName("C:\\Users\\Ada\\Pictures\\Family")).toBe("Family");
    expect(folderName("/")).toBe("/");
    expect(fileName("Trip/day one/IMG_1.jpg")).toBe("IMG_1.jpg");
    expect(parentPath("Trip/day one/IMG_1.jpg")).toBe("Trip/day one");
    expect(parentPath("C:\\Photos\\a.jpg")).toBe("C:\\Photos");
    expect(parentPath("a.jpg")).toBe("");
    expect(listNames(["Holiday"])).toBe("Holiday");
    expect(listNames(["Holiday", "Family"])).toBe("Holiday and Family");
    expect(listNames(["A", "B", "C", "D"])).toBe("A, B and 2 more");
    expect(stageLabel("uploading")).toBe("Sending");
    expect(runTitle("interrupted")).toBe("Upload interrupted");
  });

  it("prices enhancements with the shared price list", () => {
    expect(enhancementTierName("FREE")).toBe("Free preview");
    expect(enhancementTierOption("TIER_1K")).toBe("1K · 2 tokens a photo");
    expect(enhancementTierOption("FREE")).toBe("Free preview · free");
    expect(enhancementSum(12, "TIER_1K", 24)).toBe("12 photos × 1K = 24 tokens");
    expect(enhancementSum(1, "FREE", 0)).toBe("1 photo × Free preview = free");
  });
});
