/**
 * The merch order desk for admins: a filtered order list, one order's full story (items with their
 * print files, address, payment, shipments, events), sending an order to its print provider again,
 * and cancelling it with the payment released or refunded. Every change is audited in the
 * transaction that makes it; refusals are `OrderDeskError`s with the status and message to show.
 */
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { canMove, MERCH_ORDER_STATUSES, type MerchOrderStatus } from "@spike-land/shared/merch/orders";
import { formatMoney } from "@spike-land/shared/payments/money";
import { DAY_MS, MINUTE_SECONDS } from "@spike-land/shared/time";
import { prisma, type Prisma, type PodProvider } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import { PaymentProviderError } from "../providers/payments/types.ts";
import { ADMIN_TX, auditMerchChange as audit, type Actor } from "./admin-audit.server.ts";
import { addOrderEvent, lockOrder, moveOrder, OrderStateError } from "./events.server.ts";
import { enqueueOrderSubmission } from "./fulfilment-queue.server.ts";

export const POD_PROVIDERS = ["PRODIGI", "PRINTFUL"] as const satisfies readonly PodProvider[];
export const ADMIN_ORDER_PAGE_SIZE = 25;
const THUMB_SECONDS = 15 * MINUTE_SECONDS;

export class OrderDeskError extends DomainError {
  constructor(status: number, message: string) {
    super(status, message);
  }
}

/** What a change did, in the words the page shows. */
export type OrderDeskChange = { id: string; message: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .nullable()
  .catch(null);

/** The list filters, read from the query string; anything unknown or malformed means "all". */
export const orderFilterSchema = z.object({
  status: z.enum(MERCH_ORDER_STATUSES).nullable().catch(null),
  provider: z.enum(POD_PROVIDERS).nullable().catch(null),
  from: day,
  to: day,
  q: z.string().trim().max(100).catch("").transform((value) => value),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type OrderFilter = z.output<typeof orderFilterSchema>;

export function parseOrderFilter(params: URLSearchParams): OrderFilter {
  const read = (key: string) => params.get(key) || null;
  return orderFilterSchema.parse({ status: read("status"), provider: read("provider"), from: read("from"), to: read("to"), q: params.get("q") ?? "", page: params.get("page") ?? 1 });
}

function orderWhere(filter: OrderFilter): Prisma.MerchOrderWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filter.from) createdAt.gte = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) createdAt.lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS);
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.provider ? { items: { some: { product: { provider: filter.provider } } } } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
    ...(filter.q ? { OR: [{ orderNumber: { contains: filter.q, mode: "insensitive" } }, { customerEmail: { contains: filter.q, mode: "insensitive" } }] } : {}),
  };
}

export async function listAdminOrders(filter: OrderFilter) {
  const where = orderWhere(filter);
  const [total, rows] = await Promise.all([
    prisma.merchOrder.count({ where }),
    prisma.merchOrder.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(filter.page, ADMIN_ORDER_PAGE_SIZE),
      select: {
        id: true,
        orderNumber: true,
        status: true,
        totalAmount: true,
        currency: true,
        customerEmail: true,
        stripePaymentStatus: true,
        createdAt: true,
        items: { select: { quantity: true, product: { select: { provider: true } } } },
      },
    }),
  ]);
  const orders = rows.map(({ items, totalAmount, ...order }) => ({
    ...order,
    total: formatMoney(totalAmount.toFixed(2), order.currency),
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    providers: [...new Set(items.map((item) => item.product.provider))].sort(),
  }));
  return { orders, total, pages: pageCount(total, ADMIN_ORDER_PAGE_SIZE) };
}
export type AdminOrderRow = Awaited<ReturnType<typeof listAdminOrders>>["orders"][number];

/** Provider item statuses that mean the provider did not take the item, so it may be sent again. */
const FAILED_POD_STATUSES = new Set(["failed", "rejected", "error", "cancelled", "canceled"]);

export function itemFailed(podStatus: string | null): boolean {
  return podStatus !== null && FAILED_POD_STATUSES.has(podStatus.trim().toLowerCase());
}

/** Resubmitting is for an authorised order not yet with the provider, or one the provider refused part of. */
export function canResubmit(status: MerchOrderStatus, items: ReadonlyArray<{ podStatus: string | null }>): boolean {
  return status === "PAID" || (status === "SUBMITTED" && items.some((item) => itemFailed(item.podStatus)));
}

