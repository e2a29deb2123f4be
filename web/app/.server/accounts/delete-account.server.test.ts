/** Deleting an account keeps its orders, payments and subscription for the books, with nothing left that names the person. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { seed } from "../../../../prisma/seed.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { deleteUser, DELETED_CUSTOMER } from "./users.server.ts";
import { applyInvoicePaid, applySubscriptionSnapshot } from "../payments/subscription-events.server.ts";
import type { SubscriptionSnapshot } from "../providers/payments/objects.ts";
import { loader as adminOrderLoader } from "../../routes/admin.merch.orders.$id.tsx";
import { loader as adminPaymentsLoader } from "../../routes/admin.payments.tsx";
import { makePaidOrder } from "../../../test/merch-orders.ts";
import { makeUser, signIn } from "../../../test/fixtures.ts";
import { getRequest, routeArgs, run } from "../../../test/request.ts";

let adminCookie = "";

beforeAll(async () => {
  await seed();
  adminCookie = (await signIn((await makeUser({ role: "ADMIN" })).id)).cookie;
});

function snapshotOf(row: { stripeSubscriptionId: string; stripePriceId: string; currentPeriodStart: Date; currentPeriodEnd: Date }): SubscriptionSnapshot {
  return {
    id: row.stripeSubscriptionId,
    customerId: "cus_gone",
    status: "active",
    cancelAtPeriodEnd: false,
    itemId: "si_gone",
    priceId: row.stripePriceId,
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    endedAt: null,
    metadata: {},
  };
}

async function customerWithHistory() {
  const { user, order } = await makePaidOrder({ recipient: "Ada Lovelace", status: "SUBMITTED" });
  await prisma.merchOrder.update({
    where: { id: order.id },
    data: {
      customerPhone: "+44 20 7946 0000",
      notes: "Leave with the neighbour at number 3",
      billingAddress: { name: "Ada Lovelace", line1: "12 Billing Road", line2: "Flat 2", city: "Leeds", postalCode: "LS1 1AA", country: "GB" },
    },
  });
  await prisma.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { customText: "Happy birthday, Charles" } });
  const payment = await prisma.stripePayment.create({
    data: { userId: user.id, packageId: "pack_basic", tokensGranted: 50, amountGBP: "9.99", stripePaymentIntentId: `pi_deleted_${order.id}`, status: "SUCCEEDED", metadata: { currency: "GBP" } },
  });
  const now = new Date();
  const subscription = await prisma.subscription.create({
    data: {
      userId: user.id,
      stripeSubscriptionId: `sub_deleted_${order.id}`,
      stripePriceId: "price_local_plan_hobby",
      status: "ACTIVE",
      tier: "BASIC",
      currentPeriodStart: now,
      currentPeriodEnd: new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000),
      tokensPerMonth: 30,
      maxRollover: 30,
    },
  });
  return { user, order, payment, subscription };
}

describe("deleting an account with orders and payments", () => {
  it("keeps the order and the payment, amounts, dates and statuses intact, with no personal data left", async () => {
    const { user, order, payment, subscription } = await customerWithHistory();
    await deleteUser(user.id);

    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    const kept = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id }, include: { items: true, events: true } });
    expect(kept).toMatchObject({
      userId: null,
      orderNumber: order.orderNumber,
      status: "SUBMITTED",
      currency: "GBP",
      stripePaymentIntentId: order.stripePaymentIntentId,
      customerEmail: DELETED_CUSTOMER.email,
      customerPhone: null,
      notes: null,
    });
    expect(kept.totalAmount.toFixed(2)).toBe("34.98");
    expect(kept.subtotal.toFixed(2)).toBe("29.99");
    expect(kept.createdAt).toEqual(order.createdAt);
    expect(kept.paidAt).toEqual(order.paidAt);
    expect(kept.shippingAddress).toEqual({ name: "Deleted customer", line1: "Removed with the account", line2: "", city: "Removed with the account", postalCode: "", country: "GB" });
    expect(kept.billingAddress).toEqual({ name: "Deleted customer", line1: "Removed with the account", line2: "", city: "Removed with the account", postalCode: "", country: "GB" });
    expect(kept.items).toHaveLength(1);
    expect(kept.items[0]).toMatchObject({ customText: null, quantity: 1 });
    expect(kept.items[0]!.totalPrice.toFixed(2)).toBe("29.99");
    const everything = JSON.stringify(kept);
    for (const personal of [user.email!, "Ada Lovelace", "Example Street", "SW1A", "Billing Road", "Leeds", "+44 20", "neighbour", "Charles"]) {
      expect(everything).not.toContain(personal);
    }

    const keptPayment = await prisma.stripePayment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(keptPayment).toMatchObject({ userId: null, status: "SUCCEEDED", tokensGranted: 50, stripePaymentIntentId: payment.stripePaymentIntentId });
    expect(keptPayment.amountGBP.toFixed(2)).toBe("9.99");
    expect(keptPayment.createdAt).toEqual(payment.createdAt);

    const keptSubscription = await prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(keptSubscription).toMatchObject({ userId: null, status: "ACTIVE", tier: "BASIC", tokensPerMonth: 30, stripeSubscriptionId: subscription.stripeSubscriptionId });
  });

  it("lets the kept subscription's later events through without granting anyone anything", async () => {
    const { user, subscription } = await customerWithHistory();
    await deleteUser(user.id);
    const invoice = {
      id: `in_after_${subscription.id}`,
      customerId: null,
      billingReason: "subscription_cycle",
      amountPaid: 499,
      currency: "GBP",
      created: new Date(),
      subscriptionId: subscription.stripeSubscriptionId,
      priceId: "price_local_plan_hobby",
      period: null,
    };
    expect(await prisma.$transaction((tx) => applyInvoicePaid(invoice, tx, null))).toBeNull();
    const ended = { ...snapshotOf(subscription), status: "canceled", endedAt: new Date() };
    await prisma.$transaction((tx) => applySubscriptionSnapshot(ended, tx));
    expect(await prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ userId: null, status: "CANCELED" });
    expect(await prisma.tokenTransaction.count({ where: { sourceId: invoice.id } })).toBe(0);
  });

  it("still opens the order on the merch desk and lists the payment for the admin", async () => {
    const { user, order, payment } = await customerWithHistory();
    await deleteUser(user.id);

    const page = await run(() => adminOrderLoader(routeArgs(getRequest(`/admin/merch/orders/${order.id}`, { cookie: adminCookie }), { id: order.id })));
    expect(page.status).toBe(200);
    expect(page.body.order).toMatchObject({ orderNumber: order.orderNumber, user: null });
    expect(JSON.stringify(page.body)).not.toContain(user.email!);

    const payments = await run(() => adminPaymentsLoader(routeArgs(getRequest("/admin/payments", { cookie: adminCookie }))));
    expect(payments.status).toBe(200);
    const row = payments.body.payments.find((p: { id: string }) => p.id === payment.id);
    expect(row).toMatchObject({ user: null, status: "SUCCEEDED" });
  });

  it("removes a photo uploaded straight to the shop along with the account", async () => {
    const { user, order } = await makePaidOrder();
    const key = `merch/uploads/${user.id}/print.jpg`;
    await objectStorage().put(key, Buffer.from("a photo"), { contentType: "image/jpeg" });
    await prisma.merchOrderItem.updateMany({ where: { orderId: order.id }, data: { imageR2Key: key } });
    await deleteUser(user.id);
    expect(await objectStorage().get(key)).toBeNull();
    expect(await prisma.merchOrderItem.count({ where: { orderId: order.id } })).toBe(1);
  });
});

describe("deleting an account's files", () => {
  it("removes their audio, their generated pictures and their boxes' screenshots, and nobody else's", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const project = await prisma.audioMixerProject.create({ data: { userId: user.id, name: "Demo" } });
    const box = await prisma.box.create({ data: { userId: user.id, name: "Desk", status: "STOPPED" } });
    const theirs = [`audio/${user.id}/${project.id}/take.wav`, `mcp/${user.id}/job1/output.jpg`, `boxes/${box.id}/screenshots/t1.png`];
    const kept = [`audio/${other.id}/p/take.wav`, `mcp/${other.id}/job2/output.jpg`];
    for (const key of [...theirs, ...kept]) await objectStorage().put(key, Buffer.from("bytes"), { contentType: "application/octet-stream" });

    await deleteUser(user.id);
    for (const key of theirs) expect(await objectStorage().get(key), key).toBeNull();
    for (const key of kept) expect(await objectStorage().get(key), key).not.toBeNull();
    expect(await prisma.box.count({ where: { id: box.id } })).toBe(0);
  });
});
