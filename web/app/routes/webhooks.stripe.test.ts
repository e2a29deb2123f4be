/**
 * POST /webhooks/stripe: the signature on the raw body, the event's shape, and idempotency by event
 * id (replays and concurrent duplicate deliveries), with the emulator's default signing secret.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { seed } from "../../../prisma/seed.ts";
import { paymentsConfig } from "../.server/providers/payments/config.server.ts";
import { startCheckout } from "../.server/payments/checkout.server.ts";
import { readBalance } from "../.server/tokens/ledger.server.ts";
import { action, loader } from "./webhooks.stripe.tsx";
import { webhookRequest } from "../../test/local-stripe-server.ts";
import { makeUser } from "../../test/fixtures.ts";
import { getRequest, routeArgs, run } from "../../test/request.ts";

beforeAll(async () => {
  await seed();
});

const post = (event: unknown, options: { secret?: string; signature?: string; body?: string } = {}) =>
  run(() => action(routeArgs(webhookRequest(event, options.secret ?? paymentsConfig.webhookSecret, options))));

const eventId = () => `evt_test_${randomBytes(8).toString("hex")}`;

/** A user with a PENDING Basic pack payment, and the checkout.session.completed event Stripe would send for it. */
async function pendingPurchase() {
  const user = await makeUser();
  await startCheckout(user.id, { kind: "pack", id: "pack_basic" });
  const payment = await prisma.stripePayment.findFirstOrThrow({ where: { userId: user.id } });
  const customer = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
  const event = {
    id: eventId(),
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: payment.stripePaymentIntentId,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        customer,
        amount_total: 999,
        currency: "gbp",
        payment_intent: `pi_test_${randomBytes(6).toString("hex")}`,
        client_reference_id: user.id,
        metadata: { kind: "pack", userId: user.id, packId: "pack_basic", paymentId: payment.id },
      },
    },
  };
  return { user, payment, event };
}

