/**
 * The referral lifecycle: recorded PENDING at sign-up, then settled when the referee confirms their
 * email: either INVALID (a fraud check failed, nothing granted) or COMPLETED with the reward paid
 * to both people, in the same transaction as the verification.
 */
import {
  FRAUD_REASON_LABEL,
  parseDomainList,
  REFERRAL_DAY_MS,
  REFERRAL_REWARD_TOKENS,
  referralFraudReason,
  SAME_IP_WINDOW_MS,
  maskEmail,
  type FraudReason,
} from "@spike-land/shared/accounts/referrals";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { credit, type Tx } from "../tokens/ledger.server.ts";

/** The user a referral code belongs to, or null. */
export function findReferrer(code: string) {
  return prisma.user.findUnique({ where: { referralCode: code }, select: { id: true, name: true } });
}

/**
 * Records that a new account came through `code`'s link: sets referredById and adds a PENDING
 * referral with the sign-up address. Returns null when the code names nobody (or the account itself).
 */
export async function recordReferral(refereeId: string, code: string, ipAddress: string) {
  return prisma.$transaction(async (tx) => {
    const referrer = await tx.user.findUnique({ where: { referralCode: code }, select: { id: true } });
    if (!referrer || referrer.id === refereeId) return null;
    const referee = await tx.user.updateMany({ where: { id: refereeId, referredById: null }, data: { referredById: referrer.id } });
    if (referee.count === 0) return null;
    return tx.referral.create({
      data: { referrerId: referrer.id, refereeId, status: "PENDING", ipAddress },
      select: { id: true, referrerId: true, status: true },
    });
  });
}

export type Settlement = { referralId: string; status: "COMPLETED" } | { referralId: string; status: "INVALID"; reason: FraudReason };

/**
 * Settles the referee's PENDING referral, inside the caller's transaction (the email verification).
 * Both users' rows are locked first, in id order, so two referees of one referrer verifying at once
 * are counted one after the other and nothing deadlocks.
 */
export async function settleReferral(tx: Tx, refereeId: string): Promise<Settlement | null> {
  const pending = await tx.referral.findFirst({
    where: { refereeId, status: "PENDING" },
    select: { id: true, referrerId: true, createdAt: true, ipAddress: true },
  });
  if (!pending) return null;
  const ids = [pending.referrerId, refereeId].sort();
  await tx.$queryRaw`SELECT id FROM users WHERE id IN (${ids[0]}, ${ids[1]}) ORDER BY id FOR UPDATE`;

  const referral = await tx.referral.findUnique({ where: { id: pending.id }, select: { status: true } });
  if (referral?.status !== "PENDING") return null;
  const referee = await tx.user.findUniqueOrThrow({ where: { id: refereeId }, select: { email: true, emailVerified: true } });
  const reason = referralFraudReason({
    refereeEmail: referee.email ?? "",
    refereeVerified: referee.emailVerified !== null,
    refereeIp: pending.ipAddress,
    referrerIps: await referrerAddresses(tx, pending),
    referralsInDay: await referralsInDay(tx, pending),
    extraDisposableDomains: parseDomainList(env.DISPOSABLE_EMAIL_DOMAINS),
  });

  if (reason) {
    await tx.referral.update({ where: { id: pending.id }, data: { status: "INVALID" } });
    // The referrals table has no reason column; the log keeps why.
    console.info(`referral ${pending.id} is INVALID: ${FRAUD_REASON_LABEL[reason]}`);
    return { referralId: pending.id, status: "INVALID", reason };
  }

  const referrer = await tx.user.findUniqueOrThrow({ where: { id: pending.referrerId }, select: { name: true } });
  const entry = { source: "referral", sourceId: pending.id, once: true };
  await credit(pending.referrerId, REFERRAL_REWARD_TOKENS, "EARN_BONUS", { ...entry, metadata: { reason: `Referral reward: ${maskEmail(referee.email)} joined through your link` } }, tx);
  await credit(refereeId, REFERRAL_REWARD_TOKENS, "EARN_BONUS", { ...entry, metadata: { reason: `Referral reward: you joined through ${referrer.name ?? "a friend"}'s link` } }, tx);
  await tx.referral.update({ where: { id: pending.id }, data: { status: "COMPLETED", completedAt: new Date(), tokensGranted: REFERRAL_REWARD_TOKENS } });
  await tx.user.update({ where: { id: pending.referrerId }, data: { referralCount: { increment: 1 } } });
  return { referralId: pending.id, status: "COMPLETED" };
}

type PendingReferral = { id: string; referrerId: string; createdAt: Date };

/**
 * The addresses that count as the referrer's for the same-IP check, each only when it was used
 * within 24 hours of this referral: (1) the referrer's own sign-up address and the address they were
 * last seen from (a sign-in, or opening their referral link page); (2) the sign-up address of every
 * other referral by the same referrer, since several sign-ups from one address through one link is
 * one person making accounts; and (3) the referrer's sign-up address on their own referral row,
 * when they were referred themselves.
 */
async function referrerAddresses(tx: Tx, referral: PendingReferral): Promise<string[]> {
  const window = {
    gte: new Date(referral.createdAt.getTime() - SAME_IP_WINDOW_MS),
    lte: new Date(referral.createdAt.getTime() + SAME_IP_WINDOW_MS),
  };
  const within = (at: Date | null) => at !== null && at >= window.gte && at <= window.lte;
  const referrer = await tx.user.findUniqueOrThrow({
    where: { id: referral.referrerId },
    select: { signUpIp: true, createdAt: true, lastSeenIp: true, lastSeenAt: true },
  });
  const own = [
    ...(referrer.signUpIp && within(referrer.createdAt) ? [referrer.signUpIp] : []),
    ...(referrer.lastSeenIp && within(referrer.lastSeenAt) ? [referrer.lastSeenIp] : []),
  ];
  const rows = await tx.referral.findMany({
    where: {
      id: { not: referral.id },
      ipAddress: { not: null },
      createdAt: window,
      OR: [{ referrerId: referral.referrerId }, { refereeId: referral.referrerId }],
    },
    select: { ipAddress: true },
  });
  return [...new Set([...own, ...rows.map((row) => row.ipAddress).filter((ip): ip is string => ip !== null)])];
}

/** The referrer's referrals in the 24 hours up to and including this one. */
function referralsInDay(tx: Tx, referral: PendingReferral): Promise<number> {
  return tx.referral.count({
    where: {
      referrerId: referral.referrerId,
      createdAt: { gt: new Date(referral.createdAt.getTime() - REFERRAL_DAY_MS), lte: referral.createdAt },
    },
  });
}
