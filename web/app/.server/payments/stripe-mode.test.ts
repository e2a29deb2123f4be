/**
 * Payments with Stripe keys configured: the real Stripe SDK talks to a local Stripe-shaped server,
 * and the events Stripe would send are signed and posted to the real webhook route. The keys are
 * set before the app modules load, because the configuration is read once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeForCatalogue, webhookRequest, type StripeEventPayload } from "../../../test/local-stripe-server.ts";

const stripe = await startStripeForCatalogue();

const { prisma } = await import("../platform/db.server.ts");
const { seed } = await import("../../../../prisma/seed.ts");
const { startCheckout } = await import("./checkout.server.ts");
const { changePlan, setCancelAtPeriodEnd, billingOverview } = await import("./billing.server.ts");
const { PaymentError } = await import("./errors.ts");
const { credit, spend, readBalance } = await import("../tokens/ledger.server.ts");
const { action: webhook } = await import("../../routes/webhooks.stripe.tsx");
const { loader: payLoader } = await import("../../routes/pay.checkout.$sessionId.tsx");
const { makeUser } = await import("../../../test/fixtures.ts");
const { getRequest, routeArgs, run } = await import("../../../test/request.ts");

beforeAll(async () => {
  await seed();
});
afterAll(async () => {
  await stripe.close();
});

async function post(event: unknown, options: { signature?: string; body?: string; secret?: string } = {}) {
  return run(() => webhook(routeArgs(webhookRequest(event, options.secret ?? stripe.webhookSecret, options))));
}

/** Delivers what Stripe produced since the last call, in order, and checks each was accepted. */
async function deliver(): Promise<StripeEventPayload[]> {
  const events = stripe.takeEvents();
  for (const event of events) {
    const answer = await post(event);
    expect(answer.status, `${event.type}: ${JSON.stringify(answer.body)}`).toBe(200);
  }
  return events;
}

const sessionIdOf = (url: string) => url.split("/").pop()!;

async function buyPack(userId: string, packId = "pack_basic") {
  const { url } = await startCheckout(userId, { kind: "pack", id: packId });
  return sessionIdOf(url);
}

async function subscribe(userId: string, planId: string, options: { invoiceFirst?: boolean } = {}) {
  const { url } = await startCheckout(userId, { kind: "plan", id: planId });
  stripe.completeCheckout(sessionIdOf(url), options);
  await deliver();
  return prisma.subscription.findUniqueOrThrow({ where: { userId } });
}

async function balanceOf(userId: string) {
  const { balance, tier } = await readBalance(userId);
  return { balance, tier };
}

describe("checkout through the Stripe SDK", () => {
  it("creates the customer once and a payment-mode session, form-encoded with the configured price", async () => {
    const user = await makeUser({ name: "Stripe Buyer" });
    const before = stripe.requests.length;
    const { url } = await startCheckout(user.id, { kind: "pack", id: "pack_basic" });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);

    const [customerCall, sessionCall] = stripe.requests.slice(before);
    expect(customerCall).toMatchObject({ method: "POST", path: "/v1/customers", authorization: `Bearer ${stripe.secretKey}` });
    expect(customerCall!.form).toMatchObject({ email: user.email, name: "Stripe Buyer", metadata: { userId: user.id } });
    expect(sessionCall!.stripeVersion).toBeTruthy();
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
    const customerId = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId;
    expect(customerId).toMatch(/^cus_test_/);
    expect(sessionCall).toMatchObject({ method: "POST", path: "/v1/checkout/sessions" });
    expect(sessionCall!.form).toEqual({
      mode: "payment",
      customer: customerId,
      line_items: [{ price: "price_test_pack_basic", quantity: "1" }],
      success_url: `http://localhost:3999/checkout/success?payment=${payment.id}`,
      cancel_url: `http://localhost:3999/checkout/cancel?payment=${payment.id}`,
      client_reference_id: user.id,
      metadata: { kind: "pack", userId: user.id, packId: "pack_basic", paymentId: payment.id },
      payment_intent_data: { metadata: { userId: user.id, packId: "pack_basic", paymentId: payment.id } },
    });
    expect(payment).toMatchObject({ status: "PENDING", tokensGranted: 50, stripePaymentIntentId: sessionIdOf(url) });
    expect(payment.amountGBP.toFixed(2)).toBe("9.99");
    expect(payment.metadata).toMatchObject({ currency: "GBP", checkoutSessionId: sessionIdOf(url) });

    await startCheckout(user.id, { kind: "pack", id: "pack_starter" });
    expect(stripe.requests.slice(before).filter((r) => r.path === "/v1/customers")).toHaveLength(1);
  });

  it("opens a subscription-mode session with the plan's price and the user on the subscription", async () => {
    const user = await makeUser();
    const before = stripe.requests.length;
    await startCheckout(user.id, { kind: "plan", id: "plan_creator" });
    const call = stripe.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions")!;
    expect(call.form).toMatchObject({
      mode: "subscription",
      line_items: [{ price: "price_test_plan_creator", quantity: "1" }],
      success_url: "http://localhost:3999/checkout/success?plan=plan_creator&session_id={CHECKOUT_SESSION_ID}",
      subscription_data: { metadata: { userId: user.id, planId: "plan_creator" } },
    });
    expect(call.form.payment_intent_data).toBeUndefined();
  });

  it("refuses an unknown pack and a second live subscription with clear messages", async () => {
    const user = await makeUser();
    await expect(startCheckout(user.id, { kind: "pack", id: "pack_gold" })).rejects.toMatchObject({ status: 404, message: "That token pack is no longer on sale. Choose another one on the pricing page." });
    await subscribe(user.id, "plan_hobby");
    const second = startCheckout(user.id, { kind: "plan", id: "plan_studio" });
    await expect(second).rejects.toBeInstanceOf(PaymentError);
    await expect(second).rejects.toMatchObject({ status: 409, message: "You already have a subscription. Change or cancel it on the billing page." });
  });

  it("keeps the emulator's payment pages closed while real keys are configured", async () => {
    const page = await run(() => payLoader(routeArgs(getRequest("/pay/checkout/cs_local_anything"), { sessionId: "cs_local_anything" })));
    expect(page.status).toBe(404);
  });
});

