/**
 * Placing shop orders: the address form's rules, the cart copied into an order (totals, snapshots,
 * a unique order number, the ORDER_CREATED event, an emptied cart), the card step, and the order
 * history and page, each only for its owner.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ORDER_NUMBER_PATTERN } from "@spike-land/shared/merch/orders";
import { prisma } from "../platform/db.server.ts";
import { seed } from "../../../../prisma/seed.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { cartSummary } from "./cart.server.ts";
import { checkoutFormSchema, createOrderFromCart, listOrders, OrderError, orderItemFile, orderView, startOrderPayment } from "./orders.server.ts";

beforeAll(async () => {
  await seed();
});

const FORM = { name: "Ada Lovelace", line1: "1 Test Street", city: "London", postalCode: "sw1a1aa", country: "GB", email: "ada@example.com" };
const DETAILS = checkoutFormSchema.parse(FORM);

function problems(input: Record<string, unknown>) {
  const result = checkoutFormSchema.safeParse(input);
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

async function userWithCart(lines: Array<{ productId: string; variantId: string; quantity: number; customText?: string }>) {
  const user = await makeUser();
  const cart = await prisma.merchCart.create({ data: { userId: user.id } });
  for (const [index, line] of lines.entries()) {
    await prisma.merchCartItem.create({ data: { cartId: cart.id, ...line, uploadedImageR2Key: `merch/${user.id}/${index}.jpg` } });
  }
  return user;
}

describe("the shipping address form", () => {
  it("accepts a UK address and writes the postcode the standard way", () => {
    expect(DETAILS).toEqual({ ...FORM, postalCode: "SW1A 1AA", line2: undefined, phone: undefined });
    expect(checkoutFormSchema.parse({ ...FORM, postalCode: "M1 1AE", phone: "+44 7700 900123" })).toMatchObject({ postalCode: "M1 1AE", phone: "+44 7700 900123" });
  });

  it("says what is missing or wrong, field by field", () => {
    expect(problems({})).toEqual({
      name: "Enter the name of the person receiving the order.",
      line1: "Enter the first line of the address.",
      city: "Enter the town or city.",
      postalCode: "Enter the postcode.",
      country: "Choose the country to ship to.",
      email: "Enter an email address like name@example.com, for the order updates.",
    });
    expect(problems({ ...FORM, postalCode: "12345" })).toEqual({ postalCode: "Enter a UK postcode like SW1A 1AA." });
    expect(problems({ ...FORM, country: "US" })).toEqual({ country: "We ship to the UK and the EU only; choose one of those countries." });
    expect(problems({ ...FORM, email: "ada@" })).toEqual({ email: "Enter an email address like name@example.com, for the order updates." });
    expect(problems({ ...FORM, phone: "call me" })).toEqual({ phone: "Enter a phone number with digits (and + ( ) -), or leave it empty." });
  });

  it("takes EU postal codes as they are written there", () => {
    expect(checkoutFormSchema.parse({ ...FORM, country: "DE", postalCode: "10115" }).postalCode).toBe("10115");
    expect(checkoutFormSchema.parse({ ...FORM, country: "PL", postalCode: "00-950" }).postalCode).toBe("00-950");
    expect(problems({ ...FORM, country: "FR", postalCode: "75005!" })).toEqual({ postalCode: "Enter the postal code with letters, digits, spaces or hyphens." });
  });
});

describe("placing an order from the cart", () => {
  it("copies the cart's lines and totals, numbers the order, records ORDER_CREATED and empties the cart", async () => {
    const user = await userWithCart([
      { productId: "prod_lustre_print", variantId: "var_print_20x30", quantity: 1 },
      { productId: "prod_canvas", variantId: "var_canvas_40x60", quantity: 1 },
    ]);
    const cart = await cartSummary(user.id, "UK");
    const placed = await createOrderFromCart(user.id, DETAILS, "UK");
    expect(placed.orderNumber).toMatch(ORDER_NUMBER_PATTERN);
    expect(placed.orderNumber.slice(3, 11)).toBe(new Date().toISOString().slice(0, 10).replaceAll("-", ""));

    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: placed.id }, include: { items: { orderBy: { createdAt: "asc" } }, events: true } });
    expect({ subtotal: order.subtotal.toFixed(2), shipping: order.shippingCost.toFixed(2), total: order.totalAmount.toFixed(2), currency: order.currency }).toEqual({
      subtotal: cart.subtotal,
      shipping: cart.shipping,
      total: cart.total,
      currency: cart.currency,
    });
    // £24.99 + £69.99 is over the £55 threshold: UK shipping is free.
    expect(cart).toMatchObject({ subtotal: "94.98", shipping: "0.00", total: "94.98" });
    expect(order).toMatchObject({ status: "PENDING", customerEmail: "ada@example.com", shippingAddress: { name: "Ada Lovelace", line1: "1 Test Street", line2: null, city: "London", postalCode: "SW1A 1AA", country: "GB" } });
    expect(order.items.map((item) => ({ name: item.productName, variant: item.variantName, unit: item.unitPrice.toFixed(2), total: item.totalPrice.toFixed(2), key: item.imageR2Key }))).toEqual([
      { name: "Lustre photo print", variant: "20×30 cm", unit: "24.99", total: "24.99", key: `merch/${user.id}/0.jpg` },
      { name: "Stretched canvas", variant: "40×60 cm", unit: "69.99", total: "69.99", key: `merch/${user.id}/1.jpg` },
    ]);
    expect(order.items[0]!.imageUrl).toBe(`/orders/${order.id}/print/${order.items[0]!.id}`);
    expect(order.events.map((event) => event.type)).toEqual(["ORDER_CREATED"]);
    expect(order.events[0]!.data).toMatchObject({ orderNumber: placed.orderNumber, total: "94.98" });
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(0);
  });

  it("charges shipping below the threshold, by the region's rule", async () => {
    const user = await userWithCart([{ productId: "prod_lustre_print", variantId: "var_print_20x30", quantity: 1 }]);
    const placed = await createOrderFromCart(user.id, { ...DETAILS, country: "IE", postalCode: "D02 X285" }, "EU");
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: placed.id } });
    expect([order.subtotal.toFixed(2), order.shippingCost.toFixed(2), order.totalAmount.toFixed(2)]).toEqual(["24.99", "9.99", "34.98"]);
  });

  it("keeps the snapshots when the product's price and name change later", async () => {
    const user = await userWithCart([{ productId: "prod_lustre_print", variantId: "var_print_30x40", quantity: 2 }]);
    const placed = await createOrderFromCart(user.id, DETAILS, "UK");
    const product = await prisma.merchProduct.findUniqueOrThrow({ where: { id: "prod_lustre_print" } });
    await prisma.merchProduct.update({ where: { id: product.id }, data: { retailPrice: "99.00", name: "Renamed print" } });
    try {
      const view = (await orderView(user.id, placed.id))!;
      expect(view.items).toEqual([expect.objectContaining({ productName: "Lustre photo print", variantName: "30×40 cm", quantity: 2, unitPrice: "30.99", total: "61.98" })]);
      expect(view.total).toBe("61.98");
    } finally {
      await prisma.merchProduct.update({ where: { id: product.id }, data: { retailPrice: product.retailPrice, name: product.name } });
    }
  });

  it("draws another order number when the first one is taken", async () => {
    const zeros = (size: number) => new Uint8Array(size);
    const now = () => new Date("2026-03-04T10:00:00Z");
    const first = await createOrderFromCart((await userWithCart([{ productId: "prod_canvas", variantId: "var_canvas_30x40", quantity: 1 }])).id, DETAILS, "UK", { random: zeros, now });
    let calls = 0;
    const clashingOnce = (size: number) => (calls++ < 1 ? new Uint8Array(size) : new Uint8Array(size).fill(7));
    const user = await userWithCart([{ productId: "prod_canvas", variantId: "var_canvas_30x40", quantity: 1 }]);
    const second = await createOrderFromCart(user.id, DETAILS, "UK", { random: clashingOnce, now });
    expect(first.orderNumber).toMatch(/^SL-20260304-/);
    expect(second.orderNumber).toMatch(ORDER_NUMBER_PATTERN);
    expect(second.orderNumber).not.toBe(first.orderNumber);
    // The clash rolled the whole attempt back: one order, and the cart emptied once.
    expect(await prisma.merchOrder.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(0);
  });

  it("refuses an empty cart, and a region that does not match the country", async () => {
    const empty = await makeUser();
    await expect(createOrderFromCart(empty.id, DETAILS, "UK")).rejects.toMatchObject({ status: 400, message: "Your cart is empty. Add a print, canvas or t-shirt first." });
    const user = await userWithCart([{ productId: "prod_canvas", variantId: "var_canvas_30x40", quantity: 1 }]);
    await expect(createOrderFromCart(user.id, DETAILS, "EU")).rejects.toBeInstanceOf(OrderError);
    expect(await prisma.merchOrder.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.merchCartItem.count({ where: { cart: { userId: user.id } } })).toBe(1);
  });
});

describe("the card step", () => {
  it("opens a checkout for the order's total and records it; a paid or someone else's order is refused", async () => {
    const user = await userWithCart([{ productId: "prod_canvas", variantId: "var_canvas_30x40", quantity: 1 }]);
    const placed = await createOrderFromCart(user.id, DETAILS, "UK");
    const url = await startOrderPayment(user.id, placed.id);
    expect(url).toMatch(/\/pay\/checkout\/cs_local_/);
    const order = await prisma.merchOrder.findUniqueOrThrow({ where: { id: placed.id }, include: { events: { orderBy: { createdAt: "asc" } } } });
    expect(order.status).toBe("PAYMENT_PENDING");
    expect(order.events.map((event) => event.type)).toEqual(["ORDER_CREATED", "CHECKOUT_STARTED"]);

    const stranger = await makeUser();
    await expect(startOrderPayment(stranger.id, placed.id)).rejects.toMatchObject({ status: 404 });
    await prisma.merchOrder.update({ where: { id: placed.id }, data: { status: "PAID" } });
    await expect(startOrderPayment(user.id, placed.id)).rejects.toMatchObject({ status: 409 });
  });
});

describe("order history and the order page", () => {
  it("lists only the user's orders, newest first, and shows an order only to its owner", async () => {
    const user = await userWithCart([{ productId: "prod_lustre_print", variantId: "var_print_20x30", quantity: 3 }]);
    const placed = await createOrderFromCart(user.id, DETAILS, "UK");
    const other = await userWithCart([{ productId: "prod_canvas", variantId: "var_canvas_30x40", quantity: 1 }]);
    const theirs = await createOrderFromCart(other.id, DETAILS, "UK");

    const list = await listOrders(user.id);
    expect(list.total).toBe(1);
    expect(list.orders).toEqual([expect.objectContaining({ id: placed.id, orderNumber: placed.orderNumber, status: "PENDING", itemCount: 3, total: "74.97", currency: "GBP", summary: "Lustre photo print (20×30 cm)" })]);

    const view = await orderView(user.id, placed.id);
    expect(view).toMatchObject({ orderNumber: placed.orderNumber, payable: true, final: false, address: { countryName: "United Kingdom" } });
    expect(view!.events).toEqual([expect.objectContaining({ type: "ORDER_CREATED", label: "Order placed" })]);
    expect(await orderView(user.id, theirs.id)).toBeNull();

    const item = await prisma.merchOrderItem.findFirstOrThrow({ where: { orderId: placed.id } });
    expect(await orderItemFile({ id: user.id, isAdmin: false }, placed.id, item.id)).toMatchObject({ r2Key: item.imageR2Key });
    expect(await orderItemFile({ id: other.id, isAdmin: false }, placed.id, item.id)).toBeNull();
    expect(await orderItemFile({ id: other.id, isAdmin: true }, placed.id, item.id)).toMatchObject({ r2Key: item.imageR2Key });
  });
});