const NOT_CANCELLABLE: Partial<Record<MerchOrderStatus, string>> = {
  SHIPPED: "This order has already shipped, so it can no longer be cancelled or refunded here.",
  DELIVERED: "This order has been delivered, so it can no longer be cancelled or refunded here.",
  CANCELLED: "This order is already cancelled.",
  REFUNDED: "This order has already been refunded.",
};

export function canCancel(status: MerchOrderStatus): boolean {
  return !NOT_CANCELLABLE[status];
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const words = (status: string) => status.toLowerCase().replaceAll("_", " ");

const money2 = (value: Prisma.Decimal, currency: string) => formatMoney(value.toFixed(2), currency);
const orderGone = () => new OrderDeskError(404, "That order was not found.");

async function thumbnail(key: string, fallback: string): Promise<string> {
  try {
    return await objectStorage().signedGetUrl(key, { expiresInSeconds: THUMB_SECONDS });
  } catch {
    return fallback;
  }
}

/** One order with everything the desk needs; a 404 when there is no such order. */
export async function getAdminOrder(id: string) {
  const order = await prisma.merchOrder.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, email: true, name: true } },
      items: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { product: { select: { provider: true } } } },
      shipments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!order) throw orderGone();
  const items = await Promise.all(
    order.items.map(async (item) => ({
      id: item.id,
      productName: item.productName,
      variantName: item.variantName,
      provider: item.product.provider,
      quantity: item.quantity,
      unitPrice: money2(item.unitPrice, order.currency),
      totalPrice: money2(item.totalPrice, order.currency),
      customText: item.customText,
      podOrderId: item.podOrderId,
      podStatus: item.podStatus,
      failed: itemFailed(item.podStatus),
      shipmentId: item.shipmentId,
      imageKey: item.imageR2Key,
      thumbUrl: await thumbnail(item.imageR2Key, item.imageUrl),
    })),
  );
  const status = order.status as MerchOrderStatus;
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    status,
    user: order.user,
    customerEmail: order.customerEmail,
    customerPhone: order.customerPhone,
    notes: order.notes,
    currency: order.currency,
    subtotal: money2(order.subtotal, order.currency),
    shippingCost: money2(order.shippingCost, order.currency),
    taxAmount: money2(order.taxAmount, order.currency),
    total: money2(order.totalAmount, order.currency),
    payment: { intentId: order.stripePaymentIntentId, status: order.stripePaymentStatus, paidAt: order.paidAt },
    shippingAddress: addressOf(order.shippingAddress),
    createdAt: order.createdAt,
    items,
    shipments: order.shipments.map((shipment) => ({
      id: shipment.id,
      provider: shipment.provider,
      providerShipId: shipment.providerShipId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl && /^https?:\/\//i.test(shipment.trackingUrl) ? shipment.trackingUrl : null,
      status: shipment.status,
      shippedAt: shipment.shippedAt,
      deliveredAt: shipment.deliveredAt,
    })),
    events: order.events.map((event) => ({ id: event.id, type: event.type, data: event.data, createdAt: event.createdAt })),
    canResubmit: canResubmit(status, order.items),
    canCancel: canCancel(status),
  };
}
export type AdminOrder = NonNullable<Awaited<ReturnType<typeof getAdminOrder>>>;

export type Address = { name: string; line1: string; line2: string; city: string; postalCode: string; country: string };

function addressOf(value: Prisma.JsonValue): Address {
  const record = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
  return { name: read("name"), line1: read("line1"), line2: read("line2"), city: read("city"), postalCode: read("postalCode"), country: read("country") };
}

/**
 * Sends an order to its print provider again: a RESUBMITTED event and the audit entry are written,
 * and the submission job is sent last inside the same transaction, so a failed send keeps nothing.
 */
