/**
 * Merch orders from the customer's side: the shipping address form, turning the cart into an order,
 * starting the card authorisation, and the order history and order page.
 *
 * Placing an order is one transaction: the cart's lines and totals (cart.server.ts) are copied into
 * `merch_orders` and `merch_order_items` as snapshots (later price or product changes never touch
 * them), with a unique `SL-YYYYMMDD-XXXX` number and an ORDER_CREATED event, and the cart is emptied.
 * Then a Stripe Checkout session (or the emulator's) authorises a manual-capture PaymentIntent for
 * the server's total; the webhook (merch/payments.server.ts) moves the order to PAID.
 */
import { randomBytes } from "node:crypto";
import { ORDER_EVENT_LABEL, orderNumber, type MerchOrderStatus, type OrderEventType } from "@spike-land/shared/merch/orders";
import { checkoutFormSchema, type CheckoutDetails } from "@spike-land/shared/merch/checkout";
import { regionOf, SHIPPING_COUNTRIES, type ShippingRegion } from "@spike-land/shared/merch/shipping";
import { toMinorUnits } from "@spike-land/shared/payments/money";
import { Prisma, prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { ensureCustomer } from "../payments/checkout.server.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import { PaymentProviderError, type CheckoutLineItem } from "../providers/payments/types.ts";
import { cartSummary } from "./cart.server.ts";
import { lockOrder } from "./events.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export class OrderError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

// ---- The address form ----

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

/** The countries we ship to, by name, United Kingdom first. */
export const SHIPPING_COUNTRY_OPTIONS: Array<{ code: string; name: string }> = [
  { code: "GB", name: countryNames.of("GB") ?? "United Kingdom" },
  ...Object.keys(SHIPPING_COUNTRIES)
    .filter((code) => code !== "GB")
    .map((code) => ({ code, name: countryNames.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, "en")),
];

// The form itself is shared with the checkout page, which validates with it in the browser.
export { checkoutFormSchema, type CheckoutDetails };

export type ShippingAddress = { name: string; line1: string; line2: string | null; city: string; postalCode: string; country: string };

/** What the checkout form starts with: the address, email and phone of the customer's last order. */
export async function lastShippingDetails(userId: string) {
  const last = await prisma.merchOrder.findFirst({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { shippingAddress: true, customerPhone: true, customerEmail: true },
  });
  return { address: (last?.shippingAddress ?? null) as ShippingAddress | null, email: last?.customerEmail ?? null, phone: last?.customerPhone ?? null };
}

// ---- Placing an order ----

/** The route that serves an order line's print file to its owner (and admins). */
export function orderItemPrintPath(orderId: string, itemId: string): string {
  return `/orders/${orderId}/print/${itemId}`;
}

function isOrderNumberClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && JSON.stringify(error.meta ?? {}).includes("orderNumber");
}

const ORDER_NUMBER_ATTEMPTS = 5;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

export type PlaceOptions = { random?: (size: number) => Uint8Array; now?: () => Date };

/**
 * The cart as an order (PENDING, with its ORDER_CREATED event), in one transaction that also empties
 * the cart. The order number is drawn again on the rare clash with an existing one.
 */
export async function createOrderFromCart(userId: string, details: CheckoutDetails, region: ShippingRegion, options: PlaceOptions = {}): Promise<{ id: string; orderNumber: string }> {
  if (regionOf(details.country) !== region) throw new OrderError("The shipping region does not match the country. Reload the page and try again.", 400);
  const random = options.random ?? ((size: number) => randomBytes(size));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction((tx) => placeOrder(tx, userId, details, region, orderNumber((options.now ?? (() => new Date()))(), random)), TRANSACTION_OPTIONS);
    } catch (error) {
      if (!isOrderNumberClash(error) || attempt >= ORDER_NUMBER_ATTEMPTS) throw error;
    }
  }
}

