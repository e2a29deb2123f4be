/**
 * The billing page with the local payment emulator: cancel and resume, change plan (upgrade now,
 * downgrade at period end) and "advance to the next period" for renewals with rollover. The
 * emulator's webhooks reach the real /webhooks/stripe over HTTP (APP_URL set before the app loads).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@spike-land/shared/payments/card";
import { startRouteServer } from "../../test/route-server.ts";

const app = await startRouteServer();
process.env.APP_URL = app.url;

const { prisma } = await import("../.server/platform/db.server.ts");
const { seed } = await import("../../../prisma/seed.ts");
const { startCheckout } = await import("../.server/payments/checkout.server.ts");
const { credit, readBalance } = await import("../.server/tokens/ledger.server.ts");
const { action: webhook } = await import("./webhooks.stripe.tsx");
const { action: payAction } = await import("./pay.checkout.$sessionId.tsx");
const { action, loader } = await import("./billing.tsx");
const { action: settingsAction } = await import("./settings.tsx");
const { paymentProvider } = await import("../.server/providers/payments/index.server.ts");
const { makeUser, signIn } = await import("../../test/fixtures.ts");
const { formRequest, getRequest, routeArgs, run } = await import("../../test/request.ts");

app.mount("POST", "/webhooks/stripe", webhook);

beforeAll(async () => {
  await seed();
});
afterAll(async () => {
  await app.close();
});

/** A signed-in user who subscribed to `planId` on the emulator's hosted page. */
async function subscriber(planId: string) {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  const { url } = await startCheckout(user.id, { kind: "plan", id: planId });
  const sessionId = decodeURIComponent(new URL(url).pathname.split("/").pop()!);
  const fields = { cardNumber: TEST_CARDS.success, expiry: "12 / 34", cvc: "123", cardholder: "Sub Scriber" };
  const paid = await run(() => payAction(routeArgs(formRequest(`/pay/checkout/${sessionId}`, fields), { sessionId })));
  expect(paid.status).toBe(302);
  return { user, cookie };
}

const submit = (cookie: string, fields: Record<string, string>) => run(() => action(routeArgs(formRequest("/billing", fields, { cookie }))));
const page = (cookie: string) => run(() => loader(routeArgs(getRequest("/billing", { cookie }))));
const row = (userId: string) => prisma.subscription.findUniqueOrThrow({ where: { userId } });
const balance = async (userId: string) => {
  const { balance: tokens, tier } = await readBalance(userId);
  return { tokens, tier };
};

describe("the billing page", () => {
  it("needs a signed-in user", async () => {
    expect((await run(() => loader(routeArgs(getRequest("/billing"))))).location).toBe("/login?redirectTo=%2Fbilling");
    expect((await run(() => action(routeArgs(formRequest("/billing", { intent: "cancel" }))))).location).toBe("/login?redirectTo=%2Fbilling");
  });

  it("shows the free tier and the way to the pricing page without a subscription", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const view = await page(cookie);
    expect(view.body).toMatchObject({ subscription: null, ended: null, history: [], canAdvancePeriod: false });
    const refused = await submit(cookie, { intent: "cancel" });
    expect(refused.status).toBe(404);
    expect(refused.message).toBe("You don't have a subscription to change. Choose a plan on the pricing page.");
  });

  it("shows the plan, its renewal date, the payment and the emulator's test tool", async () => {
    const { user, cookie } = await subscriber("plan_hobby");
    const subscription = await row(user.id);
    const view = await page(cookie);
    expect(view.body.subscription).toMatchObject({
      status: "ACTIVE",
      tier: "BASIC",
      plan: { id: "plan_hobby", name: "Hobby", price: "4.99" },
      cancelAtPeriodEnd: false,
      currentPeriodEnd: subscription.currentPeriodEnd.toISOString(),
      tokensPerMonth: 30,
      maxRollover: 30,
    });
    expect(view.body.canAdvancePeriod).toBe(true);
    expect(view.body.history).toEqual([
      expect.objectContaining({ description: "Hobby plan, first month", amount: "4.99", currency: "GBP", status: "SUCCEEDED", reference: expect.stringMatching(/^in_local_/) }),
    ]);
  });

  it("refuses what it does not understand with a clear message", async () => {
    const { cookie } = await subscriber("plan_hobby");
    expect(await submit(cookie, { intent: "refund-everything" })).toMatchObject({ status: 400, message: "Choose one of the actions on this page." });
    const badPlan = await submit(cookie, { intent: "change-plan", planId: "gold" });
    expect(badPlan.status).toBe(400);
    expect(badPlan.message).toBe("That is not a plan we offer. Choose one of the plans listed.");
    const unknownPlan = await submit(cookie, { intent: "change-plan", planId: "plan_platinum" });
    expect(unknownPlan.status).toBe(404);
    const same = await submit(cookie, { intent: "change-plan", planId: "plan_hobby" });
    expect(same).toMatchObject({ status: 409, message: "You are already on the Hobby plan." });
  });
});

