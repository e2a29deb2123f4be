/**
 * The merch order desk against the real database, queue and payment emulator: the order filters,
 * one order's view, resubmitting (event + queued job) and cancelling (authorisation released,
 * capture refunded, shipped orders refused). The emulator's webhooks go to a local
 * recorder served on APP_URL, so each test can see exactly which payment call was made.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderNumber } from "@spike-land/shared/merch/orders";
import { cardFormSchema, TEST_CARDS } from "@spike-land/shared/payments/card";
import { startRouteServer } from "../../../test/route-server.ts";

type Delivered = { id: string; type: string; data: { object: Record<string, unknown> } };
const delivered: Delivered[] = [];
const app = await startRouteServer();
process.env.APP_URL = app.url;
app.mount("POST", "/webhooks/stripe", async ({ request }) => {
  delivered.push((await request.json()) as Delivered);
  return new Response(JSON.stringify({ received: true }), { status: 200, headers: { "Content-Type": "application/json" } });
});

const { prisma } = await import("../platform/db.server.ts");
const { env } = await import("../platform/env.server.ts");
const { startQueue, stopQueue } = await import("../platform/queue.server.ts");
const { paymentEmulator } = await import("../providers/payments/index.server.ts");
const { makeUser } = await import("../../../test/fixtures.ts");
const { MERCH_SUBMIT_QUEUE } = await import("./fulfilment-queue.server.ts");
const desk = await import("./order-desk.server.ts");

beforeAll(() => startQueue(env.DATABASE_URL, { maintenance: false }));
afterAll(async () => {
  await stopQueue();
  await app.close();
});

const suffix = () => randomBytes(3).toString("hex");

async function category(overrides: { name?: string; slug?: string } = {}) {
  const tag = suffix();
  return prisma.merchCategory.create({ data: { name: overrides.name ?? `Prints ${tag}`, slug: overrides.slug ?? `prints-${tag}`, sortOrder: 100 } });
}

async function product(provider: "PRODIGI" | "PRINTFUL" = "PRODIGI") {
  const cat = await category();
  return prisma.merchProduct.create({
    data: { name: `Poster ${suffix()}`, categoryId: cat.id, provider, providerSku: "SKU-1", basePrice: "8.50", retailPrice: "24.99" },
  });
}

type OrderSeed = {
  status?: "PENDING" | "PAID" | "SUBMITTED" | "IN_PRODUCTION" | "SHIPPED" | "DELIVERED" | "CANCELLED";
  provider?: "PRODIGI" | "PRINTFUL";
  email?: string;
  createdAt?: Date;
  podStatus?: string | null;
  intent?: string | null;
  payment?: string | null;
};

async function order(userId: string, seed: OrderSeed = {}) {
  const item = await product(seed.provider ?? "PRODIGI");
  return prisma.merchOrder.create({
    data: {
      userId,
      orderNumber: orderNumber(seed.createdAt ?? new Date(), (size) => randomBytes(size)),
      status: seed.status ?? "PAID",
      subtotal: "24.99",
      shippingCost: "4.99",
      totalAmount: "29.98",
      currency: "GBP",
      stripePaymentIntentId: seed.intent ?? null,
      stripePaymentStatus: seed.payment ?? null,
      shippingAddress: { name: "Ada Lovelace", line1: "1 Analytical Row", line2: "", city: "London", postalCode: "N1 1AA", country: "GB" },
      customerEmail: seed.email ?? `buyer-${suffix()}@example.com`,
      ...(seed.createdAt ? { createdAt: seed.createdAt } : {}),
      items: {
        create: {
          productId: item.id,
          productName: item.name,
          imageUrl: "https://example.com/print.jpg",
          imageR2Key: `merch/${userId}/print.jpg`,
          quantity: 1,
          unitPrice: "24.99",
          totalPrice: "24.99",
          podStatus: seed.podStatus ?? null,
        },
      },
    },
  });
}

/** A real manual-capture PaymentIntent from the emulator: a merch checkout paid with the test card. */
async function authorisedIntent(userId: string): Promise<string> {
  const emulator = paymentEmulator();
  if (!emulator) throw new Error("The payment emulator is not the configured provider");
  const session = await emulator.createCheckoutSession({
    mode: "payment",
    lineItems: [{ name: "Poster", unitAmountMinor: 2998, quantity: 1 }],
    currency: "GBP",
    captureMethod: "manual",
    customerEmail: "buyer@example.com",
    successUrl: `${app.url}/done`,
    cancelUrl: `${app.url}/cancelled`,
    clientReferenceId: userId,
    metadata: { kind: "merch" },
    paymentMetadata: { kind: "merch" },
  });
  const paid = await emulator.payCheckout(session.id, cardFormSchema.parse({ cardNumber: TEST_CARDS.success, expiry: "12 / 34", cvc: "123", cardholder: "Ada Lovelace" }));
  expect(paid.ok).toBe(true);
  const completed = delivered.find((event) => event.type === "checkout.session.completed" && event.data.object.id === session.id);
  const intent = completed?.data.object.payment_intent;
  if (typeof intent !== "string") throw new Error("The checkout reported no PaymentIntent");
  return intent;
}

