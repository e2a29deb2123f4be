/**
 * The ledger: the one place a token balance changes. Every change locks the balance row, applies
 * lazy regeneration first, and writes a token_transactions row with `balanceAfter` in the same
 * database transaction, so a balance never goes negative and no token is counted twice.
 */
import { nextTokenAt, regenerate } from "@spike-land/shared/tokens/regeneration";
import { TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import { prisma, type Prisma, type TokenTransactionType } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export type Tx = Prisma.TransactionClient;
type SpendType = Extract<TokenTransactionType, `SPEND_${string}`>;
type CreditType = Exclude<TokenTransactionType, SpendType | "EARN_REGENERATION">;

export type EntryDetails = { source?: string; sourceId?: string; metadata?: Prisma.InputJsonValue };

export class InsufficientTokensError extends DomainError {
  constructor(readonly balance: number, readonly needed: number) {
    super(402, `This needs ${needed} token${needed === 1 ? "" : "s"} and you have ${balance}. Buy a token pack or wait for free tokens to regenerate.`);
  }
}

export class NoBalanceError extends Error {
  constructor(userId: string) {
    super(`User ${userId} has no token balance`);
  }
}

type Locked = { balance: number; lastRegeneration: Date; tier: SubscriptionTier };

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/** Runs `work` with the user's balance row locked and regenerated; joins the caller's transaction if given. */
async function withLockedBalance<T>(userId: string, work: (tx: Tx, state: Locked) => Promise<T>, outer?: Tx): Promise<T> {
  const run = async (tx: Tx) => {
    const rows = await tx.$queryRaw<Locked[]>`
      SELECT balance, "lastRegeneration", tier FROM user_token_balances WHERE "userId" = ${userId} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new NoBalanceError(userId);
    const now = new Date();
    const regenerated = regenerate(row, TIER_CAPACITY[row.tier].capacity, now);
    if (regenerated.earned > 0 || regenerated.lastRegeneration.getTime() !== row.lastRegeneration.getTime()) {
      await tx.userTokenBalance.update({
        where: { userId },
        data: { balance: regenerated.balance, lastRegeneration: regenerated.lastRegeneration },
      });
    }
    if (regenerated.earned > 0) {
      await tx.tokenTransaction.create({
        data: { userId, amount: regenerated.earned, type: "EARN_REGENERATION", source: "regeneration", balanceAfter: regenerated.balance },
      });
    }
    return work(tx, { balance: regenerated.balance, lastRegeneration: regenerated.lastRegeneration, tier: row.tier });
  };
  return outer ? run(outer) : prisma.$transaction(run, TRANSACTION_OPTIONS);
}

async function write(tx: Tx, userId: string, amount: number, type: TokenTransactionType, balanceAfter: number, details: EntryDetails) {
  await tx.userTokenBalance.update({ where: { userId }, data: { balance: balanceAfter } });
  return tx.tokenTransaction.create({
    data: { userId, amount, type, balanceAfter, source: details.source ?? null, sourceId: details.sourceId ?? null, metadata: details.metadata },
    select: { id: true, balanceAfter: true },
  });
}

export type BalanceView = { balance: number; tier: SubscriptionTier; capacity: number; nextTokenAt: Date | null };

/** The current balance, with regeneration applied (and recorded). */
export function readBalance(userId: string, outer?: Tx): Promise<BalanceView> {
  return withLockedBalance(
    userId,
    async (_tx, state) => {
      const capacity = TIER_CAPACITY[state.tier].capacity;
      return { balance: state.balance, tier: state.tier, capacity, nextTokenAt: nextTokenAt(state, capacity) };
    },
    outer,
  );
}

/**
 * The balance as it stands now, regeneration included, without locking or writing: for showing in
 * the header on every page. The regeneration is recorded by the next readBalance or change.
 */
export async function peekBalance(userId: string): Promise<BalanceView | null> {
  const row = await prisma.userTokenBalance.findUnique({ where: { userId }, select: { balance: true, lastRegeneration: true, tier: true } });
  if (!row) return null;
  const capacity = TIER_CAPACITY[row.tier].capacity;
  const state = regenerate(row, capacity, new Date());
  return { balance: state.balance, tier: row.tier, capacity, nextTokenAt: nextTokenAt(state, capacity) };
}

/** Takes tokens for work about to start; throws InsufficientTokensError and changes nothing when short. */
export function spend(userId: string, amount: number, type: SpendType, details: EntryDetails = {}, outer?: Tx) {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError("A spend is a whole, non-negative number of tokens");
  return withLockedBalance(
    userId,
    async (tx, state) => {
      if (state.balance < amount) throw new InsufficientTokensError(state.balance, amount);
      return write(tx, userId, -amount, type, state.balance - amount, details);
    },
    outer,
  );
}

/**
 * Adds tokens (purchases, bonuses, refunds, admin adjustments). With `once`, a credit with the same
 * type, source and sourceId that already exists makes this a no-op, so a retried grant is not doubled.
 */
export function credit(userId: string, amount: number, type: CreditType, details: EntryDetails & { once?: boolean } = {}, outer?: Tx) {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError("A credit is a whole, non-negative number of tokens");
  return withLockedBalance(
    userId,
    async (tx, state) => {
      if (details.once && details.source && details.sourceId) {
        const existing = await tx.tokenTransaction.findFirst({
          where: { userId, type, source: details.source, sourceId: details.sourceId },
          select: { id: true, balanceAfter: true },
        });
        if (existing) return { ...existing, duplicate: true as const };
      }
      const entry = await write(tx, userId, amount, type, state.balance + amount, details);
      return { ...entry, duplicate: false as const };
    },
    outer,
  );
}

/**
 * An admin's correction, up or down, never below zero. Recorded as EARN_ADMIN_ADJUSTMENT with the
 * signed amount and the reason.
 */
export function adjust(userId: string, delta: number, details: EntryDetails, outer?: Tx) {
  if (!Number.isInteger(delta) || delta === 0) throw new RangeError("An adjustment is a whole, non-zero number of tokens");
  return withLockedBalance(
    userId,
    async (tx, state) => {
      if (state.balance + delta < 0) throw new InsufficientTokensError(state.balance, -delta);
      return write(tx, userId, delta, "EARN_ADMIN_ADJUSTMENT", state.balance + delta, details);
    },
    outer,
  );
}

/**
 * Moves the balance to a tier. An upgrade raises the balance to at least the new capacity at once
 * (recorded as a purchase); a downgrade only lowers the regeneration ceiling, never the balance.
 */
export function changeTier(userId: string, tier: SubscriptionTier, details: EntryDetails = {}, outer?: Tx) {
  return withLockedBalance(
    userId,
    async (tx, state) => {
      await tx.userTokenBalance.update({ where: { userId }, data: { tier } });
      const capacity = TIER_CAPACITY[tier].capacity;
      if (capacity > TIER_CAPACITY[state.tier].capacity && state.balance < capacity) {
        return write(tx, userId, capacity - state.balance, "EARN_PURCHASE", capacity, { source: "tier_upgrade", ...details });
      }
      return null;
    },
    outer,
  );
}

/** Overwrites the balance with a computed value (subscription renewals with rollover). */
export function settle(userId: string, compute: (balance: number) => number, type: CreditType, details: EntryDetails, outer?: Tx) {
  return withLockedBalance(
    userId,
    async (tx, state) => {
      const next = compute(state.balance);
      if (!Number.isInteger(next) || next < 0) throw new RangeError("A settled balance is a whole, non-negative number");
      return write(tx, userId, next - state.balance, type, next, details);
    },
    outer,
  );
}

export const HISTORY_PAGE_SIZE = 20;

export async function history(userId: string, page: number) {
  const [total, entries] = await prisma.$transaction([
    prisma.tokenTransaction.count({ where: { userId } }),
    prisma.tokenTransaction.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, HISTORY_PAGE_SIZE),
      select: { id: true, amount: true, type: true, source: true, sourceId: true, balanceAfter: true, metadata: true, createdAt: true },
    }),
  ]);
  return { total, entries, pages: pageCount(total, HISTORY_PAGE_SIZE) };
}
