import { describe, expect, it } from "vitest";
import { regenerate } from "@spike-land/shared/tokens/regeneration";
import { REGENERATION_INTERVAL_MS, SUBSCRIPTION_TIERS, TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { createUser } from "../accounts/users.server.ts";
import { adjust, changeTier, credit, history, InsufficientTokensError, NoBalanceError, readBalance, settle, spend } from "./ledger.server.ts";
import { applyChange, poolRunner, readState, transactionRunner, type Runner } from "./ledger-sql.server.ts";
import { seededRandom } from "@spike-land/shared/random";

let counter = 0;
async function newUser() {
  counter += 1;
  return createUser({ email: `ledger-${counter}-${Date.now()}@example.com`, name: "Ledger", password: "a-long-password" });
}

async function ledgerSum(userId: string) {
  const rows = await prisma.tokenTransaction.findMany({ where: { userId }, select: { amount: true } });
  return rows.reduce((sum, row) => sum + row.amount, 0);
}

describe("the token ledger", () => {
  it("spends and records the balance after each change", async () => {
    const user = await newUser();
    const entry = await spend(user.id, 2, "SPEND_ENHANCEMENT", { source: "job", sourceId: "job-1" });
    expect(entry.balanceAfter).toBe(8);
    const balance = await readBalance(user.id);
    expect(balance).toMatchObject({ balance: 8, tier: "FREE", capacity: 10 });
    const latest = await prisma.tokenTransaction.findFirstOrThrow({ where: { userId: user.id, type: "SPEND_ENHANCEMENT" } });
    expect(latest).toMatchObject({ amount: -2, balanceAfter: 8, source: "job", sourceId: "job-1" });
  });

  it("refuses to go below zero and changes nothing", async () => {
    const user = await newUser();
    await expect(spend(user.id, 11, "SPEND_ENHANCEMENT")).rejects.toBeInstanceOf(InsufficientTokensError);
    await expect(spend(user.id, 11, "SPEND_ENHANCEMENT")).rejects.toThrow("This needs 11 tokens and you have 10.");
    expect((await readBalance(user.id)).balance).toBe(10);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(1);
  });

  it("never overspends or double-counts under many parallel spends on one balance", async () => {
    const user = await newUser();
    await credit(user.id, 40, "EARN_BONUS", { source: "test" });
    const attempts = await Promise.allSettled(Array.from({ length: 80 }, (_, i) => spend(user.id, 1, "SPEND_ENHANCEMENT", { sourceId: `p${i}` })));
    const succeeded = attempts.filter((a) => a.status === "fulfilled");
    const refused = attempts.filter((a) => a.status === "rejected");
    expect(succeeded).toHaveLength(50);
    expect(refused.every((a) => a.status === "rejected" && a.reason instanceof InsufficientTokensError)).toBe(true);
    expect((await readBalance(user.id)).balance).toBe(0);
    expect(await ledgerSum(user.id)).toBe(0);
    const afters = (await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_ENHANCEMENT" }, select: { balanceAfter: true } })).map((r) => r.balanceAfter);
    expect(new Set(afters).size).toBe(50);
    expect(Math.min(...afters)).toBe(0);
  }, 60_000);

  it("regenerates lazily when read, one token per 15 minutes up to capacity, as a ledger entry", async () => {
    const user = await newUser();
    await spend(user.id, 10, "SPEND_ENHANCEMENT");
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { lastRegeneration: new Date(Date.now() - 3 * REGENERATION_INTERVAL_MS - 1000) } });
    const view = await readBalance(user.id);
    expect(view.balance).toBe(3);
    expect(view.nextTokenAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await prisma.tokenTransaction.findFirst({ where: { userId: user.id, type: "EARN_REGENERATION" } })).toMatchObject({ amount: 3, balanceAfter: 3 });
    // Reading again right away earns nothing more.
    expect((await readBalance(user.id)).balance).toBe(3);
    expect(await ledgerSum(user.id)).toBe(3);
  });

  it("credits once per source when asked, so a retried grant is not doubled", async () => {
    const user = await newUser();
    const first = await credit(user.id, 50, "EARN_PURCHASE", { source: "stripe_checkout", sourceId: "cs_1", once: true });
    const again = await credit(user.id, 50, "EARN_PURCHASE", { source: "stripe_checkout", sourceId: "cs_1", once: true });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect((await readBalance(user.id)).balance).toBe(60);
  });

  it("raises the balance to the new capacity on upgrade and keeps it on downgrade", async () => {
    const user = await newUser();
    await spend(user.id, 4, "SPEND_ENHANCEMENT");
    await changeTier(user.id, "STANDARD");
    expect(await readBalance(user.id)).toMatchObject({ balance: 50, tier: "STANDARD", capacity: 50 });
    await changeTier(user.id, "BASIC");
    expect(await readBalance(user.id)).toMatchObject({ balance: 50, tier: "BASIC", capacity: 20 });
    expect(await ledgerSum(user.id)).toBe(50);
  });

  it("adjusts up and down but never below zero, and settles to a computed balance", async () => {
    const user = await newUser();
    await adjust(user.id, -4, { metadata: { reason: "duplicate grant" } });
    await expect(adjust(user.id, -7, { metadata: { reason: "too much" } })).rejects.toBeInstanceOf(InsufficientTokensError);
    await settle(user.id, (balance) => Math.min(balance, 30) + 30, "EARN_PURCHASE", { source: "renewal" });
    expect((await readBalance(user.id)).balance).toBe(36);
    expect(await ledgerSum(user.id)).toBe(36);
  });

  it("pages through the history newest first", async () => {
    const user = await newUser();
    for (let i = 0; i < 25; i++) await spend(user.id, 0, "SPEND_ENHANCEMENT", { sourceId: String(i) });
    const first = await history(user.id, 1);
    expect(first).toMatchObject({ total: 26, pages: 2 });
    expect(first.entries).toHaveLength(20);
    expect((await history(user.id, 2)).entries.at(-1)?.type).toBe("EARN_BONUS");
  });
});

