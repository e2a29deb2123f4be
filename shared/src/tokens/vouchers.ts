/**
 * Voucher rules: how a typed code is normalised, the order of the redemption checks and their
 * messages, what each voucher type grants, and the admin form. The redeem flow, the pages and the
 * admin all read these, so the numbers shown are the numbers applied.
 */
import { z } from "zod";
import { SUBSCRIPTION_PLANS } from "../catalog.ts";
import { PLAN_TIER } from "../payments/plans.ts";

export const VOUCHER_TYPES = ["FIXED_TOKENS", "PERCENTAGE_BONUS", "SUBSCRIPTION_TRIAL"] as const;
export type VoucherType = (typeof VOUCHER_TYPES)[number];
export const VOUCHER_STATUSES = ["ACTIVE", "INACTIVE", "EXPIRED", "DEPLETED"] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

const VOUCHER_CODE_MIN_LENGTH = 3;
const VOUCHER_CODE_MAX_LENGTH = 32;
/** Upper-case letters, digits, dashes and underscores, after normalising. */
const VOUCHER_CODE_PATTERN = /^[A-Z0-9_-]+$/;

/** Codes are compared trimmed and upper-cased, so "welcome50 " finds WELCOME50. */
export function normalizeVoucherCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Plans a trial voucher can start: every plan we sell (the plan → tier table lives with the payment rules). */
const TRIAL_PLAN_IDS = SUBSCRIPTION_PLANS.map((plan) => plan.id).filter((id) => id in PLAN_TIER) as [string, ...string[]];

export function planName(planId: string): string {
  return SUBSCRIPTION_PLANS.find((plan) => plan.id === planId)?.name ?? planId;
}

const trialMetadata = z.object({ planId: z.enum(TRIAL_PLAN_IDS) });

/** The plan a SUBSCRIPTION_TRIAL voucher's metadata names, or null when it names none we sell. */
export function trialPlanId(metadata: unknown): string | null {
  const parsed = trialMetadata.safeParse(metadata);
  return parsed.success ? parsed.data.planId : null;
}

type VoucherFacts = { type: VoucherType; value: number; metadata?: unknown };

/** What a voucher gives, in the words the pages use ("50 tokens", "10% of your balance", "14-day Creator trial"). */
export function describeVoucher(voucher: VoucherFacts): string {
  switch (voucher.type) {
    case "FIXED_TOKENS":
      return `${voucher.value} token${voucher.value === 1 ? "" : "s"}`;
    case "PERCENTAGE_BONUS":
      return `a bonus of ${voucher.value}% of your balance`;
    case "SUBSCRIPTION_TRIAL": {
      const planId = trialPlanId(voucher.metadata);
      return `a ${voucher.value}-day ${planId ? planName(planId) : "subscription"} trial`;
    }
  }
}

/**
 * Tokens a redemption adds straight away: FIXED_TOKENS its value, PERCENTAGE_BONUS
 * floor(balance × value / 100) of the balance at redemption (after regeneration). A trial grants
 * no bonus tokens itself; the tier upgrade tops the balance up to the tier's capacity.
 */
export function voucherBonus(voucher: VoucherFacts, balance: number): number {
  switch (voucher.type) {
    case "FIXED_TOKENS":
      return voucher.value;
    case "PERCENTAGE_BONUS":
      return Math.floor((balance * voucher.value) / 100);
    case "SUBSCRIPTION_TRIAL":
      return 0;
  }
}

export type VoucherProblem = "unknown" | "inactive" | "expired" | "depleted" | "alreadyRedeemed";

export const VOUCHER_MESSAGES: Record<VoucherProblem, string> = {
  unknown: "We don't recognise that code. Check the spelling and try again.",
  inactive: "This voucher is no longer active.",
  expired: "This voucher has expired.",
  depleted: "This voucher has been fully used: every redemption it allowed has been claimed.",
  alreadyRedeemed: "You have already redeemed this voucher. Each voucher can be used once per account.",
};

type CheckedVoucher = { status: VoucherStatus; expiresAt: Date | null; currentUses: number; maxUses: number | null };

/**
 * The redemption checks, in the order the business rules give: status ACTIVE, not expired, uses
 * left (a null maxUses is unlimited), then not redeemed by this user before. Null when all pass.
 */
export function voucherProblem(voucher: CheckedVoucher | null, facts: { now: Date; alreadyRedeemed: boolean }): VoucherProblem | null {
  if (!voucher) return "unknown";
  if (voucher.status !== "ACTIVE") {
    if (voucher.status === "EXPIRED") return "expired";
    if (voucher.status === "DEPLETED") return "depleted";
    return "inactive";
  }
  if (voucher.expiresAt && voucher.expiresAt.getTime() <= facts.now.getTime()) return "expired";
  if (voucher.maxUses !== null && voucher.currentUses >= voucher.maxUses) return "depleted";
  if (facts.alreadyRedeemed) return "alreadyRedeemed";
  return null;
}

