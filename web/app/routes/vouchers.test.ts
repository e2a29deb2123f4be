import { describe, expect, it } from "vitest";
import { VOUCHER_MESSAGES } from "@spike-land/shared/tokens/vouchers";
import { prisma, type Prisma } from "../.server/platform/db.server.ts";
import { action, loader } from "./vouchers.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

let codeCounter = 0;
function uniqueCode(prefix = "TEST"): string {
  codeCounter += 1;
  return `${prefix}${codeCounter}X${Math.floor(Math.random() * 1e6)}`;
}

async function makeVoucher(data: Partial<Prisma.VoucherUncheckedCreateInput> = {}) {
  return prisma.voucher.create({ data: { code: uniqueCode(), type: "FIXED_TOKENS", value: 50, ...data } });
}

async function signedInUser() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

function redeem(cookie: string, code: string) {
  return run(() => action(routeArgs(formRequest("/vouchers", { code }, { cookie }))));
}

async function balanceOf(userId: string) {
  return (await prisma.userTokenBalance.findUniqueOrThrow({ where: { userId } })).balance;
}

describe("the vouchers page", () => {
  it("needs a signed-in browser", async () => {
    const page = await run(() => loader(routeArgs(getRequest("/vouchers"))));
    expect(page.location).toBe("/login?redirectTo=%2Fvouchers");
    const post = await run(() => action(routeArgs(formRequest("/vouchers", { code: "WELCOME50" }))));
    expect(post.location).toBe("/login?redirectTo=%2Fvouchers");
  });

  it("lists the vouchers this account has redeemed, newest first", async () => {
    const { user, cookie } = await signedInUser();
    const first = await makeVoucher({ value: 25 });
    const second = await makeVoucher({ type: "PERCENTAGE_BONUS", value: 10 });
    await redeem(cookie, first.code);
    await redeem(cookie, second.code);
    const page = await run(() => loader(routeArgs(getRequest("/vouchers", { cookie }))));
    expect(page.body.redemptions.map((row: { code: string; description: string; tokensGranted: number }) => [row.code, row.description, row.tokensGranted])).toEqual([
      [second.code, "a bonus of 10% of your balance", 3],
      [first.code, "25 tokens", 25],
    ]);
    expect(await balanceOf(user.id)).toBe(38);
  });
});

describe("redeeming a fixed-token voucher", () => {
  it("adds the tokens, counts the use and records the redemption and the ledger entry", async () => {
    const { user, cookie } = await signedInUser();
    const voucher = await makeVoucher({ value: 50, maxUses: 3 });
    const result = await redeem(cookie, `  ${voucher.code.toLowerCase()} `);
    expect(result.status).toBe(200);
    expect(result.message).toBe(`Voucher ${voucher.code} redeemed: 50 tokens added. Your balance is now 60 tokens.`);
    expect(await balanceOf(user.id)).toBe(60);

    const stored = await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } });
    expect(stored).toMatchObject({ currentUses: 1, status: "ACTIVE" });
    const redemption = await prisma.voucherRedemption.findFirstOrThrow({ where: { voucherId: voucher.id, userId: user.id } });
    expect(redemption.tokensGranted).toBe(50);
    const entry = await prisma.tokenTransaction.findFirstOrThrow({ where: { userId: user.id, source: "voucher" } });
    expect(entry).toMatchObject({ type: "EARN_BONUS", amount: 50, sourceId: voucher.id, balanceAfter: 60 });
  });

  it("works for the seeded WELCOME50 code", async () => {
    await prisma.voucher.upsert({ where: { code: "WELCOME50" }, update: {}, create: { code: "WELCOME50", type: "FIXED_TOKENS", value: 50, maxUses: null } });
    const { user, cookie } = await signedInUser();
    const result = await redeem(cookie, "welcome50");
    expect(result.message).toContain("50 tokens added");
    expect(await balanceOf(user.id)).toBe(60);
  });

  it("marks the voucher DEPLETED when its last use is taken", async () => {
    const voucher = await makeVoucher({ maxUses: 1 });
    const { cookie } = await signedInUser();
    await redeem(cookie, voucher.code);
    expect(await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toMatchObject({ currentUses: 1, status: "DEPLETED" });
  });
});

