/** Deleting an account keeps its orders and payments for the books, with nothing left that names the person. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db.server.ts";
import { seed } from "../../../../prisma/seed.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { deleteUser, DELETED_CUSTOMER } from "./users.server.ts";
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
    data: { userId: user.id, packageId: "pack_basic", tokensGranted: 50, amountUSD: "9.99", stripePaymentIntentId: `pi_deleted_${order.id}`, status: "SUCCEEDED", metadata: { currency: "GBP" } },
  });
  return { user, order, payment };
}

describe("deleting an account with orders and payments", () => {
  it("keeps the order and the payment, amounts, dates and statuses intact, with no personal data left", async () => {
    const { user, order, payment } = await customerWithHistory();
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
    expect(keptPayment.amountUSD.toFixed(2)).toBe("9.99");
    expect(keptPayment.createdAt).toEqual(payment.createdAt);
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
