/**
 * Redeeming a voucher. The checks run in the business rules' order; then one transaction takes a
 * use (a conditional UPDATE, so concurrent redemptions can never pass maxUses), records the
 * redemption and grants through the ledger. Attempts are rate limited per user.
 */
import {
  describeVoucher,
  normalizeVoucherCode,
  planName,
  trialPlanId,
  VOUCHER_MESSAGES,
  voucherBonus,
  voucherProblem,
  type VoucherProblem,
} from "@spike-land/shared/tokens/vouchers";
import { PLAN_TIER } from "@spike-land/shared/payments/plans";
import { TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { DAY_MS } from "@spike-land/shared/time";
import { Prisma, prisma } from "../platform/db.server.ts";
import { consume } from "../platform/rate-limit.server.ts";
import { changeTier, credit, readBalance, type Tx } from "../tokens/ledger.server.ts";
import { isVoucherTrial, TRIAL_PREFIX } from "./trials.server.ts";
import { DomainError } from "@spike-land/shared/errors";

/** Many people may redeem one popular code at once; each waits its turn for the voucher row. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

type RedeemProblem = VoucherProblem | "noBonus" | "hasSubscription" | "planUnavailable";

const STATUS: Record<RedeemProblem, number> = {
  unknown: 404,
  inactive: 410,
  expired: 410,
  depleted: 410,
  alreadyRedeemed: 409,
  noBonus: 409,
  hasSubscription: 409,
  planUnavailable: 409,
};

/** A redemption that was refused, with the message to show and the HTTP status to answer with. */
export class VoucherError extends DomainError {
  constructor(
    readonly problem: RedeemProblem,
    message: string = VOUCHER_MESSAGES[problem as VoucherProblem],
  ) {
    super(STATUS[problem], message);
  }
}

export type Redemption = {
  code: string;
  description: string;
  tokensGranted: number;
  balance: number;
  trial: { planName: string; endsAt: Date } | null;
};

/** Redeems `rawCode` for the user. Throws RateLimitedError (too many attempts) or VoucherError (refused). */
export async function redeemVoucher(userId: string, rawCode: string): Promise<Redemption> {
  await consume("voucherRedeem", userId);
  const code = normalizeVoucherCode(rawCode);
  try {
    return await prisma.$transaction((tx) => redeemIn(tx, userId, code), TRANSACTION_OPTIONS);
  } catch (error) {
    // Two tabs redeeming the same code at once: the unique (voucherId, userId) row lets only one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new VoucherError("alreadyRedeemed");
    throw error;
  }
}

const voucherSelect = { id: true, code: true, type: true, value: true, maxUses: true, currentUses: true, expiresAt: true, status: true, metadata: true } as const;
type Voucher = Prisma.VoucherGetPayload<{ select: typeof voucherSelect }>;

async function redeemIn(tx: Tx, userId: string, code: string): Promise<Redemption> {
  const now = new Date();
  const voucher = await tx.voucher.findUnique({ where: { code }, select: voucherSelect });
  const earlier = voucher
    ? await tx.voucherRedemption.findUnique({ where: { voucherId_userId: { voucherId: voucher.id, userId } }, select: { id: true } })
    : null;
  const problem = voucherProblem(voucher, { now, alreadyRedeemed: earlier !== null });
  if (problem || !voucher) throw new VoucherError(problem ?? "unknown");

  // Locks and regenerates the balance first, so a percentage bonus pays on the balance it reads.
  const before = await readBalance(userId, tx);
  const bonus = voucherBonus(voucher, before.balance);
  if (voucher.type === "PERCENTAGE_BONUS" && bonus === 0) {
    throw new VoucherError(
      "noBonus",
      `This voucher adds ${voucher.value}% of your balance, and ${voucher.value}% of ${before.balance} token${before.balance === 1 ? "" : "s"} rounds down to nothing. Keep the code and redeem it when your balance is higher.`,
    );
  }
  const trial = voucher.type === "SUBSCRIPTION_TRIAL" ? await trialPlan(tx, userId, voucher) : null;

  await takeUse(tx, voucher.id, now);
  const redemption = await tx.voucherRedemption.create({ data: { voucherId: voucher.id, userId, tokensGranted: bonus }, select: { id: true } });
  const details = { source: "voucher", sourceId: voucher.id, metadata: { code: voucher.code, redemptionId: redemption.id, reason: `Voucher ${voucher.code}` } };
  if (bonus > 0) await credit(userId, bonus, "EARN_BONUS", details, tx);

  let trialView: Redemption["trial"] = null;
  let tokensGranted = bonus;
  if (trial) {
    const endsAt = new Date(now.getTime() + voucher.value * DAY_MS);
    await startTrial(tx, userId, trial, redemption.id, now, endsAt);
    // A trial never moves an account down: on an equal or higher tier it only records the trial.
    const raises = TIER_CAPACITY[trial.tier].capacity > TIER_CAPACITY[before.tier].capacity;
    const upgrade = raises ? await changeTier(userId, trial.tier, details, tx) : null;
    tokensGranted = upgrade ? upgrade.balanceAfter - before.balance : 0;
    await tx.voucherRedemption.update({ where: { id: redemption.id }, data: { tokensGranted } });
    trialView = { planName: trial.name, endsAt };
  }
  const after = await readBalance(userId, tx);
  return { code: voucher.code, description: describeVoucher(voucher), tokensGranted, balance: after.balance, trial: trialView };
}

/**
 * Takes one use if the voucher is still ACTIVE with uses left; sets DEPLETED on the last one. The
 * row lock of the UPDATE serialises concurrent redemptions, and each re-checks the condition
 * against the committed row, so exactly maxUses succeed however many arrive at once.
 */
async function takeUse(tx: Tx, voucherId: string, now: Date) {
  const taken = await tx.$queryRaw<Array<{ currentUses: number; status: string }>>`
    UPDATE vouchers
       SET "currentUses" = "currentUses" + 1,
           status = CASE WHEN "maxUses" IS NOT NULL AND "currentUses" + 1 >= "maxUses" THEN 'DEPLETED'::"VoucherStatus" ELSE status END,
           "updatedAt" = ${now}
     WHERE id = ${voucherId}
       AND status = 'ACTIVE'::"VoucherStatus"
       AND ("maxUses" IS NULL OR "currentUses" < "maxUses")
       AND ("expiresAt" IS NULL OR "expiresAt" > ${now})
 RETURNING "currentUses", status::text AS status`;
  if (taken.length > 0) return;
  // Someone took the last use (or an admin changed the voucher) since we looked: say which.
  const fresh = await tx.voucher.findUniqueOrThrow({ where: { id: voucherId }, select: { status: true, expiresAt: true, currentUses: true, maxUses: true } });
  throw new VoucherError(voucherProblem(fresh, { now, alreadyRedeemed: false }) ?? "depleted");
}

type TrialPlan = { id: string; name: string; tier: (typeof PLAN_TIER)[string]; stripePriceId: string; tokensPerMonth: number; maxRollover: number };

/** The plan a trial voucher gives, refusing accounts that already pay for a subscription. */
async function trialPlan(tx: Tx, userId: string, voucher: Voucher): Promise<TrialPlan> {
  const planId = trialPlanId(voucher.metadata);
  const plan = planId
    ? await tx.subscriptionPlan.findUnique({ where: { id: planId }, select: { id: true, stripePriceId: true, tokensPerMonth: true, maxRollover: true } })
    : null;
  const tier = planId ? PLAN_TIER[planId] : undefined;
  if (!plan || !planId || !tier) {
    throw new VoucherError("planUnavailable", "This trial voucher is for a plan we no longer offer. Contact support and we'll sort it out.");
  }
  const existing = await tx.subscription.findUnique({ where: { userId }, select: { status: true, stripeSubscriptionId: true } });
  const paying = existing && existing.status !== "CANCELED" && !isVoucherTrial(existing.stripeSubscriptionId);
  if (paying) {
    throw new VoucherError("hasSubscription", "You already have a subscription, so a trial can't be added. Trial vouchers are for accounts without one.");
  }
  return { ...plan, name: planName(planId), tier };
}

/**
 * Creates or replaces the user's subscription with a TRIALING one on the plan. Nothing bills it, so
 * it ends at the period end and falls back to FREE.
 */
async function startTrial(tx: Tx, userId: string, plan: TrialPlan, redemptionId: string, now: Date, endsAt: Date) {
  const data = {
    stripeSubscriptionId: `${TRIAL_PREFIX}${redemptionId}`,
    stripePriceId: plan.stripePriceId,
    status: "TRIALING" as const,
    tier: plan.tier,
    currentPeriodStart: now,
    currentPeriodEnd: endsAt,
    cancelAtPeriodEnd: true,
    downgradeTo: "FREE" as const,
    tokensPerMonth: plan.tokensPerMonth,
    rolloverTokens: 0,
    maxRollover: plan.maxRollover,
  };
  await tx.subscription.upsert({ where: { userId }, create: { userId, ...data }, update: data });
}

/** The user's own redemptions, newest first, for the vouchers page. */
export async function listRedemptions(userId: string) {
  const rows = await prisma.voucherRedemption.findMany({
    where: { userId },
    orderBy: { redeemedAt: "desc" },
    take: 50,
    select: { id: true, tokensGranted: true, redeemedAt: true, voucher: { select: { code: true, type: true, value: true, metadata: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    code: row.voucher.code,
    description: describeVoucher(row.voucher),
    tokensGranted: row.tokensGranted,
    redeemedAt: row.redeemedAt,
  }));
}