describe("renewals through the emulator", () => {
  it("caps the rollover at maxRollover, then adds the month's tokens", async () => {
    const { user, cookie } = await subscriber("plan_hobby");
    await credit(user.id, 40, "EARN_BONUS", { source: "test" });
    expect(await balance(user.id)).toEqual({ tokens: 80, tier: "BASIC" });
    const before = await row(user.id);

    const renewed = await submit(cookie, { intent: "advance-period" });
    expect(renewed).toMatchObject({ status: 200, message: "A new period started and the renewal was applied." });
    expect(await balance(user.id)).toEqual({ tokens: 60, tier: "BASIC" });
    const after = await row(user.id);
    expect(after.rolloverTokens).toBe(30);
    expect(after.currentPeriodStart.getTime()).toBe(before.currentPeriodEnd.getTime());
    expect(after.currentPeriodEnd.getTime()).toBeGreaterThan(before.currentPeriodEnd.getTime());
    const receipt = await prisma.emailLog.findFirstOrThrow({ where: { userId: user.id, subject: { startsWith: "Your Spike Land receipt: Hobby plan renewal" } } });
    expect((receipt.metadata as { text: string }).text).toContain("50 tokens above the plan's rollover limit of 30 did not carry over.");
  });

  it("carries everything over on a plan with unlimited rollover", async () => {
    const { user, cookie } = await subscriber("plan_studio");
    expect(await balance(user.id)).toEqual({ tokens: 310, tier: "PREMIUM" });
    await submit(cookie, { intent: "advance-period" });
    await submit(cookie, { intent: "advance-period" });
    expect(await balance(user.id)).toEqual({ tokens: 910, tier: "PREMIUM" });
  });
});

describe("changing plans", () => {
  it("upgrades at once and grants the new capacity", async () => {
    const { user, cookie } = await subscriber("plan_hobby");
    await prisma.userTokenBalance.update({ where: { userId: user.id }, data: { balance: 3 } });
    const upgraded = await submit(cookie, { intent: "change-plan", planId: "plan_studio" });
    expect(upgraded).toMatchObject({ status: 200, message: "You're now on the Studio plan. Your balance is 100 tokens." });
    expect(await balance(user.id)).toEqual({ tokens: 100, tier: "PREMIUM" });
    expect(await row(user.id)).toMatchObject({ tier: "PREMIUM", tokensPerMonth: 300, maxRollover: 0, stripePriceId: "price_local_plan_studio" });
    const history = (await page(cookie)).body.history;
    expect(history[0]).toMatchObject({ description: "Studio plan, plan change (prorated)", status: "SUCCEEDED" });
  });

  it("downgrades only when the period ends", async () => {
    const { user, cookie } = await subscriber("plan_studio");
    const end = (await row(user.id)).currentPeriodEnd;
    const scheduled = await submit(cookie, { intent: "change-plan", planId: "plan_hobby" });
    expect(scheduled.message).toBe(`You'll move to the Hobby plan on ${end.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}, when this period ends.`);
    expect(await row(user.id)).toMatchObject({ tier: "PREMIUM", downgradeTo: "BASIC", tokensPerMonth: 300 });
    expect(await balance(user.id)).toEqual({ tokens: 310, tier: "PREMIUM" });
    expect((await page(cookie)).body.subscription).toMatchObject({ plan: { name: "Studio" }, downgradeTo: { name: "Hobby" } });

    await submit(cookie, { intent: "advance-period" });
    expect(await row(user.id)).toMatchObject({ tier: "BASIC", downgradeTo: null, tokensPerMonth: 30, maxRollover: 30 });
    expect(await balance(user.id)).toEqual({ tokens: 60, tier: "BASIC" });
  });

  it("lets a scheduled downgrade be taken back before the period ends", async () => {
    const { user, cookie } = await subscriber("plan_creator");
    await submit(cookie, { intent: "change-plan", planId: "plan_hobby" });
    const kept = await submit(cookie, { intent: "change-plan", planId: "plan_creator" });
    expect(kept).toMatchObject({ status: 200, message: "You'll stay on the Creator plan." });
    expect(await row(user.id)).toMatchObject({ tier: "STANDARD", downgradeTo: null, stripePriceId: "price_local_plan_creator" });
  });
});