describe("the order list", () => {
  it("filters by status, provider, date range and order number or email", async () => {
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID", provider: "PRODIGI", email: "alice-filter@example.com", createdAt: new Date("2026-03-02T10:00:00Z") });
    const shipped = await order(owner.id, { status: "SHIPPED", provider: "PRINTFUL", createdAt: new Date("2026-03-05T23:30:00Z") });
    const older = await order(owner.id, { status: "PAID", provider: "PRINTFUL", createdAt: new Date("2026-01-10T08:00:00Z") });
    const list = (query: string) => desk.listAdminOrders(desk.parseOrderFilter(new URLSearchParams(query)));

    const byStatus = await list("status=SHIPPED");
    expect(byStatus.orders.map((row) => row.id)).toContain(shipped.id);
    expect(byStatus.orders.every((row) => row.status === "SHIPPED")).toBe(true);

    const byProvider = await list("provider=PRINTFUL");
    const providerIds = byProvider.orders.map((row) => row.id);
    expect(providerIds).toEqual(expect.arrayContaining([shipped.id, older.id]));
    expect(providerIds).not.toContain(paid.id);

    const byNumber = await list(`q=${paid.orderNumber.toLowerCase()}`);
    expect(byNumber.orders.map((row) => row.id)).toEqual([paid.id]);
    expect(byNumber.orders[0]).toMatchObject({ total: "£29.98", itemCount: 1, providers: ["PRODIGI"] });
    expect((await list("q=alice-filter")).orders.map((row) => row.id)).toEqual([paid.id]);

    const march = await list("from=2026-03-01&to=2026-03-05");
    const marchIds = march.orders.map((row) => row.id);
    expect(marchIds).toEqual(expect.arrayContaining([paid.id, shipped.id]));
    expect(marchIds).not.toContain(older.id);
    expect((await list("from=2026-03-03&to=2026-03-04&provider=PRINTFUL")).orders.map((row) => row.id)).not.toContain(shipped.id);

    expect(desk.parseOrderFilter(new URLSearchParams("status=LOST&provider=ACME&from=yesterday&page=-1"))).toEqual({ status: null, provider: null, from: null, to: null, q: "", page: 1 });
  });
});

describe("resubmitting an order", () => {
  it("writes a RESUBMITTED event, audits it and queues a submission job", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID" });
    const result = await desk.resubmitOrder(actor, paid.id, "192.0.2.5");
    expect(result).toMatchObject({ message: `${paid.orderNumber} was queued for the print provider again.` });

    const events = await prisma.merchOrderEvent.findMany({ where: { orderId: paid.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "RESUBMITTED", data: { by: actor.id, from: "PAID" } });
    const attempt = (events[0]!.data as { attempt: string }).attempt;
    expect(attempt).toMatch(/^resubmit-\d+$/);

    const jobs = await prisma.$queryRaw<Array<{ state: string; singleton_key: string }>>`
      SELECT state::text AS state, singleton_key FROM pgboss.job WHERE name = ${MERCH_SUBMIT_QUEUE} AND data->>'orderId' = ${paid.id}`;
    expect(jobs).toEqual([{ state: "created", singleton_key: `${paid.id}:${attempt}` }]);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: actor.id } });
    expect(audit).toMatchObject({ action: "USER_UPDATE", targetId: paid.id, ipAddress: "192.0.2.5" });
    expect(audit.metadata).toMatchObject({ event: "merch.order_resubmit", orderNumber: paid.orderNumber, attempt });
  });

  it("allows a submitted order only when an item failed, and refuses other states", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const healthy = await order(owner.id, { status: "SUBMITTED", podStatus: "accepted" });
    const refused = desk.resubmitOrder(actor, healthy.id);
    await expect(refused).rejects.toMatchObject({ status: 409, message: `${healthy.orderNumber} is with the print provider and none of its items failed, so there is nothing to resubmit.` });
    const shipped = await order(owner.id, { status: "SHIPPED" });
    await expect(desk.resubmitOrder(actor, shipped.id)).rejects.toMatchObject({ status: 409 });
    await expect(desk.resubmitOrder(actor, "missing")).rejects.toMatchObject({ status: 404, message: "That order was not found." });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: { in: [healthy.id, shipped.id] } } })).toBe(0);

    const rejected = await order(owner.id, { status: "SUBMITTED", podStatus: "Rejected" });
    expect(await desk.resubmitOrder(actor, rejected.id)).toMatchObject({ id: rejected.id });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: rejected.id, type: "RESUBMITTED" } })).toBe(1);
  });
});