describe("token packs", () => {
  it("grants the pack's tokens once, however often the completion arrives", async () => {
    const user = await makeUser();
    const sessionId = await buyPack(user.id, "pack_basic");
    stripe.completeCheckout(sessionId);
    const [completed] = await deliver();
    expect(await balanceOf(user.id)).toEqual({ balance: 60, tier: "FREE" });
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
    expect(payment.status).toBe("SUCCEEDED");
    expect(payment.stripePaymentIntentId).toMatch(/^pi_test_/);
    expect(payment.metadata).toMatchObject({ currency: "GBP", checkoutSessionId: sessionId });

    const ledgerBefore = await prisma.tokenTransaction.count({ where: { userId: user.id } });
    const replay = await post(completed);
    expect(replay.body).toEqual({ received: true, duplicate: true, type: "checkout.session.completed" });
    const again = { ...completed!, id: `${completed!.id}_async`, type: "checkout.session.async_payment_succeeded" };
    expect((await post(again)).status).toBe(200);

    expect(await balanceOf(user.id)).toEqual({ balance: 60, tier: "FREE" });
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(ledgerBefore);
    expect(await prisma.webhookEvent.count({ where: { eventId: completed!.id } })).toBe(1);
    const grant = await prisma.tokenTransaction.findFirstOrThrow({ where: { userId: user.id, type: "EARN_PURCHASE" } });
    expect(grant).toMatchObject({ amount: 50, source: "stripe_checkout", sourceId: payment.id, balanceAfter: 60 });

    const receipts = await prisma.emailLog.findMany({ where: { userId: user.id, template: "receipt" } });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.subject).toBe("Your Spike Land receipt: Basic token pack (£9.99)");
    expect((receipts[0]!.metadata as { text: string }).text).toContain("50 tokens were added to your balance, which is now 60.");
  });

  it("answers 400 to a bad signature and changes nothing", async () => {
    const user = await makeUser();
    const sessionId = await buyPack(user.id, "pack_power");
    stripe.completeCheckout(sessionId);
    const [event] = stripe.takeEvents();
    const body = JSON.stringify(event);

    const wrongSecret = await post(event, { secret: "whsec_not_the_right_one" });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error.message).toMatch(/^Webhook signature verification failed/);
    const tampered = await post(event, { body: body.replace('"amount_total":6999', '"amount_total":1'), signature: webhookRequest(event, stripe.webhookSecret).headers.get("Stripe-Signature")! });
    expect(tampered.status).toBe(400);
    const unsigned = await post(event, { signature: "" });
    expect(unsigned.status).toBe(400);

    expect(await balanceOf(user.id)).toEqual({ balance: 10, tier: "FREE" });
    expect(await prisma.webhookEvent.count({ where: { eventId: event!.id } })).toBe(0);
    expect((await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } })).status).toBe("PENDING");

    expect((await post(event)).status).toBe(200);
    expect(await balanceOf(user.id)).toEqual({ balance: 510, tier: "FREE" });
  });

  it("marks a declined checkout FAILED with Stripe's message and grants nothing", async () => {
    const user = await makeUser();
    const sessionId = await buyPack(user.id, "pack_starter");
    stripe.failCheckout(sessionId);
    await deliver();
    const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
    expect(payment.status).toBe("FAILED");
    expect(payment.metadata).toMatchObject({ failureMessage: "Your card was declined.", failureCode: "generic_decline" });
    expect(await balanceOf(user.id)).toEqual({ balance: 10, tier: "FREE" });

    // The customer tries again on the same checkout with a good card.
    stripe.completeCheckout(sessionId);
    await deliver();
    expect((await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } })).status).toBe("SUCCEEDED");
    expect(await balanceOf(user.id)).toEqual({ balance: 20, tier: "FREE" });
  });
});