describe("a refused redemption", () => {
  async function refusal(cookie: string, code: string) {
    const result = await redeem(cookie, code);
    return { status: result.status, message: result.message };
  }

  it("explains an empty code next to the field and does not count as an attempt", async () => {
    const { cookie } = await signedInUser();
    const result = await redeem(cookie, "   ");
    expect(result.status).toBe(400);
    expect(result.fieldErrors.code).toEqual(["Enter a voucher code"]);
  });

  it("says when the code is unknown", async () => {
    const { cookie } = await signedInUser();
    expect(await refusal(cookie, "NO-SUCH-CODE")).toEqual({ status: 404, message: VOUCHER_MESSAGES.unknown });
  });

  it("checks status, then expiry, then uses, each with its own message, and grants nothing", async () => {
    const { user, cookie } = await signedInUser();
    const past = new Date(Date.now() - 60_000);
    const inactive = await makeVoucher({ status: "INACTIVE", expiresAt: past, maxUses: 1, currentUses: 1 });
    const expired = await makeVoucher({ expiresAt: past, maxUses: 1, currentUses: 1 });
    const usedUp = await makeVoucher({ maxUses: 1, currentUses: 1 });
    const stampedDepleted = await makeVoucher({ status: "DEPLETED" });
    expect(await refusal(cookie, inactive.code)).toEqual({ status: 410, message: "This voucher is no longer active." });
    expect(await refusal(cookie, expired.code)).toEqual({ status: 410, message: "This voucher has expired." });
    expect(await refusal(cookie, usedUp.code)).toEqual({ status: 410, message: VOUCHER_MESSAGES.depleted });
    expect(await refusal(cookie, stampedDepleted.code)).toEqual({ status: 410, message: VOUCHER_MESSAGES.depleted });
    expect(await balanceOf(user.id)).toBe(10);
    expect(await prisma.voucherRedemption.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a second redemption by the same account without taking a use", async () => {
    const { user, cookie } = await signedInUser();
    const voucher = await makeVoucher({ maxUses: 10 });
    await redeem(cookie, voucher.code);
    expect(await refusal(cookie, voucher.code)).toEqual({
      status: 409,
      message: "You have already redeemed this voucher. Each voucher can be used once per account.",
    });
    expect(await balanceOf(user.id)).toBe(60);
    expect((await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).currentUses).toBe(1);
  });

  it("lets only one of two simultaneous redemptions by the same account through", async () => {
    const { user, cookie } = await signedInUser();
    const voucher = await makeVoucher();
    const results = await Promise.all([redeem(cookie, voucher.code), redeem(cookie, voucher.code), redeem(cookie, voucher.code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await balanceOf(user.id)).toBe(60);
    expect((await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).currentUses).toBe(1);
  });
});

describe("redemption attempts", () => {
  it("are limited to 5 an hour per account, answered with 429, Retry-After and the wait", async () => {
    const { cookie } = await signedInUser();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await redeem(cookie, `WRONG-${attempt}`)).status).toBe(404);
    }
    const voucher = await makeVoucher();
    const limited = await redeem(cookie, voucher.code);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(3500);
    expect(limited.message).toMatch(/^You can try 5 codes every hour\. Too many attempts\. Try again in (59|60) minutes\.$/);
    expect((await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).currentUses).toBe(0);

    // Another account is not affected.
    const other = await signedInUser();
    expect((await redeem(other.cookie, voucher.code)).status).toBe(200);
  });
});

describe("a voucher with limited uses, redeemed by many people at once", () => {
  it("gives exactly maxUses redemptions and ends DEPLETED", async () => {
    const voucher = await makeVoucher({ value: 7, maxUses: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, () => signedInUser()));
    const results = await Promise.all(people.map(({ cookie }) => redeem(cookie, voucher.code)));

    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 410)).toHaveLength(15);
    for (const result of results.filter((r) => r.status === 410)) expect(result.message).toBe(VOUCHER_MESSAGES.depleted);

    expect(await prisma.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toMatchObject({ currentUses: 5, status: "DEPLETED" });
    expect(await prisma.voucherRedemption.count({ where: { voucherId: voucher.id } })).toBe(5);
    expect(await prisma.tokenTransaction.count({ where: { source: "voucher", sourceId: voucher.id } })).toBe(5);
    const balances = await prisma.userTokenBalance.findMany({ where: { userId: { in: people.map((p) => p.user.id) } } });
    expect(balances.filter((b) => b.balance === 17)).toHaveLength(5);
    expect(balances.filter((b) => b.balance === 10)).toHaveLength(15);
  });
});