/** The redeem form: one code field. */
export const redeemVoucherSchema = z.object({
  code: z
    .string({ error: "Enter a voucher code" })
    .trim()
    .toUpperCase()
    .min(1, "Enter a voucher code")
    .max(VOUCHER_CODE_MAX_LENGTH, `Voucher codes are at most ${VOUCHER_CODE_MAX_LENGTH} characters`),
});

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** An expiry typed in a datetime-local field, read as UTC ("2026-12-31T23:59"). */
const expiresAtField = optionalText.pipe(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Enter the expiry as a date and time, e.g. 2026-12-31 23:59")
    .transform((value) => new Date(`${value}Z`))
    .refine((date) => !Number.isNaN(date.getTime()), "Enter a real date and time")
    .optional(),
);

export const VOUCHER_MAX_VALUE: Record<VoucherType, number> = {
  FIXED_TOKENS: 100_000,
  PERCENTAGE_BONUS: 100,
  SUBSCRIPTION_TRIAL: 365,
};

export const VOUCHER_VALUE_LABEL: Record<VoucherType, string> = {
  FIXED_TOKENS: "tokens",
  PERCENTAGE_BONUS: "percent of the balance",
  SUBSCRIPTION_TRIAL: "trial days",
};

/** The admin's create and edit form. `value` means tokens, percent or days depending on the type. */
export const voucherFormSchema = z
  .object({
    code: z
      .string({ error: "Enter a code" })
      .trim()
      .toUpperCase()
      .min(VOUCHER_CODE_MIN_LENGTH, `Codes are at least ${VOUCHER_CODE_MIN_LENGTH} characters`)
      .max(VOUCHER_CODE_MAX_LENGTH, `Codes are at most ${VOUCHER_CODE_MAX_LENGTH} characters`)
      .regex(VOUCHER_CODE_PATTERN, "Use only letters, digits, dashes and underscores"),
    type: z.enum(VOUCHER_TYPES, { error: "Choose what the voucher gives" }),
    value: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(1, "Enter at least 1"),
    maxUses: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce
        .number({ error: "Enter a whole number or leave it empty" })
        .int("Enter a whole number")
        .min(1, "Allow at least 1 use, or leave it empty for unlimited")
        .optional(),
    ),
    expiresAt: expiresAtField,
    status: z.enum(VOUCHER_STATUSES, { error: "Choose a status" }).default("ACTIVE"),
    planId: optionalText,
  })
  .superRefine((voucher, ctx) => {
    const max = VOUCHER_MAX_VALUE[voucher.type];
    if (voucher.value > max) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `At most ${max} ${VOUCHER_VALUE_LABEL[voucher.type]} for this type` });
    }
    if (voucher.type === "SUBSCRIPTION_TRIAL" && !(voucher.planId && voucher.planId in PLAN_TIER)) {
      ctx.addIssue({ code: "custom", path: ["planId"], message: "Choose the plan the trial gives" });
    }
  })
  .transform(({ planId, ...voucher }) => ({
    ...voucher,
    maxUses: voucher.maxUses ?? null,
    expiresAt: voucher.expiresAt ?? null,
    planId: voucher.type === "SUBSCRIPTION_TRIAL" ? (planId ?? null) : null,
  }));
export type VoucherForm = z.output<typeof voucherFormSchema>;

/**
 * Why a voucher cannot be saved as ACTIVE with these numbers, or null. An active voucher needs
 * uses left and a future expiry, or redemptions would be refused while the admin list says ACTIVE.
 */
export function activeVoucherProblem(voucher: { status: VoucherStatus; maxUses: number | null; expiresAt: Date | null; currentUses: number }, now: Date): { field: "maxUses" | "expiresAt"; message: string } | null {
  if (voucher.maxUses !== null && voucher.maxUses < voucher.currentUses) {
    return { field: "maxUses", message: `This voucher has already been used ${voucher.currentUses} times; allow at least that many` };
  }
  if (voucher.status !== "ACTIVE") return null;
  if (voucher.maxUses !== null && voucher.maxUses <= voucher.currentUses) {
    return { field: "maxUses", message: `An active voucher needs uses left: allow more than ${voucher.currentUses}, or leave it empty for unlimited` };
  }
  if (voucher.expiresAt && voucher.expiresAt.getTime() <= now.getTime()) {
    return { field: "expiresAt", message: "An active voucher needs an expiry in the future, or none" };
  }
  return null;
}
