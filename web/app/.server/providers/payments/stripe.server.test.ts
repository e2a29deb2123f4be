/**
 * Shop payments through the real Stripe SDK against the local Stripe-shaped server: a Checkout
 * session with inline price_data and manual capture, the authorisation webhook moving the order to
 * PAID (a replay changes nothing), and capture / cancel / refund with Stripe's refusals as 409s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeForCatalogue, webhookRequest, type StripeEventPayload } from "../../../../test/local-stripe-server.ts";

const stripe = await startStripeForCatalogue();

const { prisma } = await import("../../platform/db.server.ts");
const { env } = await import("../../platform/env.server.ts");
const { seed } = await import("../../../../../prisma/seed.ts");
const { startQueue, stopQueue } = await import("../../platform/queue.server.ts");
const { createOrderFromCart, startOrderPayment } = await import("../../merch/orders.server.ts");
const { paymentProvider } = await import("./index.server.ts");
const { PaymentProviderError } = await import("./types.ts");
const { action: webhook } = await import("../../../routes/webhooks.stripe.tsx");
const { makeUser } = await import("../../../../test/fixtures.ts");
const { routeArgs, run } = await import("../../../../test/request.ts");

beforeAll(async () => {
  await seed();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(async () => {
  await stopQueue();
  await stripe.close();
});

function post(event: unknown) {
  return run(() => webhook(routeArgs(webhookRequest(event, stripe.webhookSecret))));
}

async function deliver(): Promise<StripeEventPayload[]> {
  const events = stripe.takeEvents();
  for (const event of events) {
    const answer = await post(event);
    expect(answer.status, `${event.type}: ${JSON.stringify(answer.body)}`).toBe(200);
  }
  return events;
}

const ADDRESS = { name: "Marie Curie", line1: "5 Rue Test", city: "Paris", postalCode: "75005", country: "FR", email: "marie@example.com" };

/** A canvas (£49.99) with EU shipping, ordered and sent to Stripe Checkout. */
async function placeOrder() {
  const user = await makeUser();
  const cart = await prisma.merchCart.create({ data: { userId: user.id } });
  await prisma.merchCartItem.create({ data: { cartId: cart.id, productId: "prod_canvas", variantId: "var_canvas_30x40", uploadedImageR2Key: `merch/${user.id}/c.jpg`, quantity: 1 } });
  const order = await createOrderFromCart(user.id, ADDRESS, "EU");
  const before = stripe.requests.length;
  const url = await startOrderPayment(user.id, order.id);
  expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
  const request = stripe.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions")!;
  return { user, orderId: order.id, sessionId: url.split("/").pop()!, request };
}

async function authorised() {
  const placed = await placeOrder();
  stripe.completeCheckout(placed.sessionId);
  await deliver();
  const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: placed.orderId } });
  return { ...placed, intentId: order.stripePaymentIntentId! };
}

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PaymentProviderError);
  return error as InstanceType<typeof PaymentProviderError>;
}

