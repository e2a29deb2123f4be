import { describe, expect, it } from "vitest";
import { ENHANCEMENT_COST, ENHANCEMENT_LONGEST_EDGE, SIGNUP_GRANT, TIER_CAPACITY } from "./tiers.ts";
import { SUBSCRIPTION_PLANS, TOKEN_PACKS } from "../catalog.ts";

describe("the token economy tables", () => {
  it("charge what the business rules say per enhancement tier", () => {
    expect(ENHANCEMENT_COST).toEqual({ FREE: 0, TIER_1K: 2, TIER_2K: 5, TIER_4K: 10 });
    expect(ENHANCEMENT_LONGEST_EDGE.TIER_4K).toBe(4096);
  });

  it("give new accounts the FREE capacity", () => {
    expect(SIGNUP_GRANT).toBe(TIER_CAPACITY.FREE.capacity);
    expect(TIER_CAPACITY.PREMIUM.capacity).toBe(100);
  });

  it("price packs and plans as exact GBP decimals", () => {
    expect(TOKEN_PACKS.map((p) => `${p.tokens}@${p.priceGBP}`)).toEqual(["10@2.99", "50@9.99", "150@24.99", "500@69.99"]);
    expect(SUBSCRIPTION_PLANS.find((p) => p.name === "Studio")?.maxRollover).toBe(0);
  });
});
