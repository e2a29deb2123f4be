import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_PLANS } from "../catalog.ts";
import { carriedOver, PLAN_TIER, planChange, planIdForTier, renewalBalance, tierForPlan, UnknownPlanError } from "./plans.ts";

describe("plan tiers", () => {
  it("maps hobby to BASIC, creator to STANDARD and studio to PREMIUM", () => {
    expect(tierForPlan("plan_hobby")).toBe("BASIC");
    expect(tierForPlan("plan_creator")).toBe("STANDARD");
    expect(tierForPlan("plan_studio")).toBe("PREMIUM");
    expect(planIdForTier("STANDARD")).toBe("plan_creator");
    expect(planIdForTier("FREE")).toBeNull();
  });

  it("has a tier for every plan in the catalogue, each a different one", () => {
    const tiers = SUBSCRIPTION_PLANS.map((plan) => tierForPlan(plan.id));
    expect(new Set(tiers).size).toBe(SUBSCRIPTION_PLANS.length);
    expect(Object.keys(PLAN_TIER).sort()).toEqual(SUBSCRIPTION_PLANS.map((p) => p.id).sort());
  });

  it("refuses an unknown plan", () => {
    expect(() => tierForPlan("plan_gold")).toThrow(UnknownPlanError);
  });

  it("calls a move to a higher tier an upgrade and to a lower one a downgrade", () => {
    expect(planChange("BASIC", "PREMIUM")).toBe("upgrade");
    expect(planChange("FREE", "BASIC")).toBe("upgrade");
    expect(planChange("PREMIUM", "STANDARD")).toBe("downgrade");
    expect(planChange("STANDARD", "STANDARD")).toBe("same");
  });
});

describe("renewal with rollover", () => {
  const hobby = { tokensPerMonth: 30, maxRollover: 30 };
  const studio = { tokensPerMonth: 300, maxRollover: 0 };

  it("caps what carries over at maxRollover, then adds the month's tokens", () => {
    expect(renewalBalance(80, hobby)).toBe(60);
    expect(renewalBalance(12, hobby)).toBe(42);
    expect(renewalBalance(30, hobby)).toBe(60);
    expect(renewalBalance(0, hobby)).toBe(30);
    expect(carriedOver(80, 30)).toBe(30);
  });

  it("carries everything over when maxRollover is 0 (unlimited)", () => {
    expect(renewalBalance(1234, studio)).toBe(1534);
    expect(carriedOver(1234, 0)).toBe(1234);
  });

  it("uses the catalogue's plans as the rules state them", () => {
    const creator = SUBSCRIPTION_PLANS.find((p) => p.id === "plan_creator")!;
    expect(renewalBalance(250, creator)).toBe(200);
  });

  it("refuses a balance that is not a whole, non-negative number", () => {
    expect(() => renewalBalance(-1, hobby)).toThrow(RangeError);
    expect(() => renewalBalance(1.5, hobby)).toThrow(RangeError);
  });
});