const eventTypes = async (orderId: string) => (await prisma.merchOrderEvent.findMany({ where: { orderId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.type);

describe("a shop checkout through the Stripe SDK", () => {
  it("sends inline price_data lines from the server's totals, manual capture and the order in metadata", async () => {
    const { orderId, request } = await placeOrder();
    expect(request.form).toMatchObject({
      mode: "payment",
      line_items: [
        { quantity: "1", price_data: { currency: "gbp", unit_amount: "4999", product_data: { name: "Stretched canvas — 30×40 cm" } } },
        { quantity: "1", price_data: { currency: "gbp", unit_amount: "999", product_data: { name: "Shipping" } } },
      ],
      payment_intent_data: { capture_method: "manual", metadata: { kind: "merch", orderId } },
      metadata: { kind: "merch", orderId },
    });
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAYMENT_PENDING");
  });

  it("moves the order to PAID on the authorisation, once, even when Stripe sends the event again", async () => {
    const { orderId, sessionId } = await placeOrder();
    stripe.completeCheckout(sessionId);
    const events = await deliver();
    expect(events.map((e) => e.type)).toEqual(["payment_intent.amount_capturable_updated", "checkout.session.completed"]);
    expect(events[1]!.data.object).toMatchObject({ payment_status: "unpaid", amount_total: 5998 });
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "PAID", stripePaymentStatus: "authorized", stripePaymentIntentId: stripe.sessions.get(sessionId)!.payment_intent });

    const replay = await post(events[1]);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ duplicate: true });
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "PAYMENT_AUTHORIZED"]);
  });

  it("captures an authorised payment, and Stripe's refusal of a second capture is a 409", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    expect(provider.kind).toBe("stripe");
    expect(await provider.capturePaymentIntent(intentId)).toEqual({ id: intentId, status: "succeeded", amountMinor: 5998, currency: "GBP" });
    await deliver();
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("captured");
    expect(await eventTypes(orderId)).toContain("PAYMENT_CAPTURED");
    const again = await refusal(provider.capturePaymentIntent(intentId));
    expect(again).toMatchObject({ status: 409, code: "payment_intent_unexpected_state" });
  });

  it("cancels an authorisation; capturing it afterwards is refused with a 409", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    expect((await provider.cancelPaymentIntent(intentId)).status).toBe("canceled");
    await deliver();
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("cancelled");
    const capture = await refusal(provider.capturePaymentIntent(intentId));
    expect(capture.status).toBe(409);
    expect(capture.message).toMatch(/status of canceled/);
  });

  it("refunds a captured payment once", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    await provider.capturePaymentIntent(intentId);
    const refund = await provider.refundPaymentIntent(intentId);
    expect(refund).toMatchObject({ paymentIntentId: intentId, status: "succeeded", amountMinor: 5998 });
    expect(refund.id).toMatch(/^re_test_/);
    await deliver();
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("refunded");
    expect((await refusal(provider.refundPaymentIntent(intentId))).status).toBe(409);
  });

  it("releases the hold of a second checkout completed for an order that is already paid", async () => {
    const { user, orderId, sessionId } = await placeOrder();
    const second = (await startOrderPayment(user.id, orderId)).split("/").pop()!;
    stripe.completeCheckout(sessionId);
    await deliver();
    stripe.completeCheckout(second);
    await deliver();
    const strayIntent = stripe.sessions.get(second)!.payment_intent as string;
    expect(stripe.intents.get(strayIntent)!.status).toBe("canceled");
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "PAID", stripePaymentStatus: "authorized", stripePaymentIntentId: stripe.sessions.get(sessionId)!.payment_intent });
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "CHECKOUT_STARTED", "PAYMENT_AUTHORIZED", "PAYMENT_CANCELLED"]);
  });

  it("cancels an order whose checkout expired unpaid", async () => {
    const { orderId, sessionId } = await placeOrder();
    const session = { ...stripe.sessions.get(sessionId)!, status: "expired" };
    const answer = await post({ id: `evt_test_expired_${orderId}`, object: "event", type: "checkout.session.expired", created: Math.floor(Date.now() / 1000), data: { object: session } });
    expect(answer.status).toBe(200);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("CANCELLED");
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "CANCELLED"]);
  });

  it("writes PAYMENT_CAPTURED once even when the capture was recorded before its webhook arrived", async () => {
    const { orderId, intentId } = await authorised();
    await paymentProvider()!.capturePaymentIntent(intentId);
    await prisma.merchOrder.update({ where: { id: orderId }, data: { stripePaymentStatus: "captured" } });
    const [succeeded] = await deliver();
    expect(succeeded!.type).toBe("payment_intent.succeeded");
    await post({ ...succeeded, id: `${succeeded!.id}_resent` });
    expect((await eventTypes(orderId)).filter((type) => type === "PAYMENT_CAPTURED")).toHaveLength(1);
  });
});
