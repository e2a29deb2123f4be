/**
 * Voucher trials end by themselves: a TRIALING subscription that came from a voucher (no Stripe
 * subscription behind it) is closed when its period ends, and the account returns to the FREE tier.
 * The balance is kept; only the regeneration ceiling drops.
 */
import { prisma } from "../platform/db.server.ts";
import { changeTier } from "../tokens/ledger.server.ts";

export const TRIAL_PREFIX = "trial_";

/** A subscription row started by a voucher rather than by Stripe. */
export function isVoucherTrial(stripeSubscriptionId: string): boolean {
  return stripeSubscriptionId.startsWith(TRIAL_PREFIX);
}

export async function endExpiredTrials(now = new Date()): Promise<number> {
  const expired = await prisma.subscription.findMany({
    where: { status: "TRIALING", stripeSubscriptionId: { startsWith: TRIAL_PREFIX }, currentPeriodEnd: { lte: now } },
    select: { id: true, userId: true },
  });
  let ended = 0;
  for (const trial of expired) {
    await prisma.$transaction(async (tx) => {
      // Re-checked under the transaction, so a trial converted to a paid plan meanwhile is left alone.
      const { count } = await tx.subscription.updateMany({
        where: { id: trial.id, status: "TRIALING", stripeSubscriptionId: { startsWith: TRIAL_PREFIX } },
        data: { status: "CANCELED", downgradeTo: null },
      });
      if (count === 0) return;
      // A trial kept after its account was deleted has no tier left to change.
      if (trial.userId) await changeTier(trial.userId, "FREE", { source: "trial_end", sourceId: trial.id }, tx);
      ended += 1;
    });
  }
  return ended;
}
