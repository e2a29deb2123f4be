import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_PLANS } from "../catalog.ts";
import { PLAN_TIER } from "../payments/plans.ts";
import {
  activeVoucherProblem,
  describeVoucher,
  normalizeVoucherCode,
  redeemVoucherSchema,
  trialPlanId,
  voucherBonus,
  voucherFormSchema,
  voucherProblem,
} from "./vouchers.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const active = { status: "ACTIVE" as const, expiresAt: null, currentUses: 0, maxUses: null };

describe("voucher codes", () => {
  it("are trimmed and upper-cased before lookup", () => {
    expect(normalizeVoucherCode("  welcome50 \n")).toBe("WELCOME50");
    expect(redeemVoucherSchema.parse({ code: " beta25 " })).toEqual({ code: "BETA25" });
  });

  it("must not be empty", () => {
    const result = redeemVoucherSchema.safeParse({ code: "   " });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Enter a voucher code");
  });
});

describe("the redemption checks", () => {
  it("pass for an active voucher with uses left that this user has not redeemed", () => {
    expect(voucherProblem({ ...active, maxUses: 5, currentUses: 4 }, { now: NOW, alreadyRedeemed: false })).toBeNull();
  });

  it("report an unknown code", () => {
    expect(voucherProblem(null, { now: NOW, alreadyRedeemed: false })).toBe("unknown");
  });

  it("run in order: status, expiry, uses, then this user's earlier redemption", () => {
    const everythingWrong = { status: "INACTIVE" as const, expiresAt: new Date("2026-01-01Z"), currentUses: 5, maxUses: 5 };
    expect(voucherProblem(everythingWrong, { now: NOW, alreadyRedeemed: true })).toBe("inactive");
    expect(voucherProblem({ ...everythingWrong, status: "ACTIVE" }, { now: NOW, alreadyRedeemed: true })).toBe("expired");
    expect(voucherProblem({ ...everythingWrong, status: "ACTIVE", expiresAt: null }, { now: NOW, alreadyRedeemed: true })).toBe("depleted");
    expect(voucherProblem({ ...active, maxUses: 5, currentUses: 1 }, { now: NOW, alreadyRedeemed: true })).toBe("alreadyRedeemed");
  });

  it("treat a voucher expiring exactly now as expired, and a null maxUses as unlimited", () => {
    expect(voucherProblem({ ...active, expiresAt: NOW }, { now: NOW, alreadyRedeemed: false })).toBe("expired");
    expect(voucherProblem({ ...active, currentUses: 1_000_000 }, { now: NOW, alreadyRedeemed: false })).toBeNull();
  });

  it("name the stored EXPIRED and DEPLETED statuses for what they are", () => {
    expect(voucherProblem({ ...active, status: "EXPIRED" }, { now: NOW, alreadyRedeemed: false })).toBe("expired");
    expect(voucherProblem({ ...active, status: "DEPLETED" }, { now: NOW, alreadyRedeemed: false })).toBe("depleted");
  });
});

describe("what a voucher grants", () => {
  it("gives fixed tokens, or the floor of a percentage of the balance", () => {
    expect(voucherBonus({ type: "FIXED_TOKENS", value: 50 }, 7)).toBe(50);
    expect(voucherBonus({ type: "PERCENTAGE_BONUS", value: 10 }, 47)).toBe(4);
    expect(voucherBonus({ type: "PERCENTAGE_BONUS", value: 25 }, 3)).toBe(0);
    expect(voucherBonus({ type: "SUBSCRIPTION_TRIAL", value: 14, metadata: { planId: "plan_creator" } }, 10)).toBe(0);
  });

  it("can start a trial of every plan we sell", () => {
    for (const plan of SUBSCRIPTION_PLANS) {
      expect(PLAN_TIER[plan.id]).toBeDefined();
      expect(trialPlanId({ planId: plan.id })).toBe(plan.id);
    }
  });

  it("reads the trial plan from the metadata, refusing plans we don't sell", () => {
    expect(trialPlanId({ planId: "plan_studio" })).toBe("plan_studio");
    expect(trialPlanId({ planId: "plan_gold" })).toBeNull();
    expect(trialPlanId(null)).toBeNull();
  });

  it("is described in plain words", () => {
    expect(describeVoucher({ type: "FIXED_TOKENS", value: 1 })).toBe("1 token");
    expect(describeVoucher({ type: "PERCENTAGE_BONUS", value: 10 })).toBe("a bonus of 10% of your balance");
    expect(describeVoucher({ type: "SUBSCRIPTION_TRIAL", value: 14, metadata: { planId: "plan_creator" } })).toBe("a 14-day Creator trial");
  });
});

describe("the admin voucher form", () => {
  const base = { code: " spring-25 ", type: "FIXED_TOKENS", value: "25", maxUses: "", expiresAt: "", status: "ACTIVE" };

  it("normalises the code and reads empty limits as none", () => {
    expect(voucherFormSchema.parse(base)).toEqual({
      code: "SPRING-25",
      type: "FIXED_TOKENS",
      value: 25,
      maxUses: null,
      expiresAt: null,
      status: "ACTIVE",
      planId: null,
    });
  });

  it("reads the expiry as UTC and keeps the plan only for trials", () => {
    const trial = voucherFormSchema.parse({ ...base, type: "SUBSCRIPTION_TRIAL", value: "14", planId: "plan_hobby", expiresAt: "2026-12-31T23:59", maxUses: "100" });
    expect(trial).toMatchObject({ planId: "plan_hobby", maxUses: 100, expiresAt: new Date("2026-12-31T23:59:00Z") });
    expect(voucherFormSchema.parse({ ...base, planId: "plan_hobby" }).planId).toBeNull();
  });

  it("explains each invalid field", () => {
    const result = voucherFormSchema.safeParse({ ...base, code: "a b", type: "PERCENTAGE_BONUS", value: "150", maxUses: "0" });
    const messages = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      code: "Use only letters, digits, dashes and underscores",
      maxUses: "Allow at least 1 use, or leave it empty for unlimited",
      value: "At most 100 percent of the balance for this type",
    });
    const trial = voucherFormSchema.safeParse({ ...base, type: "SUBSCRIPTION_TRIAL", planId: "" });
    expect(trial.error?.issues.map((issue) => issue.message)).toEqual(["Choose the plan the trial gives"]);
  });

  it("keeps an ACTIVE voucher redeemable", () => {
    expect(activeVoucherProblem({ status: "ACTIVE", maxUses: 3, currentUses: 3, expiresAt: null }, NOW)?.field).toBe("maxUses");
    expect(activeVoucherProblem({ status: "INACTIVE", maxUses: 2, currentUses: 3, expiresAt: null }, NOW)?.message).toContain("already been used 3 times");
    expect(activeVoucherProblem({ status: "ACTIVE", maxUses: null, currentUses: 3, expiresAt: new Date("2026-01-01Z") }, NOW)?.field).toBe("expiresAt");
    expect(activeVoucherProblem({ status: "INACTIVE", maxUses: 3, currentUses: 3, expiresAt: null }, NOW)).toBeNull();
    expect(activeVoucherProblem({ status: "ACTIVE", maxUses: 4, currentUses: 3, expiresAt: null }, NOW)).toBeNull();
  });
});
