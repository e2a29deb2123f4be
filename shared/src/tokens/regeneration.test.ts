import { describe, expect, it } from "vitest";
import { nextTokenAt, regenerate } from "./regeneration.ts";

const MINUTE = 60_000;
const start = new Date("2026-01-01T10:00:00Z");
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

describe("regeneration", () => {
  it("adds one token per full 15 minutes and keeps the remainder of the interval", () => {
    const result = regenerate({ balance: 2, lastRegeneration: start }, 10, at(37));
    expect(result.earned).toBe(2);
    expect(result.balance).toBe(4);
    expect(result.lastRegeneration).toEqual(at(30));
  });

  it("never fills above the tier's capacity", () => {
    const result = regenerate({ balance: 8, lastRegeneration: start }, 10, at(24 * 60));
    expect(result).toMatchObject({ balance: 10, earned: 2 });
  });

  it("does not take away bonus tokens above capacity, and banks no time while full", () => {
    const result = regenerate({ balance: 60, lastRegeneration: start }, 10, at(90));
    expect(result).toMatchObject({ balance: 60, earned: 0 });
    expect(result.lastRegeneration).toEqual(at(90));
  });

  it("gives nothing before a full interval has passed", () => {
    expect(regenerate({ balance: 0, lastRegeneration: start }, 10, at(14)).earned).toBe(0);
  });

  it("says when the next free token arrives", () => {
    expect(nextTokenAt({ balance: 3, lastRegeneration: at(30) }, 10)).toEqual(at(45));
    expect(nextTokenAt({ balance: 10, lastRegeneration: at(30) }, 10)).toBeNull();
  });
});
