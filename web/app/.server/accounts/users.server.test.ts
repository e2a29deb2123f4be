import { describe, expect, it } from "vitest";
import { isReferralCode } from "@spike-land/shared/accounts/referral-code";
import { prisma } from "../platform/db.server.ts";
import { createUser, deleteUser, EmailTakenError } from "./users.server.ts";

describe("creating an account", () => {
  it("starts with the FREE capacity recorded in the ledger and a referral code", async () => {
    const user = await createUser({ email: "new@example.com", name: "New", password: "a-long-password" });
    const balance = await prisma.userTokenBalance.findUniqueOrThrow({ where: { userId: user.id } });
    const ledger = await prisma.tokenTransaction.findMany({ where: { userId: user.id } });
    expect(balance).toMatchObject({ balance: 10, tier: "FREE" });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ amount: 10, balanceAfter: 10, type: "EARN_BONUS" });
    expect(isReferralCode(user.referralCode ?? "")).toBe(true);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a second account with the same email and leaves nothing half-written", async () => {
    await createUser({ email: "twice@example.com", name: "One", password: "a-long-password" });
    await expect(createUser({ email: "twice@example.com", name: "Two", password: "a-long-password" })).rejects.toBeInstanceOf(EmailTakenError);
    expect(await prisma.user.count({ where: { email: "twice@example.com" } })).toBe(1);
  });

  it("deletes everything that belongs to an account with it", async () => {
    const user = await createUser({ email: "gone@example.com", name: "Gone", password: "a-long-password" });
    await prisma.session.create({ data: { userId: user.id, sessionToken: "digest", expires: new Date(Date.now() + 60_000) } });
    await deleteUser(user.id);
    expect(await prisma.userTokenBalance.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
