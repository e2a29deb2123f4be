import { describe, expect, it } from "vitest";
import { REGENERATION_INTERVAL_MS } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { createUser } from "../accounts/users.server.ts";
import { adjust, changeTier, credit, history, InsufficientTokensError, readBalance, settle, spend } from "./ledger.server.ts";

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