/** A small seeded generator, so a failing case can be replayed. */
function generator(seed: number) {
  const next = seededRandom(seed);
  return { int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

type Case = { balance: number; tier: SubscriptionTier; lastRegeneration: Date; now: Date };

/** Balances around every capacity and clocks around every interval boundary, including a clock behind the row. */
function cases(seed: number, count: number): Case[] {
  const random = generator(seed);
  const I = REGENERATION_INTERVAL_MS;
  return Array.from({ length: count }, () => {
    const tier = random.pick(SUBSCRIPTION_TIERS);
    const capacity = TIER_CAPACITY[tier].capacity;
    const balance = random.pick([0, 1, capacity - 1, capacity, capacity + 1, random.int(0, capacity * 2 + 5)]);
    const intervals = random.pick([0, 1, 2, capacity - balance, capacity - balance + 1, random.int(0, 150)]);
    const jitter = random.pick([0, -1, 1, I - 1, -(I - 1), random.int(-I, I)]);
    const elapsed = Math.max(-3 * I, intervals * I + jitter);
    const now = new Date(Date.UTC(2026, 0, 15, 12) + random.int(0, 30 * 86_400_000));
    return { balance, tier, lastRegeneration: new Date(now.getTime() - elapsed), now };
  });
}

async function setRow(userId: string, c: Case) {
  await prisma.userTokenBalance.update({ where: { userId }, data: { balance: c.balance, tier: c.tier, lastRegeneration: c.lastRegeneration } });
}

async function rowOf(userId: string) {
  return prisma.userTokenBalance.findUniqueOrThrow({ where: { userId }, select: { balance: true, tier: true, lastRegeneration: true } });
}

async function entriesSince(userId: string, after: Date) {
  return prisma.tokenTransaction.findMany({ where: { userId, createdAt: { gt: after } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { amount: true, type: true, balanceAfter: true, source: true, createdAt: true } });
}

describe("the ledger's SQL against the regeneration rule", () => {
  const runners: Array<[string, (work: (run: Runner) => Promise<void>) => Promise<void>]> = [
    ["the pool's prepared statements", (work) => work(poolRunner)],
    ["a caller's transaction", (work) => prisma.$transaction((tx) => work(transactionRunner(tx)))],
  ];

  for (const [label, within] of runners) {
    it(`regenerates exactly as regenerate() does, and records it the same way, through ${label}`, async () => {
      const user = await newUser();
      for (const [index, c] of cases(label.length * 7919, 150).entries()) {
        await setRow(user.id, c);
        const epoch = new Date(0);
        await prisma.tokenTransaction.deleteMany({ where: { userId: user.id, type: "EARN_REGENERATION" } });
        const expected = regenerate(c, TIER_CAPACITY[c.tier].capacity, c.now);
        let state: Awaited<ReturnType<typeof readState>>;
        await within(async (run) => {
          state = await readState(run, user.id, c.now);
        });
        const where = `case ${index}: ${JSON.stringify(c)}`;
        expect(state!, where).toMatchObject({ balance: expected.balance, tier: c.tier, capacity: TIER_CAPACITY[c.tier].capacity, regeneratedAtMs: expected.lastRegeneration.getTime() });
        expect(await rowOf(user.id), where).toEqual({ balance: expected.balance, tier: c.tier, lastRegeneration: expected.lastRegeneration });
        const recorded = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "EARN_REGENERATION", createdAt: { gt: epoch } }, select: { amount: true, balanceAfter: true, source: true, createdAt: true } });
        expect(recorded, where).toEqual(expected.earned > 0 ? [{ amount: expected.earned, balanceAfter: expected.balance, source: "regeneration", createdAt: c.now }] : []);
      }
    }, 120_000);
  }

  it("spends only what the regenerated balance affords, and changes nothing otherwise", async () => {
    const user = await newUser();
    const random = generator(42);
    for (const [index, c] of cases(7, 200).entries()) {
      await setRow(user.id, c);
      const before = await rowOf(user.id);
      const capacity = TIER_CAPACITY[c.tier].capacity;
      const expected = regenerate(c, capacity, c.now);
      const amount = random.pick([0, 1, expected.balance, expected.balance + 1, random.int(0, capacity + 3)]);
      const cutoff = new Date(c.now.getTime() - 1);
      await prisma.tokenTransaction.deleteMany({ where: { userId: user.id, createdAt: { gt: cutoff } } });
      const row = await applyChange(poolRunner, { userId: user.id, now: c.now, delta: -amount, type: "SPEND_ENHANCEMENT", details: { source: "job", sourceId: `j${index}` } });
      const where = `case ${index}: ${JSON.stringify({ ...c, amount })}`;
      expect(row, where).toMatchObject({ ok: expected.balance >= amount, balance: expected.balance });
      const entries = await entriesSince(user.id, cutoff);
      if (expected.balance >= amount) {
        expect(row!.balanceAfter, where).toBe(expected.balance - amount);
        expect(await rowOf(user.id), where).toEqual({ balance: expected.balance - amount, tier: c.tier, lastRegeneration: expected.lastRegeneration });
        expect(entries, where).toEqual([
          ...(expected.earned > 0 ? [{ amount: expected.earned, type: "EARN_REGENERATION", balanceAfter: expected.balance, source: "regeneration", createdAt: c.now }] : []),
          { amount: -amount || 0, type: "SPEND_ENHANCEMENT", balanceAfter: expected.balance - amount, source: "job", createdAt: c.now },
        ]);
      } else {
        expect(row!.id, where).toBeNull();
        expect(await rowOf(user.id), where).toEqual(before);
        expect(entries, where).toEqual([]);
      }
    }
  }, 120_000);
});

