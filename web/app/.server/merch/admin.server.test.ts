/**
 * Merch administration against the real database, queue and payment emulator: catalogue validation
 * and edits, the order filters, resubmitting (event + queued job) and cancelling (authorisation
 * released, capture refunded, shipped orders refused). The emulator's webhooks go to a local
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
const admin = await import("./admin.server.ts");

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

async function auditEvents(actorId: string) {
  const rows = await prisma.auditLog.findMany({ where: { userId: actorId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ action: row.action, targetId: row.targetId, event: (row.metadata as { event?: string } | null)?.event }));
}

const productFields = (overrides: Record<string, string> = {}) => ({
  name: "Matte print",
  description: "",
  categoryId: "cat",
  provider: "PRODIGI",
  providerSku: "GLOBAL-PHO-MAT",
  basePrice: "8.5",
  retailPrice: "24.99",
  minWidth: "1800",
  minHeight: "1800",
  minDpi: "150",
  printAreaWidth: "",
  printAreaHeight: "",
  active: "on",
  ...overrides,
});

describe("product and variant validation", () => {
  it("accepts a well-formed product and normalises its prices", () => {
    const parsed = admin.parseWith(admin.productFormSchema, productFields());
    expect(parsed).toMatchObject({ ok: true, value: { basePrice: "8.50", retailPrice: "24.99", active: true, printAreaWidth: null, description: null, minDpi: 150 } });
  });

  it("explains price formats, a retail price under the base price, and missing fields", () => {
    const badFormat = admin.parseWith(admin.productFormSchema, productFields({ basePrice: "8.505", retailPrice: "£24" }));
    expect(badFormat).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: {
        basePrice: ["Enter the base price as an amount like 12.50 (digits, at most two decimals)."],
        retailPrice: ["Enter the retail price as an amount like 12.50 (digits, at most two decimals)."],
      },
    });
    const under = admin.parseWith(admin.productFormSchema, productFields({ basePrice: "30", retailPrice: "24.99" }));
    expect(under).toMatchObject({ ok: false, fieldErrors: { retailPrice: ["The retail price must be at least the base price (£30.00), or every sale loses money."] } });
    const equal = admin.parseWith(admin.productFormSchema, productFields({ basePrice: "24.99", retailPrice: "24.99" }));
    expect(equal.ok).toBe(true);
    const empty = admin.parseWith(admin.productFormSchema, productFields({ name: " ", provider: "ACME", minDpi: "12.5", printAreaWidth: "0" }));
    expect(empty).toMatchObject({
      ok: false,
      fieldErrors: {
        name: ["Enter the product name."],
        provider: ["Choose the print provider (Prodigi or Printful)."],
        minDpi: ["Enter the minimum dpi as a whole number."],
        printAreaWidth: ["The print area width must be at least 1."],
      },
    });
    const variant = admin.parseWith(admin.variantFormSchema, { name: "A3", providerSku: "SKU-A3", priceDelta: "-2" });
    expect(variant).toMatchObject({ ok: false, fieldErrors: { priceDelta: ["Enter the price difference as an amount like 12.50 (digits, at most two decimals)."] } });
  });

  it("explains a slug that is not lower-case words with dashes", () => {
    const parsed = admin.parseWith(admin.categoryFormSchema, { name: "Wall art", slug: "Wall Art!" });
    expect(parsed).toMatchObject({ ok: false, fieldErrors: { slug: ["Use lower-case letters, digits and single dashes in the slug, like wall-art."] } });
  });
});

describe("categories", () => {
  it("creates, refuses a duplicate slug or name with 409, edits, hides and reorders, auditing each change", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const tag = suffix();
    const created = await admin.createCategory(actor, { name: `Frames ${tag}`, slug: `frames-${tag}`, description: null, active: true }, "192.0.2.1");
    expect(created).toMatchObject({ ok: true, message: `Category Frames ${tag} created.` });
    if (!created.ok) throw new Error("not created");

    const sameSlug = await admin.createCategory(actor, { name: `Other ${tag}`, slug: `frames-${tag}`, description: null, active: true });
    expect(sameSlug).toMatchObject({ ok: false, status: 409, fieldErrors: { slug: [`The slug “frames-${tag}” is already used by Frames ${tag}.`] } });
    const sameName = await admin.createCategory(actor, { name: `FRAMES ${tag}`, slug: `other-${tag}`, description: null, active: true });
    expect(sameName).toMatchObject({ ok: false, status: 409, fieldErrors: { name: [`A category called “Frames ${tag}” already exists.`] } });

    const other = await category();
    const clash = await admin.updateCategory(actor, other.id, { name: other.name, slug: `frames-${tag}`, description: null, active: true });
    expect(clash).toMatchObject({ ok: false, status: 409 });
    const renamed = await admin.updateCategory(actor, created.id, { name: `Framed ${tag}`, slug: `framed-${tag}`, description: "Ready to hang", active: true });
    expect(renamed.ok).toBe(true);
    expect(await prisma.merchCategory.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ name: `Framed ${tag}`, slug: `framed-${tag}`, description: "Ready to hang" });
    expect(await admin.updateCategory(actor, "missing", { name: "X", slug: "x", description: null, active: true })).toMatchObject({ ok: false, status: 404 });

    expect((await admin.setCategoryActive(actor, created.id, false)).ok).toBe(true);
    expect((await prisma.merchCategory.findUniqueOrThrow({ where: { id: created.id } })).isActive).toBe(false);

    // `other` (sort order 100) is last; moving it up swaps it with the one before it and renumbers the list.
    const before = (await admin.listCategories()).map((row) => row.id);
    const index = before.indexOf(other.id);
    expect(index).toBe(before.length - 1);
    expect(await admin.moveCategory(actor, other.id, "up")).toMatchObject({ ok: true });
    const after = await admin.listCategories();
    expect(after.map((row) => row.id)).toEqual([...before.slice(0, index - 1), other.id, before[index - 1], ...before.slice(index + 1)]);
    expect(after.map((row) => row.sortOrder)).toEqual(after.map((_, position) => position + 1));
    expect(await admin.moveCategory(actor, after[0]!.id, "up")).toMatchObject({ ok: false, status: 409, message: `${after[0]!.name} is already first.` });

    expect(await auditEvents(actor.id)).toEqual([
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_create" },
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_update" },
      { action: "USER_UPDATE", targetId: created.id, event: "merch.category_deactivate" },
      { action: "USER_UPDATE", targetId: other.id, event: "merch.category_move" },
    ]);
  });
});

describe("products and variants", () => {
  it("creates and edits a product, and adds, edits and deactivates its variants", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const cat = await category();
    const form = admin.parseWith(admin.productFormSchema, productFields({ categoryId: cat.id, printAreaWidth: "3600", printAreaHeight: "4800" }));
    if (!form.ok) throw new Error(form.message);
    const created = await admin.createProduct(actor, form.value);
    if (!created.ok) throw new Error(created.message);
    expect(await prisma.merchProduct.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ name: "Matte print", provider: "PRODIGI", printAreaWidth: 3600, isActive: true });

    const missingCategory = await admin.createProduct(actor, { ...form.value, categoryId: "nope" });
    expect(missingCategory).toMatchObject({ ok: false, status: 400, fieldErrors: { categoryId: ["Choose a category that exists."] } });

    const edited = await admin.updateProduct(actor, created.id, { ...form.value, retailPrice: "29.99", active: false });
    expect(edited.ok).toBe(true);
    const saved = await prisma.merchProduct.findUniqueOrThrow({ where: { id: created.id } });
    expect(saved.retailPrice.toFixed(2)).toBe("29.99");
    expect(saved.isActive).toBe(false);

    const variant = await admin.createVariant(actor, created.id, { name: "30×40 cm", providerSku: "GLOBAL-30x40", priceDelta: "6.00", size: "30x40", colour: null });
    if (!variant.ok) throw new Error(variant.message);
    const updated = await admin.updateVariant(actor, variant.id, { name: "30×40 cm black", providerSku: "GLOBAL-30x40-B", priceDelta: "7.50", size: "30x40", colour: "black" });
    expect(updated.ok).toBe(true);
    const row = await prisma.merchVariant.findUniqueOrThrow({ where: { id: variant.id } });
    expect(row).toMatchObject({ name: "30×40 cm black", providerSku: "GLOBAL-30x40-B", attributes: { size: "30x40", color: "black" }, isActive: true });
    expect(row.priceDelta.toFixed(2)).toBe("7.50");

    expect((await admin.setVariantActive(actor, variant.id, false)).ok).toBe(true);
    expect((await prisma.merchVariant.findUniqueOrThrow({ where: { id: variant.id } })).isActive).toBe(false);
    expect(await admin.updateVariant(actor, "missing", { name: "X", providerSku: "X", priceDelta: "0.00", size: null, colour: null })).toMatchObject({ ok: false, status: 404 });

    const listed = (await admin.listProducts()).find((entry) => entry.id === created.id);
    expect(listed).toMatchObject({ retailPrice: "29.99", basePrice: "8.50", variants: [{ name: "30×40 cm black", priceDelta: "7.50", size: "30x40", colour: "black", isActive: false }] });

    expect((await auditEvents(actor.id)).map((entry) => entry.event)).toEqual([
      "merch.product_create",
      "merch.product_update",
      "merch.variant_create",
      "merch.variant_update",
      "merch.variant_deactivate",
    ]);
  });
});

describe("the order list", () => {
  it("filters by status, provider, date range and order number or email", async () => {
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID", provider: "PRODIGI", email: "alice-filter@example.com", createdAt: new Date("2026-03-02T10:00:00Z") });
    const shipped = await order(owner.id, { status: "SHIPPED", provider: "PRINTFUL", createdAt: new Date("2026-03-05T23:30:00Z") });
    const older = await order(owner.id, { status: "PAID", provider: "PRINTFUL", createdAt: new Date("2026-01-10T08:00:00Z") });
    const list = (query: string) => admin.listAdminOrders(admin.parseOrderFilter(new URLSearchParams(query)));

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

    expect(admin.parseOrderFilter(new URLSearchParams("status=LOST&provider=ACME&from=yesterday&page=-1"))).toEqual({ status: null, provider: null, from: null, to: null, q: "", page: 1 });
  });
});

describe("resubmitting an order", () => {
  it("writes a RESUBMITTED event, audits it and queues a submission job", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID" });
    const result = await admin.resubmitOrder(actor, paid.id, "192.0.2.5");
    expect(result).toMatchObject({ ok: true, message: `${paid.orderNumber} was queued for the print provider again.` });

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
    const refused = await admin.resubmitOrder(actor, healthy.id);
    expect(refused).toMatchObject({ ok: false, status: 409, message: `${healthy.orderNumber} is with the print provider and none of its items failed, so there is nothing to resubmit.` });
    const shipped = await order(owner.id, { status: "SHIPPED" });
    expect(await admin.resubmitOrder(actor, shipped.id)).toMatchObject({ ok: false, status: 409 });
    expect(await admin.resubmitOrder(actor, "missing")).toMatchObject({ ok: false, status: 404 });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: { in: [healthy.id, shipped.id] } } })).toBe(0);

    const rejected = await order(owner.id, { status: "SUBMITTED", podStatus: "Rejected" });
    expect((await admin.resubmitOrder(actor, rejected.id)).ok).toBe(true);
    expect(await prisma.merchOrderEvent.count({ where: { orderId: rejected.id, type: "RESUBMITTED" } })).toBe(1);
  });
});

describe("cancelling an order", () => {
  it("releases an authorised payment through the provider and cancels the order", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const intent = await authorisedIntent(owner.id);
    const paid = await order(owner.id, { status: "PAID", intent, payment: "authorized" });

    const result = await admin.cancelOrder(actor, paid.id, "192.0.2.8");
    expect(result).toMatchObject({ ok: true, message: `${paid.orderNumber} was cancelled and the payment authorisation released.` });
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
    expect(await admin.cancelOrder(actor, paid.id)).toMatchObject({ ok: false, status: 409, message: "This order is already cancelled." });
    expect(delivered.length).toBe(count);
  });

  it("refunds a captured payment and marks the order refunded", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const intent = await authorisedIntent(owner.id);
    const submitted = await order(owner.id, { status: "SUBMITTED", intent, payment: "captured" });

    const result = await admin.cancelOrder(actor, submitted.id);
    expect(result).toMatchObject({ ok: true, message: `${submitted.orderNumber} was cancelled and £29.98 refunded.` });
    expect(delivered.some((event) => event.type === "charge.refunded" && event.data.object.payment_intent === intent)).toBe(true);
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: submitted.id } })).toMatchObject({ status: "REFUNDED", stripePaymentStatus: "refunded" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: submitted.id, type: "REFUNDED" } })).toBe(1);
  });

  it("cancels an unpaid order without calling the provider, and refuses shipped or delivered ones", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const pending = await order(owner.id, { status: "PENDING" });
    const count = delivered.length;
    expect(await admin.cancelOrder(actor, pending.id)).toMatchObject({ ok: true, message: `${pending.orderNumber} was cancelled.` });
    expect(delivered.length).toBe(count);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");

    const shipped = await order(owner.id, { status: "SHIPPED", intent: "pi_shipped_example", payment: "captured" });
    expect(await admin.cancelOrder(actor, shipped.id)).toMatchObject({ ok: false, status: 409, message: "This order has already shipped, so it can no longer be cancelled or refunded here." });
    const delivered2 = await order(owner.id, { status: "DELIVERED" });
    expect(await admin.cancelOrder(actor, delivered2.id)).toMatchObject({ ok: false, status: 409 });
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: shipped.id } })).toMatchObject({ status: "SHIPPED", stripePaymentStatus: "captured" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: { in: [shipped.id, delivered2.id] } } })).toBe(0);
    expect(await admin.cancelOrder(actor, "missing")).toMatchObject({ ok: false, status: 404 });
  });

  it("changes nothing when the payment provider refuses", async () => {
    const actor = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const paid = await order(owner.id, { status: "PAID", intent: "pi_local_not-a-real-intent", payment: "authorized" });
    const result = await admin.cancelOrder(actor, paid.id);
    expect(result).toMatchObject({ ok: false, status: 502, message: "The payment provider refused: No such payment_intent: 'pi_local_not-a-real-intent'. Nothing was changed." });
    expect(await prisma.merchOrder.findUniqueOrThrow({ where: { id: paid.id } })).toMatchObject({ status: "PAID", stripePaymentStatus: "authorized" });
    expect(await prisma.merchOrderEvent.count({ where: { orderId: paid.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { userId: actor.id } })).toBe(0);
  });

  it("shows the order with its items, events and what may be done", async () => {
    const owner = await makeUser();
    const failed = await order(owner.id, { status: "SUBMITTED", podStatus: "failed", intent: "pi_view_example", payment: "captured" });
    await prisma.merchOrderEvent.create({ data: { orderId: failed.id, type: "POD_REJECTED", data: { reason: "File too small" } } });
    const view = await admin.getAdminOrder(failed.id);
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
    expect(await admin.getAdminOrder("missing")).toBeNull();
  });
});