async function placeOrder(tx: Prisma.TransactionClient, userId: string, details: CheckoutDetails, region: ShippingRegion, number: string) {
  // The cart row stays locked until the order is written, so two checkouts cannot both use it.
  const carts = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM merch_carts WHERE "userId" = ${userId} FOR UPDATE`;
  if (!carts[0]) throw new OrderError("Your cart is empty. Add a print, canvas or t-shirt first.", 400);
  const cart = await cartSummary(userId, region);
  if (!cart.items.length) throw new OrderError("Your cart is empty. Add a print, canvas or t-shirt first.", 400);
  const missing = cart.items.find((item) => !item.imageR2Key);
  if (missing) throw new OrderError(`The photo for your ${missing.productName} is no longer available. Remove that line from your cart and try again.`, 409);

  const address: ShippingAddress = { name: details.name, line1: details.line1, line2: details.line2 ?? null, city: details.city, postalCode: details.postalCode, country: details.country };
  const order = await tx.merchOrder.create({
    data: {
      userId,
      orderNumber: number,
      status: "PENDING",
      subtotal: cart.subtotal,
      shippingCost: cart.shipping,
      taxAmount: "0.00",
      totalAmount: cart.total,
      currency: cart.currency,
      shippingAddress: address,
      customerEmail: details.email,
      customerPhone: details.phone ?? null,
    },
    select: { id: true, orderNumber: true },
  });
  for (const line of cart.items) {
    const item = await tx.merchOrderItem.create({
      data: {
        orderId: order.id,
        productId: line.productId,
        variantId: line.variantId,
        productName: line.productName,
        variantName: line.variantName,
        imageUrl: "",
        imageR2Key: line.imageR2Key!,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        totalPrice: line.lineTotal,
        customText: line.customText,
      },
      select: { id: true },
    });
    await tx.merchOrderItem.update({ where: { id: item.id }, data: { imageUrl: orderItemPrintPath(order.id, item.id) } });
  }
  await tx.merchOrderEvent.create({
    data: {
      orderId: order.id,
      type: "ORDER_CREATED" satisfies OrderEventType,
      data: { orderNumber: order.orderNumber, items: cart.items.length, subtotal: cart.subtotal, shipping: cart.shipping, total: cart.total, currency: cart.currency, region },
    },
  });
  const removed = await tx.merchCartItem.deleteMany({ where: { cartId: carts[0].id, id: { in: cart.items.map((item) => item.id) } } });
  if (removed.count !== cart.items.length) throw new OrderError("Your cart changed while the order was being placed. Check it and try again.", 409);
  return order;
}

/** The timeline event for a checkout being opened (not one of the status moves in ORDER_EVENT_TYPES). */
export const CHECKOUT_STARTED = "CHECKOUT_STARTED";

/**
 * Opens the card step for an unpaid order: a Checkout session that authorises (manual capture) the
 * order's total, built from its snapshots. The order moves to PAYMENT_PENDING; returns the page to
 * send the customer to. Calling it again (a closed tab) opens a fresh session.
 */
export async function startOrderPayment(userId: string, orderId: string, baseUrl: string = env.appUrl): Promise<string> {
  const provider = paymentProvider();
  if (!provider) throw new OrderError("Card payments are switched off on this server right now. Please try again later.", 503);
  const order = await prisma.merchOrder.findFirst({
    where: { id: orderId, userId },
    select: { id: true, orderNumber: true, status: true, currency: true, shippingCost: true, totalAmount: true, customerEmail: true, items: { orderBy: { createdAt: "asc" }, select: { productName: true, variantName: true, quantity: true, unitPrice: true } } },
  });
  if (!order) throw new OrderError("That order was not found.", 404);
  if (order.status !== "PENDING" && order.status !== "PAYMENT_PENDING") throw new OrderError("This order does not need paying: it has already been paid or was cancelled.", 409);
  const currency = order.currency === "EUR" ? "EUR" : "GBP";

  const lineItems: CheckoutLineItem[] = order.items.map((item) => ({
    name: item.variantName ? `${item.productName} — ${item.variantName}` : item.productName,
    unitAmountMinor: toMinorUnits(item.unitPrice.toFixed(2)),
    quantity: item.quantity,
  }));
  const shipping = toMinorUnits(order.shippingCost.toFixed(2));
  if (shipping > 0) lineItems.push({ name: "Shipping", unitAmountMinor: shipping, quantity: 1 });
  const charged = lineItems.reduce((sum, item) => sum + item.unitAmountMinor * item.quantity, 0);
  if (charged !== toMinorUnits(order.totalAmount.toFixed(2))) throw new OrderError("This order's total does not add up. Please contact support.", 409);

  const metadata = { kind: "merch", orderId: order.id, orderNumber: order.orderNumber, userId };
  let session;
  try {
    const customerId = await ensureCustomer(userId, provider);
    session = await provider.createCheckoutSession({
      mode: "payment",
      lineItems,
      currency,
      captureMethod: "manual",
      customerId,
      customerEmail: order.customerEmail,
      successUrl: `${baseUrl}/orders/${order.id}?paid=1`,
      cancelUrl: `${baseUrl}/orders/${order.id}?cancelled=1`,
      clientReferenceId: userId,
      metadata,
      paymentMetadata: metadata,
    });
  } catch (error) {
    if (error instanceof PaymentProviderError) throw new OrderError(error.status === 402 ? error.message : "We could not reach our payment provider. Your order is saved; try paying again in a minute.", 502);
    if (error instanceof Error && error.name === "PaymentError") throw new OrderError(error.message, 502);
    throw error;
  }

  await prisma.$transaction(async (tx) => {
    const status = await lockOrder(tx, order.id);
    if (status !== "PENDING" && status !== "PAYMENT_PENDING") return;
    if (status === "PENDING") await tx.merchOrder.update({ where: { id: order.id }, data: { status: "PAYMENT_PENDING" } });
    await tx.merchOrderEvent.create({ data: { orderId: order.id, type: CHECKOUT_STARTED, data: { checkoutSessionId: session.id, provider: provider.kind } } });
  }, TRANSACTION_OPTIONS);
  return session.url;
}

// ---- History and the order page ----

export const ORDERS_PAGE_SIZE = 10;

export async function listOrders(userId: string, page = 1) {
  const where = { userId };
  const [total, orders] = await Promise.all([
    prisma.merchOrder.count({ where }),
    prisma.merchOrder.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, ORDERS_PAGE_SIZE),
      select: {
        id: true,
        orderNumber: true,
        status: true,
        totalAmount: true,
        currency: true,
        createdAt: true,
        items: { orderBy: { createdAt: "asc" }, select: { productName: true, variantName: true, quantity: true } },
      },
    }),
  ]);
  return {
    pages: pageCount(total, ORDERS_PAGE_SIZE),
    total,
    orders: orders.map((order) => ({
      id: order.id,
      orderNumber: order.orderNumber,
      status: order.status as MerchOrderStatus,
      total: order.totalAmount.toFixed(2),
      currency: order.currency,
      createdAt: order.createdAt.toISOString(),
      itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
      summary: order.items.map((item) => (item.variantName ? `${item.productName} (${item.variantName})` : item.productName)).join(", "),
    })),
  };
}

/** Statuses after which an order no longer changes on its own (the page stops polling). */
export const FINAL_STATUSES: readonly MerchOrderStatus[] = ["DELIVERED", "CANCELLED", "REFUNDED"];

function eventLabel(type: string): string {
  if (type === CHECKOUT_STARTED) return "Checkout opened";
  return (ORDER_EVENT_LABEL as Record<string, string>)[type] ?? type.toLowerCase().replaceAll("_", " ");
}

/** A customer-facing line from an event's data, when it carries one. */
function eventDetail(data: Prisma.JsonValue): string | null {
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  const value = (data as Record<string, unknown>).message ?? (data as Record<string, unknown>).reason;
  return typeof value === "string" ? value : null;
}

/** One of the user's orders with its lines, events (oldest first) and shipments; null when it is not theirs. */
export async function orderView(userId: string, orderId: string) {
  const order = await prisma.merchOrder.findFirst({
    where: { id: orderId, userId },
    include: {
      items: { orderBy: { createdAt: "asc" } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      shipments: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!order) return null;
  const address = order.shippingAddress as ShippingAddress;
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    status: order.status as MerchOrderStatus,
    final: FINAL_STATUSES.includes(order.status as MerchOrderStatus),
    payable: order.status === "PENDING" || order.status === "PAYMENT_PENDING",
    paymentStatus: order.stripePaymentStatus,
    currency: order.currency,
    subtotal: order.subtotal.toFixed(2),
    shipping: order.shippingCost.toFixed(2),
    tax: order.taxAmount.toFixed(2),
    total: order.totalAmount.toFixed(2),
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    customerEmail: order.customerEmail,
    customerPhone: order.customerPhone,
    address: { ...address, countryName: countryNames.of(address.country) ?? address.country },
    items: order.items.map((item) => ({
      id: item.id,
      productName: item.productName,
      variantName: item.variantName,
      imageUrl: item.imageUrl,
      quantity: item.quantity,
      unitPrice: item.unitPrice.toFixed(2),
      total: item.totalPrice.toFixed(2),
      customText: item.customText,
    })),
    events: order.events.map((event) => ({ id: event.id, type: event.type, label: eventLabel(event.type), detail: eventDetail(event.data), at: event.createdAt.toISOString() })),
    shipments: order.shipments.map((shipment) => ({
      id: shipment.id,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      status: shipment.status,
      shippedAt: shipment.shippedAt?.toISOString() ?? null,
      deliveredAt: shipment.deliveredAt?.toISOString() ?? null,
    })),
  };
}
export type OrderView = NonNullable<Awaited<ReturnType<typeof orderView>>>;

/** The print file of one order line, for its owner or an admin; null when it is neither's to see. */
export async function orderItemFile(viewer: { id: string; isAdmin: boolean }, orderId: string, itemId: string) {
  const item = await prisma.merchOrderItem.findFirst({
    where: { id: itemId, orderId, ...(viewer.isAdmin ? {} : { order: { userId: viewer.id } }) },
    select: { imageR2Key: true, productName: true, order: { select: { orderNumber: true } } },
  });
  return item ? { r2Key: item.imageR2Key, downloadName: `${item.order.orderNumber}-${item.productName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.jpg` } : null;
}