describe("cancelling", () => {
  it("keeps the plan until the period ends, can be undone, and then returns the user to FREE", async () => {
    const { user, cookie } = await subscriber("plan_creator");
    const cancelled = await submit(cookie, { intent: "cancel" });
    expect(cancelled.message).toMatch(/^Your subscription will end on \d{1,2} \w+ \d{4}\. You keep your plan and tokens until then\.$/);
    expect(await row(user.id)).toMatchObject({ status: "ACTIVE", cancelAtPeriodEnd: true, tier: "STANDARD" });
    expect((await submit(cookie, { intent: "cancel" })).status).toBe(409);

    expect((await submit(cookie, { intent: "resume" })).message).toMatch(/^Welcome back: your subscription will renew on /);
    expect((await row(user.id)).cancelAtPeriodEnd).toBe(false);

    await submit(cookie, { intent: "cancel" });
    const ended = await submit(cookie, { intent: "advance-period" });
    expect(ended.message).toBe("The period ended and so did your subscription: you're back on the free tier.");
    expect(await row(user.id)).toMatchObject({ status: "CANCELED" });
    expect(await balance(user.id)).toEqual({ tokens: 110, tier: "FREE" });
    expect((await page(cookie)).body).toMatchObject({ subscription: null, ended: { tier: "STANDARD" }, canAdvancePeriod: false });
  });
});

describe("several subscription checkouts paid at once", () => {
  it("makes one of them the subscription, refuses the others cleanly and grants the tokens once", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    // Three tabs, each with its own checkout, all opened before any was paid.
    const plans = ["plan_hobby", "plan_creator", "plan_studio"];
    const sessions: string[] = [];
    for (const id of plans) {
      const { url } = await startCheckout(user.id, { kind: "plan", id });
      sessions.push(decodeURIComponent(new URL(url).pathname.split("/").pop()!));
    }
    const fields = { cardNumber: TEST_CARDS.success, expiry: "12 / 34", cvc: "123", cardholder: "Quick Clicker" };
    const paid = await Promise.all(sessions.map((sessionId) => run(() => payAction(routeArgs(formRequest(`/pay/checkout/${sessionId}`, fields), { sessionId })))));

    expect(paid.map((outcome) => outcome.status).sort()).toEqual([302, 409, 409]);
    for (const refused of paid.filter((outcome) => outcome.status === 409)) {
      // Refused before the card is charged, or after the winner's payment was confirmed first.
      expect(refused.fieldErrors[""]).toEqual([expect.stringMatching(/^You already have a subscription[.,] .*billing page\.$/)]);
    }
    const winner = plans[paid.findIndex((outcome) => outcome.status === 302)]!;
    const tokens = { plan_hobby: 30, plan_creator: 100, plan_studio: 300 }[winner]!;
    const tier = { plan_hobby: "BASIC", plan_creator: "STANDARD", plan_studio: "PREMIUM" }[winner]!;

    const rows = await prisma.subscription.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "ACTIVE", stripePriceId: `price_local_${winner}`, tokensPerMonth: tokens });
    expect(await balance(user.id)).toEqual({ tokens: 10 + tokens, tier });
    const grants = await prisma.tokenTransaction.findMany({ where: { userId: user.id, source: "subscription" }, select: { amount: true, source: true, sourceId: true } });
    expect(grants).toEqual([expect.objectContaining({ amount: tokens })]);
    // The billing page shows the one subscription, paid once.
    const view = await page(cookie);
    expect(view.body.subscription).toMatchObject({ status: "ACTIVE", plan: { id: winner } });
    const history = view.body.history as Array<{ status: string; amount: string; note: string | null }>;
    expect(history.filter((entry) => entry.status === "SUCCEEDED")).toHaveLength(1);
    // A tab refused after its payment went through shows that payment refunded.
    for (const entry of history.filter((entry) => entry.status !== "SUCCEEDED")) {
      expect(entry).toMatchObject({ status: "REFUNDED", note: "Not kept: you already had a subscription when this one was paid. The payment was refunded." });
    }
    expect(history.length).toBeLessThanOrEqual(3);

    // A refused tab tried again is still refused, before any payment.
    const again = sessions[paid.findIndex((outcome) => outcome.status === 409)]!;
    const retried = await run(() => payAction(routeArgs(formRequest(`/pay/checkout/${again}`, fields), { sessionId: again })));
    expect(retried.status).toBe(409);
    expect(await prisma.subscription.count({ where: { userId: user.id } })).toBe(1);
  });

  it("stops the subscription renewing at the provider when the subscriber deletes their account", async () => {
    const { user, cookie } = await subscriber("plan_hobby");
    const { stripeSubscriptionId } = await row(user.id);
    const deleted = await run(() =>
      settingsAction(routeArgs(formRequest("/settings", { intent: "delete", confirmEmail: user.email!, password: "correct-horse-battery" }, { cookie }))),
    );
    expect(deleted.location).toBe("/?deleted=1");
    const remote = await paymentProvider()!.retrieveSubscription(stripeSubscriptionId);
    expect(remote.cancelAtPeriodEnd).toBe(true);
    const kept = await prisma.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId } });
    expect([kept.userId, kept.cancelAtPeriodEnd]).toEqual([null, true]);
  });
});
