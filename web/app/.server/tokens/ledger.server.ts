/**
 * The ledger: the one place a token balance changes. Every change is one SQL statement that locks
 * the balance row, applies lazy regeneration first, and writes a token_transactions row with
 * `balanceAfter` (see ledger-sql.server.ts), so a balance never goes negative and no token is
 * counted twice. Given a caller's transaction, the change runs inside it.
 */
import { nextTokenAt, regenerate } from "@spike-land/shared/tokens/regeneration";
import { TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import { prisma, type TokenTransactionType } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { DomainError } from "@spike-land/shared/errors";
import { applyChange, applyCreditOnce, applyTier, inTransaction, poolRunner, readState, transactionRunner, type EntryDetails, type Runner, type Tx } from "./ledger-sql.server.ts";

export type { EntryDetails, Tx };
type SpendType = Extract<TokenTransactionType, `SPEND_${string}`>;
type CreditType = Exclude<TokenTransactionType, SpendType | "EARN_REGENERATION">;

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

/** The caller's transaction when given, else the pool's prepared statements. */
const runnerFor = (outer?: Tx): Runner => (outer ? transactionRunner(outer) : poolRunner);

/** A signed change that may not take the balance below zero; `refusal` is thrown (and nothing written) when it would. */
async function change(userId: string, delta: number, type: TokenTransactionType, details: EntryDetails, outer: Tx | undefined, refusal: (balance: number) => Error) {
  const row = await applyChange(runnerFor(outer), { userId, now: new Date(), delta, type, details });
  if (!row) throw new NoBalanceError(userId);
  if (!row.ok || row.id === null || row.balanceAfter === null) throw refusal(row.balance);
  return { id: row.id, balanceAfter: row.balanceAfter };
}

export type BalanceView = { balance: number; tier: SubscriptionTier; capacity: number; nextTokenAt: Date | null };

/** The current balance, with regeneration applied (and recorded). */
export async function readBalance(userId: string, outer?: Tx): Promise<BalanceView> {
  const row = await readState(runnerFor(outer), userId, new Date());
  if (!row) throw new NoBalanceError(userId);
  const capacity = TIER_CAPACITY[row.tier].capacity;
  return { balance: row.balance, tier: row.tier, capacity, nextTokenAt: nextTokenAt({ balance: row.balance, lastRegeneration: new Date(row.regeneratedAtMs) }, capacity) };
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
  return change(userId, -amount, type, details, outer, (balance) => new InsufficientTokensError(balance, amount));
}

type Credited = { id: string; balanceAfter: number; duplicate: true } | { id: string; balanceAfter: number; duplicate: false };

/**
 * Adds tokens (purchases, bonuses, refunds, admin adjustments). With `once`, a credit with the same
 * type, source and sourceId that already exists makes this a no-op, so a retried grant is not doubled.
 */
export function credit(userId: string, amount: number, type: CreditType, details: EntryDetails & { once?: boolean } = {}, outer?: Tx): Promise<Credited> {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError("A credit is a whole, non-negative number of tokens");
  const { once, source, sourceId, ...rest } = details;
  if (once && source && sourceId) return creditOnce(userId, amount, type, { ...rest, source, sourceId }, outer);
  return change(userId, amount, type, details, outer, () => new RangeError("A credit cannot lower a balance")).then((entry) => ({ ...entry, duplicate: false as const }));
}

async function creditOnce(userId: string, amount: number, type: CreditType, details: EntryDetails & { source: string; sourceId: string }, outer?: Tx): Promise<Credited> {
  const attempt = (run: Runner) => applyCreditOnce(run, { userId, now: new Date(), delta: amount, type, details });
  let row = await attempt(runnerFor(outer));
  if (row?.stale) {
    // Another change to this balance committed while the statement waited for the row lock, so its
    // search for an earlier credit may have missed one. Look again once the lock is held.
    row = await inTransaction(outer, async (run) => {
      const locked = await attempt(run);
      return locked?.stale ? attempt(run) : locked;
    });
  }
  if (!row) throw new NoBalanceError(userId);
  if (row.stale) throw new Error(`The balance of user ${userId} kept changing while it was locked`);
  return row.duplicate ? { id: row.id, balanceAfter: row.balanceAfter, duplicate: true } : { id: row.id, balanceAfter: row.balanceAfter, duplicate: false };
}

/**
 * An admin's correction, up or down, never below zero. Recorded as EARN_ADMIN_ADJUSTMENT with the
 * signed amount and the reason.
 */
export function adjust(userId: string, delta: number, details: EntryDetails, outer?: Tx) {
  if (!Number.isInteger(delta) || delta === 0) throw new RangeError("An adjustment is a whole, non-zero number of tokens");
  return change(userId, delta, "EARN_ADMIN_ADJUSTMENT", details, outer, (balance) => new InsufficientTokensError(balance, -delta));
}

/**
 * Moves the balance to a tier. An upgrade raises the balance to at least the new capacity at once
 * (recorded as a purchase); a downgrade only lowers the regeneration ceiling, never the balance.
 */
export async function changeTier(userId: string, tier: SubscriptionTier, details: EntryDetails = {}, outer?: Tx) {
  const row = await applyTier(runnerFor(outer), { userId, now: new Date(), tier, details: { source: "tier_upgrade", ...details } });
  if (!row) throw new NoBalanceError(userId);
  return row.id === null || row.balanceAfter === null ? null : { id: row.id, balanceAfter: row.balanceAfter };
}

/**
 * Overwrites the balance with a computed value (subscription renewals with rollover). `compute` runs
 * in this process, so this takes two statements in one transaction (the caller's, when given): the
 * first locks and regenerates, the second writes the change at the same instant, so no further
 * regeneration can slip in between.
 */
export function settle(userId: string, compute: (balance: number) => number, type: CreditType, details: EntryDetails, outer?: Tx) {
  return inTransaction(outer, async (run) => {
    const now = new Date();
    const state = await readState(run, userId, now);
    if (!state) throw new NoBalanceError(userId);
    const next = compute(state.balance);
    if (!Number.isInteger(next) || next < 0) throw new RangeError("A settled balance is a whole, non-negative number");
    const row = await applyChange(run, { userId, now, delta: next - state.balance, type, details });
    if (!row?.ok || row.id === null || row.balanceAfter === null) throw new Error(`The balance of user ${userId} changed while it was locked`);
    return { id: row.id, balanceAfter: row.balanceAfter };
  });
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