export function resubmitOrder(actor: Actor, orderId: string, ip: string | null = null): Promise<OrderDeskChange> {
  return prisma.$transaction(async (tx) => {
    // A missing order is lockOrder's 404, "That order was not found.".
    const status = await lockOrder(tx, orderId);
    const order = await tx.merchOrder.findUniqueOrThrow({ where: { id: orderId }, select: { orderNumber: true, items: { select: { podStatus: true } } } });
    if (!canResubmit(status, order.items)) {
      throw new OrderDeskError(
        409,
        status === "SUBMITTED"
          ? `${order.orderNumber} is with the print provider and none of its items failed, so there is nothing to resubmit.`
          : `${order.orderNumber} is ${words(status)}; only a paid order, or a submitted one with a failed item, can be resubmitted.`,
      );
    }
    const attempt = `resubmit-${Date.now()}`;
    await addOrderEvent(tx, orderId, "RESUBMITTED", { by: actor.id, attempt, from: status });
    await audit(tx, actor, ip, orderId, "merch.order_resubmit", { orderNumber: order.orderNumber, attempt, status });
    await enqueueOrderSubmission(orderId, attempt);
    return { id: orderId, message: `${order.orderNumber} was queued for the print provider again.` };
  }, ADMIN_TX);
}

/**
 * Cancels an order before it ships. A captured payment is refunded (REFUNDED); an authorisation is
 * released (CANCELLED); an order never paid is simply cancelled. The payment provider is called
 * before the order row is locked: its webhook for the same change may take that lock itself, and
 * may even make the status move first, in which case only the admin's event and audit are added.
 */
export async function cancelOrder(actor: Actor, orderId: string, ip: string | null = null): Promise<OrderDeskChange> {
  const order = await prisma.merchOrder.findUnique({
    where: { id: orderId },
    select: { orderNumber: true, status: true, stripePaymentIntentId: true, stripePaymentStatus: true, totalAmount: true, currency: true },
  });
  if (!order) throw orderGone();
  const from = order.status as MerchOrderStatus;
  const refusal = NOT_CANCELLABLE[from];
  if (refusal) throw new OrderDeskError(409, refusal);
  const intent = order.stripePaymentIntentId;
  const payment = intent ? order.stripePaymentStatus : null;
  const to: MerchOrderStatus = payment === "captured" ? "REFUNDED" : "CANCELLED";
  if (!canMove(from, to)) {
    throw new OrderDeskError(409, `An order that is ${words(from)} with a ${payment ?? "missing"} payment cannot be ${to === "REFUNDED" ? "refunded" : "cancelled"} here.`);
  }
  if (intent && (payment === "captured" || payment === "authorized")) {
    const provider = paymentProvider();
    if (!provider) throw new OrderDeskError(503, "Payments are switched off, so the payment cannot be released. Nothing was changed.");
    try {
      if (payment === "captured") await provider.refundPaymentIntent(intent);
      else await provider.cancelPaymentIntent(intent);
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      throw error.status === 409
        ? new OrderDeskError(409, `The payment changed meanwhile (${error.message}). Reload the order and try again.`)
        : new OrderDeskError(502, `The payment provider refused: ${sentence(error.message)} Nothing was changed.`);
    }
  }
  const paymentAfter = payment === "captured" ? "refunded" : payment === "authorized" ? "cancelled" : order.stripePaymentStatus;
  const amount = money2(order.totalAmount, order.currency);
  const data = { by: actor.id, from, payment: paymentAfter, ...(payment === "captured" ? { refunded: amount } : {}) };
  try {
    await prisma.$transaction(async (tx) => {
      const moved = await moveOrder(tx, orderId, to, to, { data, changes: { stripePaymentStatus: paymentAfter } });
      if (!moved) {
        // The provider's webhook got there first: keep its status, record the payment word and the admin's step.
        await tx.merchOrder.update({ where: { id: orderId }, data: { stripePaymentStatus: paymentAfter } });
        if (!(await tx.merchOrderEvent.findFirst({ where: { orderId, type: to }, select: { id: true } }))) await addOrderEvent(tx, orderId, to, data);
      }
      await audit(tx, actor, ip, orderId, "merch.order_cancel", { orderNumber: order.orderNumber, from, to, payment: paymentAfter, amount });
    }, ADMIN_TX);
  } catch (error) {
    // The payment has already moved at the provider, so the refusal says so.
    if (error instanceof OrderStateError) {
      throw new OrderDeskError(409, `${error.message}${payment === "captured" || payment === "authorized" ? ` The payment is already ${paymentAfter}; check the order.` : ""}`);
    }
    throw error;
  }
  const message =
    payment === "captured"
      ? `${order.orderNumber} was cancelled and ${amount} refunded.`
      : payment === "authorized"
        ? `${order.orderNumber} was cancelled and the payment authorisation released.`
        : `${order.orderNumber} was cancelled.`;
  return { id: orderId, message };
}
