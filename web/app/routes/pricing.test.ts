/** The pricing page reads the tables the charges use; /checkout/start turns a choice into a hosted checkout. */
import { beforeAll, describe, expect, it } from "vitest";
import { type ENHANCEMENT_COST, TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../.server/platform/db.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { loader as pricingLoader } from "./pricing.tsx";
import { action as startAction, loader as startLoader } from "./checkout.start.tsx";
import { loader as successLoader } from "./checkout.success.tsx";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";

beforeAll(async () => {
  await seed();
});

const start = (fields: Record<string, string>, cookie?: string) => run(() => startAction(routeArgs(formRequest("/checkout/start", fields, { cookie }))));

describe("the pricing page", () => {
  it("shows the packs and plans from the database and the tier and cost tables the charges use", async () => {
    const page = await run(() => pricingLoader(routeArgs(getRequest("/pricing"))));
    expect(page.body.signedIn).toBe(false);
    expect(page.body.mode).toBe("emulator");
    expect(page.body.packs).toEqual([
      { id: "pack_starter", name: "Starter", tokens: 10, price: "2.99", currency: "GBP" },
      { id: "pack_basic", name: "Basic", tokens: 50, price: "9.99", currency: "GBP" },
      { id: "pack_pro", name: "Pro", tokens: 150, price: "24.99", currency: "GBP" },
      { id: "pack_power", name: "Power", tokens: 500, price: "69.99", currency: "GBP" },
    ]);
    expect(page.body.plans.map((p: { id: string; tier: string; price: string; tokensPerMonth: number; maxRollover: number }) => [p.id, p.tier, p.price, p.tokensPerMonth, p.maxRollover])).toEqual([
      ["plan_hobby", "BASIC", "4.99", 30, 30],
      ["plan_creator", "STANDARD", "12.99", 100, 100],
      ["plan_studio", "PREMIUM", "29.99", 300, 0],
    ]);
    expect(page.body.tiers).toEqual([
      { tier: "FREE", capacity: TIER_CAPACITY.FREE.capacity, plan: null },
      { tier: "BASIC", capacity: 20, plan: "Hobby" },
      { tier: "STANDARD", capacity: 50, plan: "Creator" },
      { tier: "PREMIUM", capacity: 100, plan: "Studio" },
    ]);
    expect(page.body.enhancement.map((row: { tier: keyof typeof ENHANCEMENT_COST; cost: number }) => [row.tier, row.cost])).toEqual([
      ["FREE", 0],
      ["TIER_1K", 2],
      ["TIER_2K", 5],
      ["TIER_4K", 10],
    ]);
  });

  it("follows the database: a pack taken off sale disappears, a price change shows", async () => {
    await prisma.tokensPackage.update({ where: { id: "pack_power" }, data: { active: false } });
    await prisma.tokensPackage.update({ where: { id: "pack_pro" }, data: { priceGBP: "19.50" } });
    try {
      const page = await run(() => pricingLoader(routeArgs(getRequest("/pricing"))));
      expect(page.body.packs.map((p: { id: string }) => p.id)).toEqual(["pack_starter", "pack_basic", "pack_pro"]);
      expect(page.body.packs[2].price).toBe("19.50");
    } finally {
      await seed();
      await prisma.tokensPackage.update({ where: { id: "pack_power" }, data: { active: true } });
    }
  });

  it("marks the signed-in subscriber's plan", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const now = new Date();
    await prisma.subscription.create({
      data: { userId: user.id, stripeSubscriptionId: "sub_pricing_test", stripePriceId: "price_local_plan_creator", status: "ACTIVE", tier: "STANDARD", currentPeriodStart: now, currentPeriodEnd: now, tokensPerMonth: 100, maxRollover: 100 },
    });
    const page = await run(() => pricingLoader(routeArgs(getRequest("/pricing", { cookie }))));
    expect(page.body).toMatchObject({ signedIn: true, currentTier: "STANDARD" });
  });
});

describe("starting a checkout", () => {
  it("sends visitors who are not signed in to sign in first", async () => {
    const answer = await start({ kind: "pack", id: "pack_basic" });
    expect(answer.location).toBe("/login?redirectTo=%2Fpricing");
    expect((await run(() => startLoader())).location).toBe("/pricing");
  });

  it("refuses a malformed or unknown choice with a clear message", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect(await start({ kind: "gift", id: "pack_basic" }, cookie)).toMatchObject({ status: 400, message: "Choose a token pack or a subscription plan." });
    expect(await start({ kind: "pack", id: "../../etc" }, cookie)).toMatchObject({ status: 400, message: "That is not a token pack or plan we sell. Choose one on the pricing page." });
    expect(await start({ kind: "pack" }, cookie)).toMatchObject({ status: 400, message: "Choose what you want to buy." });
    expect(await start({ kind: "pack", id: "pack_gold" }, cookie)).toMatchObject({ status: 404, message: "That token pack is no longer on sale. Choose another one on the pricing page." });
    expect(await start({ kind: "plan", id: "plan_gold" }, cookie)).toMatchObject({ status: 404, message: "That plan is no longer offered. Choose another one on the pricing page." });
    expect(await prisma.stripePayment.count({ where: { userId: user.id } })).toBe(0);
  });

  it("redirects to the hosted checkout page and records the pending payment in GBP", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const answer = await start({ kind: "pack", id: "pack_pro" }, cookie);
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^http:\/\/localhost:3999\/pay\/checkout\/cs_local_[\w-]+\.[\w-]+$/);
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
    expect(payment).toMatchObject({ status: "PENDING", tokensGranted: 150, packageId: "pack_pro" });
    expect(payment.amountGBP.toFixed(2)).toBe("24.99");
    expect(payment.metadata).toMatchObject({ currency: "GBP" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId).toMatch(/^cus_local_/);

    const waiting = await run(() => successLoader(routeArgs(getRequest(`/checkout/success?payment=${payment.id}`, { cookie }))));
    expect(waiting.body.pack).toMatchObject({ status: "PENDING", tokens: 150, balance: 10 });
  });

  it("shows a payment only to its owner on the success page", async () => {
    const owner = await makeUser();
    await start({ kind: "pack", id: "pack_basic" }, (await signIn(owner.id)).cookie);
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: owner.id } });
    const stranger = await signIn((await makeUser()).id);
    const peek = await run(() => successLoader(routeArgs(getRequest(`/checkout/success?payment=${payment.id}`, { cookie: stranger.cookie }))));
    expect(peek.status).toBe(404);
  });
});