describe("subscriptions", () => {
  it("starts with the first invoice: tokensPerMonth granted and the plan's tier", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_hobby");
    expect(row).toMatchObject({ status: "ACTIVE", tier: "BASIC", tokensPerMonth: 30, maxRollover: 30, cancelAtPeriodEnd: false, downgradeTo: null, stripePriceId: "price_test_plan_hobby" });
    expect(row.stripeSubscriptionId).toMatch(/^sub_test_/);
    expect(row.currentPeriodEnd.getTime()).toBeGreaterThan(row.currentPeriodStart.getTime());
    expect(await balanceOf(user.id)).toEqual({ balance: 40, tier: "BASIC" });
    const receipt = await prisma.emailLog.findFirstOrThrow({ where: { userId: user.id, template: "receipt" } });
    expect(receipt.subject).toBe("Your Spike Land receipt: Hobby plan, first month (£4.99)");
  });

  it("copes with the invoice arriving before the subscription it belongs to", async () => {
    const user = await makeUser();
    const before = stripe.requests.length;
    const row = await subscribe(user.id, "plan_creator", { invoiceFirst: true });
    expect(stripe.requests.slice(before).some((r) => r.method === "GET" && r.path === `/v1/subscriptions/${row.stripeSubscriptionId}`)).toBe(true);
    expect(row).toMatchObject({ status: "ACTIVE", tier: "STANDARD", tokensPerMonth: 100 });
    expect(await balanceOf(user.id)).toEqual({ balance: 110, tier: "STANDARD" });
  });

  it("renews with rollover capped at maxRollover", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_hobby");
    await credit(user.id, 40, "EARN_BONUS", { source: "test" });
    expect((await balanceOf(user.id)).balance).toBe(80);
    stripe.renew(row.stripeSubscriptionId);
    const events = await deliver();
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    expect(await balanceOf(user.id)).toEqual({ balance: 60, tier: "BASIC" });
    const renewed = await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(renewed.rolloverTokens).toBe(30);
    expect(renewed.currentPeriodStart.getTime()).toBe(row.currentPeriodEnd.getTime());
    const entry = await prisma.tokenTransaction.findFirstOrThrow({ where: { userId: user.id, source: "renewal" } });
    expect(entry).toMatchObject({ amount: -20, balanceAfter: 60, type: "EARN_PURCHASE" });

    // A replayed renewal changes nothing.
    await post(events[1]);
    expect((await balanceOf(user.id)).balance).toBe(60);
  });

  it("renews with unlimited rollover when maxRollover is 0", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_studio");
    expect(await balanceOf(user.id)).toEqual({ balance: 310, tier: "PREMIUM" });
    stripe.renew(row.stripeSubscriptionId);
    await deliver();
    expect(await balanceOf(user.id)).toEqual({ balance: 610, tier: "PREMIUM" });
    expect((await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).rolloverTokens).toBe(310);
  });

  it("upgrades at once: charged through Stripe, the new capacity granted, once", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_hobby");
    await spend(user.id, 35, "SPEND_ENHANCEMENT");
    expect((await balanceOf(user.id)).balance).toBe(5);

    const before = stripe.requests.length;
    const result = await changePlan(user.id, "plan_creator");
    expect(result).toMatchObject({ change: "upgrade", planName: "Creator" });
    const update = stripe.requests.slice(before).find((r) => r.method === "POST")!;
    expect(update.path).toBe(`/v1/subscriptions/${row.stripeSubscriptionId}`);
    expect(update.form).toEqual({
      items: [{ id: stripe.subscriptions.get(row.stripeSubscriptionId)!.itemId, price: "price_test_plan_creator" }],
      proration_behavior: "always_invoice",
      payment_behavior: "error_if_incomplete",
    });
    expect(await balanceOf(user.id)).toEqual({ balance: 50, tier: "STANDARD" });
    expect(await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ tier: "STANDARD", tokensPerMonth: 100, maxRollover: 100, downgradeTo: null });

    const events = await deliver();
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    expect(await balanceOf(user.id)).toEqual({ balance: 50, tier: "STANDARD" });
    const upgrade = await prisma.tokenTransaction.findMany({ where: { userId: user.id, source: "tier_upgrade" } });
    expect(upgrade).toHaveLength(1);
    expect(upgrade[0]).toMatchObject({ amount: 45, balanceAfter: 50 });
    const subjects = (await prisma.emailLog.findMany({ where: { userId: user.id, template: "receipt" }, orderBy: { sentAt: "asc" } })).map((e) => e.subject);
    expect(subjects[1]).toMatch(/^Your Spike Land receipt: Upgrade to the Creator plan \(£\d+\.\d{2}\)$/);
  });

  it("leaves everything as it was when the upgrade's charge is declined", async () => {
    const user = await makeUser();
    await subscribe(user.id, "plan_hobby");
    stripe.declineNextCharge();
    await expect(changePlan(user.id, "plan_studio")).rejects.toMatchObject({ status: 402, message: "Your card was declined." });
    expect(await balanceOf(user.id)).toEqual({ balance: 40, tier: "BASIC" });
    expect((await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).tier).toBe("BASIC");
    expect(stripe.takeEvents()).toEqual([]);
  });

  it("downgrades at the end of the period, not before", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_creator");
    const before = stripe.requests.length;
    const result = await changePlan(user.id, "plan_hobby");
    expect(result.change).toBe("downgrade");
    expect(stripe.requests.slice(before).find((r) => r.method === "POST")!.form).toMatchObject({ proration_behavior: "none", items: [{ price: "price_test_plan_hobby" }] });
    await deliver();

    const pending = await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(pending).toMatchObject({ tier: "STANDARD", downgradeTo: "BASIC", tokensPerMonth: 100, stripePriceId: "price_test_plan_hobby" });
    expect(await balanceOf(user.id)).toEqual({ balance: 110, tier: "STANDARD" });
    const overview = await billingOverview(user.id);
    expect(overview.subscription).toMatchObject({ plan: { name: "Creator" }, downgradeTo: { name: "Hobby" } });

    stripe.renew(row.stripeSubscriptionId);
    await deliver();
    const after = await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(after).toMatchObject({ tier: "BASIC", downgradeTo: null, tokensPerMonth: 30, maxRollover: 30, rolloverTokens: 30 });
    // Renewed on the new plan: min(110, 30) + 30.
    expect(await balanceOf(user.id)).toEqual({ balance: 60, tier: "BASIC" });
  });

  it("cancels at the end of the period, then the end of the subscription puts the user back on FREE", async () => {
    const user = await makeUser();
    const row = await subscribe(user.id, "plan_creator");
    const before = stripe.requests.length;
    await setCancelAtPeriodEnd(user.id, true);
    expect(stripe.requests.slice(before).find((r) => r.method === "POST")!.form).toEqual({ cancel_at_period_end: "true" });
    await deliver();
    expect(await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ status: "ACTIVE", cancelAtPeriodEnd: true, tier: "STANDARD" });
    expect((await balanceOf(user.id)).tier).toBe("STANDARD");
    await expect(setCancelAtPeriodEnd(user.id, true)).rejects.toMatchObject({ status: 409 });

    stripe.renew(row.stripeSubscriptionId);
    const [deleted] = await deliver();
    expect(deleted!.type).toBe("customer.subscription.deleted");
    expect(await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ status: "CANCELED", cancelAtPeriodEnd: false });
    expect(await balanceOf(user.id)).toEqual({ balance: 110, tier: "FREE" });
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, source: "renewal" } })).toBe(0);

    // Once over, a new subscription can start and replaces the ended one.
    const again = await subscribe(user.id, "plan_hobby");
    expect(again).toMatchObject({ status: "ACTIVE", tier: "BASIC" });
    expect(again.stripeSubscriptionId).not.toBe(row.stripeSubscriptionId);
  });

  it("resumes a subscription set to cancel", async () => {
    const user = await makeUser();
    await subscribe(user.id, "plan_hobby");
    await setCancelAtPeriodEnd(user.id, true);
    await setCancelAtPeriodEnd(user.id, false);
    await deliver();
    expect((await prisma.subscription.findUniqueOrThrow({ where: { userId: user.id } })).cancelAtPeriodEnd).toBe(false);
  });
});
