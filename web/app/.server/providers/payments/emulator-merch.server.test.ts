/**
 * The emulator's manual-capture payments for shop orders, end to end over HTTP: the hosted page
 * authorises (checkout.session.completed, payment_status "unpaid", PaymentIntent requires_capture),
 * the real webhook moves the order to PAID and queues it; capture, cancel and refund post their
 * Stripe-shaped events, and moves Stripe would refuse are refused with a 409.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@spike-land/shared/payments/card";
import { startRouteServer } from "../../../../test/route-server.ts";

const app = await startRouteServer();
process.env.APP_URL = app.url;

const { prisma } = await import("../../platform/db.server.ts");
const { env } = await import("../../platform/env.server.ts");
const { seed } = await import("../../../../../prisma/seed.ts");
const { startQueue, stopQueue } = await import("../../platform/queue.server.ts");
const { MERCH_SUBMIT_QUEUE } = await import("../../merch/fulfilment-queue.server.ts");
const { createOrderFromCart, startOrderPayment } = await import("../../merch/orders.server.ts");
const { paymentProvider } = await import("./index.server.ts");
const { PaymentProviderError } = await import("./types.ts");
const { action: webhook } = await import("../../../routes/webhooks.stripe.tsx");
const { loader: payLoader, action: payAction } = await import("../../../routes/pay.checkout.$sessionId.tsx");
const { makeUser } = await import("../../../../test/fixtures.ts");
const { formRequest, getRequest, routeArgs, run } = await import("../../../../test/request.ts");

app.mount("POST", "/webhooks/stripe", webhook);

beforeAll(async () => {
  await seed();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(async () => {
  await stopQueue();
  await app.close();
});

const ADDRESS = { name: "Ada Lovelace", line1: "1 Test Street", city: "London", postalCode: "SW1A 1AA", country: "GB", email: "ada@example.com" };

/** A user with a 30×40 cm lustre print (£30.99) and UK shipping in the cart, placed as an order; returns the checkout session id. */
async function placeOrder() {
  const user = await makeUser();
  const cart = await prisma.merchCart.create({ data: { userId: user.id } });
  await prisma.merchCartItem.create({ data: { cartId: cart.id, productId: "prod_lustre_print", variantId: "var_print_30x40", uploadedImageR2Key: `merch/${user.id}/a.jpg`, quantity: 1 } });
  const order = await createOrderFromCart(user.id, ADDRESS, "UK");
  const url = await startOrderPayment(user.id, order.id);
  expect(url.startsWith(`${app.url}/pay/checkout/cs_local_`)).toBe(true);
  const sessionId = decodeURIComponent(new URL(url).pathname.split("/").pop()!);
  return { user, orderId: order.id, sessionId };
}

function pay(sessionId: string, cardNumber: string = TEST_CARDS.success) {
  const fields = { cardNumber, expiry: "12 / 34", cvc: "123", cardholder: "Ada Lovelace" };
  return run(() => payAction(routeArgs(formRequest(`/pay/checkout/${sessionId}`, fields), { sessionId })));
}

async function authorised() {
  const placed = await placeOrder();
  const paid = await pay(placed.sessionId);
  expect(paid.status).toBe(302);
  const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: placed.orderId } });
  return { ...placed, intentId: order.stripePaymentIntentId! };
}