describe("POST /webhooks/stripe", () => {
  it("only accepts POST", async () => {
    const answer = await run(() => loader());
    expect(answer.status).toBe(405);
    expect(answer.headers.get("Allow")).toBe("POST");
    expect((await run(() => action(routeArgs(getRequest("/webhooks/stripe", { method: "PUT" }))))).status).toBe(405);
  });

  it("verifies the signature on the raw body: missing, wrong or stale signatures get 400 and change nothing", async () => {
    const { user, payment, event } = await pendingPurchase();
    const missing = await post(event, { signature: "" });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: "Missing the Stripe-Signature header." } } });
    expect((await post(event, { secret: "whsec_someone_else" })).status).toBe(400);
    const stale = `t=${Math.floor(Date.now() / 1000) - 3600},v1=${"0".repeat(64)}`;
    expect((await post(event, { signature: stale })).status).toBe(400);
    // Re-serialised JSON is not the body that was signed.
    const signed = webhookRequest(event, paymentsConfig.webhookSecret).headers.get("Stripe-Signature")!;
    expect((await post(event, { signature: signed, body: JSON.stringify(event, null, 2) })).status).toBe(400);

    expect(await prisma.webhookEvent.count({ where: { eventId: event.id } })).toBe(0);
    expect((await prisma.stripePayment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PENDING");
    expect((await readBalance(user.id)).balance).toBe(10);
  });

  it("refuses signed payloads that are not Stripe events, or whose object is not shaped as Stripe's", async () => {
    const notAnEvent = await post({ hello: "world" });
    expect(notAnEvent.status).toBe(400);
    expect(notAnEvent.body.error.message).toMatch(/^The payload is not a Stripe event/);
    const broken = { id: eventId(), object: "event", type: "checkout.session.completed", created: 1, data: { object: { object: "checkout.session", id: "cs_1" } } };
    const answer = await post(broken);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^The checkout\.session\.completed event evt_test_\w+ is not shaped as expected/);
    expect(await prisma.webhookEvent.count({ where: { eventId: broken.id } })).toBe(0);
  });

  it("applies an event once: a replay is acknowledged and changes nothing", async () => {
    const { user, payment, event } = await pendingPurchase();
    expect((await post(event)).body).toEqual({ received: true, duplicate: false, type: "checkout.session.completed" });
    expect((await readBalance(user.id)).balance).toBe(60);
    const stored = await prisma.webhookEvent.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(stored).toMatchObject({ provider: "STRIPE", eventType: "checkout.session.completed", processed: true });
    expect(stored.processedAt).not.toBeNull();
    const ledger = await prisma.tokenTransaction.count({ where: { userId: user.id } });

    expect((await post(event)).body).toEqual({ received: true, duplicate: true, type: "checkout.session.completed" });
    expect((await readBalance(user.id)).balance).toBe(60);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id } })).toBe(ledger);
    expect(await prisma.emailLog.count({ where: { userId: user.id, template: "receipt" } })).toBe(1);
    expect((await prisma.stripePayment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
  });

  it("applies an event once even when two deliveries arrive at the same moment", async () => {
    const { user, event } = await pendingPurchase();
    const answers = await Promise.all([post(event), post(event), post(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect((await readBalance(user.id)).balance).toBe(60);
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, type: "EARN_PURCHASE" } })).toBe(1);
  });

  it("marks the pending payment of an expired checkout FAILED, and leaves a paid one alone", async () => {
    const { payment, event } = await pendingPurchase();
    const expired = { ...event, id: eventId(), type: "checkout.session.expired", data: { object: { ...event.data.object, status: "expired", payment_status: "unpaid" } } };
    expect((await post(expired)).status).toBe(200);
    const after = await prisma.stripePayment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after.status).toBe("FAILED");
    expect(after.metadata).toMatchObject({ failureMessage: "The checkout expired before it was paid." });

    const paid = await pendingPurchase();
    await post(paid.event);
    await post({ ...expired, id: eventId(), data: { object: { ...paid.event.data.object, status: "expired" } } });
    expect((await prisma.stripePayment.findUniqueOrThrow({ where: { id: paid.payment.id } })).status).toBe("SUCCEEDED");
  });

  it("records event types it does not act on, so their replays are recognised too", async () => {
    const event = { id: eventId(), object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_1", object: "customer" } } };
    expect((await post(event)).body).toEqual({ received: true, duplicate: false, type: "customer.created" });
    expect((await post(event)).body.duplicate).toBe(true);
  });

  it("refuses a second subscription paid while one is live: 200 to Stripe, no row, no tokens, shown as refunded", async () => {
    const user = await makeUser();
    const customer = `cus_test_${randomBytes(6).toString("hex")}`;
    await prisma.user.update({ where: { id: user.id }, data: { stripeCustomerId: customer } });
    const start = new Date();
    const end = new Date(start.getTime() + 30 * 24 * 3600 * 1000);
    const kept = await prisma.subscription.create({
      data: { userId: user.id, stripeSubscriptionId: "sub_test_kept", stripePriceId: "price_local_plan_hobby", status: "ACTIVE", tier: "BASIC", currentPeriodStart: start, currentPeriodEnd: end, tokensPerMonth: 30, maxRollover: 30 },
    });
    const second = `sub_test_${randomBytes(6).toString("hex")}`;
    const unix = (date: Date) => Math.floor(date.getTime() / 1000);
    const subscription = {
      id: second,
      object: "subscription",
      customer,
      status: "active",
      cancel_at_period_end: false,
      ended_at: null,
      metadata: { userId: user.id, planId: "plan_studio" },
      items: { data: [{ id: "si_test_1", price: { id: "price_local_plan_studio" }, current_period_start: unix(start), current_period_end: unix(end) }] },
    };
    const invoice = {
      id: `in_test_${randomBytes(6).toString("hex")}`,
      object: "invoice",
      customer,
      billing_reason: "subscription_create",
      amount_paid: 2999,
      currency: "gbp",
      created: unix(start),
      parent: { subscription_details: { subscription: second, metadata: { userId: user.id } } },
      lines: { data: [{ period: { start: unix(start), end: unix(end) }, pricing: { price_details: { price: "price_local_plan_studio" } } }] },
    };
    const completed = { id: "cs_test_second", object: "checkout.session", mode: "subscription", status: "complete", payment_status: "paid", customer, subscription: second, client_reference_id: user.id, metadata: { kind: "plan", userId: user.id, planId: "plan_studio" } };
    const events = [
      { id: eventId(), object: "event", type: "customer.subscription.created", created: unix(start), data: { object: subscription } },
      { id: eventId(), object: "event", type: "invoice.paid", created: unix(start), data: { object: invoice } },
      { id: eventId(), object: "event", type: "checkout.session.completed", created: unix(start), data: { object: completed } },
    ];
    const answers = await Promise.all(events.map((event) => post(event)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);

    expect(await prisma.subscription.findMany({ where: { userId: user.id } })).toEqual([kept]);
    expect(await prisma.subscription.count({ where: { stripeSubscriptionId: second } })).toBe(0);
    expect(await readBalance(user.id)).toMatchObject({ balance: 10 });
    expect(await prisma.tokenTransaction.count({ where: { userId: user.id, source: "subscription" } })).toBe(0);
    const invoiceEvent = await prisma.webhookEvent.findUniqueOrThrow({ where: { eventId: events[1]!.id } });
    expect(invoiceEvent).toMatchObject({ processed: true, payload: expect.objectContaining({ refusedSubscription: { id: second, kept: "sub_test_kept" } }) });
    // A replay is still only a duplicate.
    expect((await post(events[1])).body.duplicate).toBe(true);
  });

  it("keeps nothing of an event that fails, so Stripe's retry can succeed", async () => {
    const event = {
      id: eventId(),
      object: "event",
      type: "invoice.paid",
      created: 1,
      data: {
        object: {
          id: "in_unknown",
          object: "invoice",
          customer: "cus_nobody",
          billing_reason: "subscription_cycle",
          amount_paid: 499,
          currency: "gbp",
          created: 1,
          parent: { subscription_details: { subscription: "sub_nobody", metadata: {} } },
          lines: { data: [] },
        },
      },
    };
    const answer = await post(event);
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe("internal");
    expect(await prisma.webhookEvent.count({ where: { eventId: event.id } })).toBe(0);
    expect(await prisma.errorLog.count({ where: { route: "/webhooks/stripe" } })).toBeGreaterThan(0);
  });
});