describe("the ledger under concurrency and inside callers' transactions", () => {
  it("regenerates once when many spends arrive together after a long wait, and the books balance", async () => {
    const user = await newUser();
    await spend(user.id, 10, "SPEND_ENHANCEMENT");
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { lastRegeneration: new Date(Date.now() - 6 * REGENERATION_INTERVAL_MS - 5000) } });
    const attempts = await Promise.allSettled(Array.from({ length: 30 }, () => spend(user.id, 1, "SPEND_ENHANCEMENT")));
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(6);
    expect(attempts.every((a) => a.status === "fulfilled" || a.reason instanceof InsufficientTokensError)).toBe(true);
    expect(await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "EARN_REGENERATION" }, select: { amount: true, balanceAfter: true } })).toEqual([{ amount: 6, balanceAfter: 6 }]);
    expect((await readBalance(user.id)).balance).toBe(0);
    expect(await ledgerSum(user.id)).toBe(0);
  }, 60_000);

  it("never goes negative with spends, credits and adjustments racing on one balance", async () => {
    const user = await newUser();
    const work = Array.from({ length: 120 }, (_, i) => {
      if (i % 10 === 0) return credit(user.id, 3, "EARN_BONUS", { source: "race", sourceId: String(i) });
      if (i % 15 === 1) return adjust(user.id, -2, { metadata: { reason: "race" } });
      return spend(user.id, 1, "SPEND_ENHANCEMENT", { sourceId: String(i) });
    });
    const outcomes = await Promise.allSettled(work);
    expect(outcomes.every((o) => o.status === "fulfilled" || o.reason instanceof InsufficientTokensError)).toBe(true);
    const balance = (await readBalance(user.id)).balance;
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(await ledgerSum(user.id)).toBe(balance);
    const afters = await prisma.tokenTransaction.findMany({ where: { userId: user.id }, select: { balanceAfter: true } });
    expect(afters.every((row) => row.balanceAfter >= 0)).toBe(true);
  }, 60_000);

  it("credits once per source even when the repeats race, and even when one waits on a transaction holding the balance", async () => {
    const user = await newUser();
    const repeats = await Promise.all(Array.from({ length: 12 }, () => credit(user.id, 5, "EARN_PURCHASE", { source: "stripe_checkout", sourceId: "cs_race", once: true })));
    expect(repeats.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(repeats.map((r) => r.id)).size).toBe(1);

    // The second credit's statement starts while the first is written but not committed: when it
    // gets the row, its snapshot predates the first credit, which it must still see.
    let second: Promise<Awaited<ReturnType<typeof credit>>> | undefined;
    await prisma.$transaction(async (tx) => {
      await credit(user.id, 7, "EARN_PURCHASE", { source: "stripe_checkout", sourceId: "cs_held", once: true }, tx);
      second = credit(user.id, 7, "EARN_PURCHASE", { source: "stripe_checkout", sourceId: "cs_held", once: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect((await second!).duplicate).toBe(true);
    expect((await readBalance(user.id)).balance).toBe(10 + 5 + 7);
    expect(await ledgerSum(user.id)).toBe(22);
  }, 60_000);

  it("runs inside the caller's transaction: the caller's rollback takes the change with it", async () => {
    const user = await newUser();
    await expect(
      prisma.$transaction(async (tx) => {
        const entry = await spend(user.id, 4, "SPEND_ENHANCEMENT", { source: "job" }, tx);
        expect(entry.balanceAfter).toBe(6);
        expect((await readBalance(user.id, tx)).balance).toBe(6);
        await changeTier(user.id, "BASIC", {}, tx);
        await settle(user.id, (balance) => balance + 1, "EARN_PURCHASE", { source: "renewal" }, tx);
        throw new Error("the caller gives up");
      }),
    ).rejects.toThrow("the caller gives up");
    expect(await readBalance(user.id)).toMatchObject({ balance: 10, tier: "FREE" });
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(1);
  });

  it("keeps the caller's writes and the ledger's together when the caller commits", async () => {
    const user = await newUser();
    const result = await prisma.$transaction(async (tx) => {
      const raised = await changeTier(user.id, "STANDARD", { sourceId: "sub_1" }, tx);
      const renewal = await settle(user.id, (balance) => Math.min(balance, 20) + 50, "EARN_PURCHASE", { source: "renewal", sourceId: "in_1" }, tx);
      return { raised, renewal };
    });
    expect(result.raised).toMatchObject({ balanceAfter: 50 });
    expect(result.renewal.balanceAfter).toBe(70);
    const upgrade = await prisma.tokenTransaction.findUniqueOrThrow({ where: { id: result.raised!.id } });
    expect(upgrade).toMatchObject({ type: "EARN_PURCHASE", amount: 40, source: "tier_upgrade", sourceId: "sub_1" });
    expect(await readBalance(user.id)).toMatchObject({ balance: 70, tier: "STANDARD" });
    expect(await ledgerSum(user.id)).toBe(70);
  });

  it("settles after recording regeneration, and leaves the balance alone when compute throws", async () => {
    const user = await newUser();
    await spend(user.id, 10, "SPEND_ENHANCEMENT");
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { lastRegeneration: new Date(Date.now() - 2 * REGENERATION_INTERVAL_MS - 1000) } });
    let seen = -1;
    await expect(settle(user.id, () => -1, "EARN_PURCHASE", { source: "renewal" })).rejects.toBeInstanceOf(RangeError);
    const entry = await settle(user.id, (balance) => ((seen = balance), balance + 30), "EARN_PURCHASE", { source: "renewal" });
    expect(seen).toBe(2);
    expect(entry.balanceAfter).toBe(32);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, type: "EARN_REGENERATION" } })).toBe(1);
    expect(await ledgerSum(user.id)).toBe(32);
  });

  it("says when there is no balance, and keeps entry ids in order with the history", async () => {
    await expect(spend("no-such-user", 1, "SPEND_ENHANCEMENT")).rejects.toBeInstanceOf(NoBalanceError);
    await expect(readBalance("no-such-user")).rejects.toBeInstanceOf(NoBalanceError);
    await expect(credit("no-such-user", 1, "EARN_BONUS", { source: "x", sourceId: "y", once: true })).rejects.toBeInstanceOf(NoBalanceError);
    const user = await newUser();
    await spend(user.id, 10, "SPEND_ENHANCEMENT");
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { lastRegeneration: new Date(Date.now() - REGENERATION_INTERVAL_MS - 1000) } });
    const entry = await spend(user.id, 1, "SPEND_ENHANCEMENT", { sourceId: "after-regeneration" });
    const newest = (await history(user.id, 1)).entries.slice(0, 2);
    expect(newest.map((e) => [e.type, e.balanceAfter])).toEqual([["SPEND_ENHANCEMENT", 0], ["EARN_REGENERATION", 1]]);
    expect(newest[0]!.id).toBe(entry.id);
    expect(entry.id).toMatch(/^c[0-9a-z]{24}$/);
  });
});