async function eventTypes(orderId: string) {
  return (await prisma.merchOrderEvent.findMany({ where: { orderId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((event) => event.type);
}

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PaymentProviderError);
  return error as InstanceType<typeof PaymentProviderError>;
}

describe("authorising a shop order on the emulator's hosted page", () => {
  it("shows the order's lines in pounds, with shipping, as a card authorisation", async () => {
    const { sessionId } = await placeOrder();
    const page = await run(() => payLoader(routeArgs(getRequest(`/pay/checkout/${sessionId}`), { sessionId })));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      mode: "payment",
      captureMethod: "manual",
      amount: "35.98",
      item: { amountMinor: 3598, currency: "GBP", recurring: false },
      lines: [
        { name: "Lustre photo print — 30×40 cm", quantity: 1, amountMinor: 3099 },
        { name: "Shipping", quantity: 1, amountMinor: 499 },
      ],
      state: "open",
    });
    expect(page.body.item.name).toMatch(/^Order SL-\d{8}-/);
  });

  it("completes the checkout unpaid with a requires_capture PaymentIntent; the order becomes PAID and is queued once", async () => {
    const { user, orderId, sessionId } = await placeOrder();
    await prisma.visitorSession.create({ data: { visitorId: `v-${user.id}`, userId: user.id, sessionStart: new Date(), landingPage: "/shop" } });
    const paid = await pay(sessionId);
    expect(paid.status).toBe(302);
    expect(paid.location).toBe(`${app.url}/orders/${orderId}?paid=1`);

    const completion = await prisma.webhookEvent.findFirstOrThrow({ where: { eventType: "checkout.session.completed", payload: { path: ["data", "object", "id"], equals: sessionId } } });
    const session = (completion.payload as { data: { object: Record<string, unknown> } }).data.object;
    expect(session).toMatchObject({ payment_status: "unpaid", status: "complete", amount_total: 3598, currency: "gbp", metadata: { kind: "merch", orderId } });

    const held = await prisma.webhookEvent.findFirstOrThrow({ where: { eventType: "payment_intent.amount_capturable_updated", payload: { path: ["data", "object", "id"], equals: session.payment_intent as string } } });
    expect((held.payload as { data: { object: Record<string, unknown> } }).data.object).toMatchObject({ status: "requires_capture", capture_method: "manual", amount_capturable: 3598, amount_received: 0 });

    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "PAID", stripePaymentStatus: "authorized", stripePaymentIntentId: session.payment_intent });
    expect(order.paidAt).toBeInstanceOf(Date);
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "PAYMENT_AUTHORIZED"]);

    // Paying the same checkout again (a double click) changes nothing more.
    expect((await pay(sessionId)).status).toBe(302);
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "PAYMENT_AUTHORIZED"]);
    const jobs = await prisma.$queryRaw<Array<{ count: bigint }>>`SELECT count(*)::bigint AS count FROM pgboss.job WHERE name = ${MERCH_SUBMIT_QUEUE} AND data->>'orderId' = ${orderId}`;
    expect(Number(jobs[0]!.count)).toBe(1);
    // The buyer let us record their visits: the order counts once as a purchase of its total.
    const purchases = await prisma.analyticsEvent.findMany({ where: { name: "purchase", session: { userId: user.id } } });
    expect(purchases.map((event) => [event.value, (event.metadata as { kind: string }).kind])).toEqual([[35.98, "merch"]]);
  });

  it("records a declined card on the order's timeline and leaves it awaiting payment", async () => {
    const { orderId, sessionId } = await placeOrder();
    const declined = await pay(sessionId, TEST_CARDS.declined);
    expect(declined.status).toBe(402);
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId }, include: { events: { where: { type: "PAYMENT_FAILED" } } } });
    expect(order.status).toBe("PAYMENT_PENDING");
    expect(order.events).toHaveLength(1);
    expect(order.events[0]!.data).toMatchObject({ message: "Your card was declined." });
  });
});

describe("capture, cancel and refund on the emulator", () => {
  it("captures an authorised payment once: payment_intent.succeeded, status captured, a PAYMENT_CAPTURED event", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    expect(await provider.capturePaymentIntent(intentId)).toEqual({ id: intentId, status: "succeeded", amountMinor: 3598, currency: "GBP" });
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.stripePaymentStatus).toBe("captured");
    expect(await eventTypes(orderId)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED", "PAYMENT_AUTHORIZED", "PAYMENT_CAPTURED"]);
    const again = await refusal(provider.capturePaymentIntent(intentId));
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/status of succeeded/);
  });

  it("cancels an authorisation, and then refuses to capture it (409)", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    expect((await provider.cancelPaymentIntent(intentId)).status).toBe("canceled");
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("cancelled");
    expect(await eventTypes(orderId)).toContain("PAYMENT_CANCELLED");

    const capture = await refusal(provider.capturePaymentIntent(intentId));
    expect(capture).toMatchObject({ status: 409, code: "payment_intent_unexpected_state" });
    expect(capture.message).toBe("This PaymentIntent could not be captured because it has a status of canceled.");
    expect((await refusal(provider.cancelPaymentIntent(intentId))).status).toBe(409);
    expect((await refusal(provider.refundPaymentIntent(intentId))).status).toBe(409);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("cancelled");
  });

  it("refunds only a captured payment, once (charge.refunded)", async () => {
    const { orderId, intentId } = await authorised();
    const provider = paymentProvider()!;
    expect((await refusal(provider.refundPaymentIntent(intentId))).status).toBe(409);
    await provider.capturePaymentIntent(intentId);
    expect(await provider.refundPaymentIntent(intentId)).toMatchObject({ paymentIntentId: intentId, status: "succeeded", amountMinor: 3598 });
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId } })).stripePaymentStatus).toBe("refunded");
    expect((await eventTypes(orderId)).filter((type) => type === "REFUNDED")).toHaveLength(1);
    expect((await refusal(provider.refundPaymentIntent(intentId))).status).toBe(409);
    expect((await refusal(provider.cancelPaymentIntent(intentId))).status).toBe(409);
  });

  it("refuses made-up or altered intent ids (404)", async () => {
    const { intentId } = await authorised();
    const provider = paymentProvider()!;
    expect((await refusal(provider.capturePaymentIntent("pi_local_made-up.signature"))).status).toBe(404);
    const altered = intentId.slice(0, -3) + (intentId.endsWith("AAA") ? "BBB" : "AAA");
    expect((await refusal(provider.capturePaymentIntent(altered))).status).toBe(404);
  });
});