describe("cancelling an order", () => {
  it("releases an authorised payment through the provider and cancels the order", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const intent = await authorisedIntent(owner.id);
    const paid = await order(owner.id, { status: "PAID", intent, payment: "authorized" });

    const result = await desk.cancelOrder(actor, paid.id, "192.0.2.8");
    expect(result).toMatchObject({ message: `${paid.orderNumber} was cancelled and the payment authorisation released.` });
    expect(delivered.filter((event) => event.type === "payment_intent.canceled").map((event) => event.data.object.id)).toContain(intent);
    expect(delivered.some((event) => event.type === "charge.refunded" && event.data.object.payment_intent === intent)).toBe(false);

    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: paid.id } })).toMatchObject({ status: "CANCELLED", stripePaymentStatus: "cancelled" });
    const events = await prisma.merchOrderEvent.findMany({ where: { orderId: paid.id, type: "CANCELLED" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ by: actor.id, from: "PAID", payment: "cancelled" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: actor.id } });
    expect(audit).toMatchObject({ targetId: paid.id, ipAddress: "192.0.2.8" });
    expect(audit.metadata).toMatchObject({ event: "merch.order_cancel", from: "PAID", to: "CANCELLED", payment: "cancelled" });

    // Cancelling twice is refused and calls nothing.
    const count = delivered.length;
    await expect(desk.cancelOrder(actor, paid.id)).rejects.toMatchObject({ status: 409, message: "This order is already cancelled." });
    expect(delivered.length).toBe(count);
  });

  it("refunds a captured payment and marks the order refunded", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const intent = await authorisedIntent(owner.id);
    const submitted = await order(owner.id, { status: "SUBMITTED", intent, payment: "captured" });

    const result = await desk.cancelOrder(actor, submitted.id);
    expect(result).toMatchObject({ message: `${submitted.orderNumber} was cancelled and £29.98 refunded.` });
    expect(delivered.some((event) => event.type === "charge.refunded" && event.data.object.payment_intent === intent)).toBe(true);
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: submitted.id } })).toMatchObject({ status: "REFUNDED", stripePaymentStatus: "refunded" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: submitted.id, type: "REFUNDED" } })).toBe(1);
  });

  it("cancels an unpaid order without calling the provider, and refuses shipped or delivered ones", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const pending = await order(owner.id, { status: "PENDING" });
    const count = delivered.length;
    expect(await desk.cancelOrder(actor, pending.id)).toMatchObject({ message: `${pending.orderNumber} was cancelled.` });
    expect(delivered.length).toBe(count);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");

    const shipped = await order(owner.id, { status: "SHIPPED", intent: "pi_shipped_example", payment: "captured" });
    await expect(desk.cancelOrder(actor, shipped.id)).rejects.toMatchObject({ status: 409, message: "This order has already shipped, so it can no longer be cancelled or refunded here." });
    const delivered2 = await order(owner.id, { status: "DELIVERED" });
    await expect(desk.cancelOrder(actor, delivered2.id)).rejects.toMatchObject({ status: 409 });
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: shipped.id } })).toMatchObject({ status: "SHIPPED", stripePaymentStatus: "captured" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: { in: [shipped.id, delivered2.id] } } })).toBe(0);
    await expect(desk.cancelOrder(actor, "missing")).rejects.toMatchObject({ status: 404, message: "That order was not found." });
  });

  it("changes nothing when the payment provider refuses", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID", intent: "pi_local_not-a-real-intent", payment: "authorized" });
    const result = desk.cancelOrder(actor, paid.id);
    await expect(result).rejects.toMatchObject({ status: 502, message: "The payment provider refused: No such payment_intent: 'pi_local_not-a-real-intent'. Nothing was changed." });
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: paid.id } })).toMatchObject({ status: "PAID", stripePaymentStatus: "authorized" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: paid.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { userId: actor.id } })).toBe(0);
  });

  it("shows the order with its items, events and what may be done", async () => {
    const owner = await makeUser();
    const failed = await order(owner.id, { status: "SUBMITTED", podStatus: "failed", intent: "pi_view_example", payment: "captured" });
    await prisma.merchOrderEvent.create({ data: { orderId: failed.id, type: "POD_REJECTED", data: { reason: "File too small" } } });
    const view = await desk.getAdminOrder(failed.id);
    expect(view).toMatchObject({
      orderNumber: failed.orderNumber,
      total: "£29.98",
      shippingCost: "£4.99",
      canResubmit: true,
      canCancel: true,
      payment: { intentId: "pi_view_example", status: "captured" },
      shippingAddress: { name: "Ada Lovelace", city: "London", country: "GB" },
      items: [{ quantity: 1, unitPrice: "£24.99", failed: true, podStatus: "failed" }],
      events: [{ type: "POD_REJECTED", data: { reason: "File too small" } }],
    });
    expect(view!.items[0]!.thumbUrl).toContain(`/files/merch/${owner.id}/print.jpg?`);
    await expect(desk.getAdminOrder("missing")).rejects.toMatchObject({ status: 404, message: "That order was not found." });
  });
});
