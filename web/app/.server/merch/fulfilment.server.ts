/**
 * Fulfilment: the worker for MERCH_SUBMIT_QUEUE. An authorised (PAID) order is sent to its print
 * provider(s), one provider order per provider among its products. When every provider accepts, the
 * order becomes SUBMITTED and the payment is captured; when one refuses, the authorisation is
 * released, the order is CANCELLED and the customer is told why. Transient failures throw, so
 * pg-boss retries the job; a group already accepted is never sent twice (its podOrderId is kept).
 */
import type PgBoss from "pg-boss";
import { DAY_SECONDS } from "@spike-land/shared/time";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { env } from "../platform/env.server.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import { printConfig, printProvider, PrintProviderError, type PrintOrderInput } from "../providers/print/index.server.ts";
import { startStudioWorker } from "../providers/print/local.server.ts";
import type { PodProviderName } from "../providers/print/types.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { orderConfirmationEmail, orderRejectedEmail } from "./emails.server.ts";
import { addOrderEvent, lockOrder, moveOrder } from "./events.server.ts";
import { ensureMerchQueues, MERCH_SUBMIT_QUEUE } from "./fulfilment-queue.server.ts";

const TX = { maxWait: 10_000, timeout: 20_000 };
/** Print files stay fetchable for a week: labs download them when production starts, not at once. */
const PRINT_FILE_SECONDS = 7 * DAY_SECONDS;
const FAILED = new Set(["REJECTED", "CANCELLED", "FAILED"]);

export type SubmitOutcome =
  | { outcome: "submitted"; providerOrders: Array<{ provider: PodProviderName; providerOrderId: string }> }
  | { outcome: "rejected"; reason: string }
  | { outcome: "skipped"; reason: string };

export function orderUrl(orderId: string): string {
  return `${env.appUrl}/orders/${orderId}`;
}

type Address = { name: string; line1: string; line2: string; city: string; postalCode: string; country: string };

function addressOf(value: Prisma.JsonValue): Address {
  const record = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
  return { name: read("name"), line1: read("line1"), line2: read("line2"), city: read("city"), postalCode: read("postalCode"), country: read("country").toUpperCase() };
}

function loadOrder(orderId: string) {
  return prisma.merchOrder.findUnique({
    where: { id: orderId },
    include: {
      user: { select: { name: true } },
      items: {
        orderBy: { createdAt: "asc" },
        include: {
          product: { select: { provider: true, providerSku: true, minWidth: true, minHeight: true } },
          variant: { select: { providerSku: true } },
        },
      },
    },
  });
}
type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

async function providerInput(order: LoadedOrder, items: LoadedOrder["items"]): Promise<PrintOrderInput> {
  const address = addressOf(order.shippingAddress);
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    recipient: { ...address, line2: address.line2 || null, email: order.customerEmail },
    items: await Promise.all(
      items.map(async (item) => ({
        id: item.id,
        sku: item.variant?.providerSku || item.product.providerSku,
        copies: item.quantity,
        imageUrl: await objectStorage().signedGetUrl(item.imageR2Key, { expiresInSeconds: PRINT_FILE_SECONDS }),
        customText: item.customText,
        minWidth: item.product.minWidth,
        minHeight: item.product.minHeight,
      })),
    ),
  };
}

function requirePayments() {
  const payments = paymentProvider();
  if (!payments) throw new Error("Payments are not configured on this server, so the order's payment cannot be captured or released.");
  return payments;
}

/** Captures an accepted order's payment once, and records it. */
async function capture(orderId: string, paymentIntentId: string | null) {
  if (!paymentIntentId) throw new Error(`Order ${orderId} has no PaymentIntent to capture.`);
  const current = await prisma.merchOrder.findUniqueOrThrow({ where: { id: orderId }, select: { stripePaymentStatus: true } });
  if (current.stripePaymentStatus !== "captured") await requirePayments().capturePaymentIntent(paymentIntentId);
  await prisma.$transaction(async (tx) => {
    await lockOrder(tx, orderId);
    const row = await tx.merchOrder.findUniqueOrThrow({ where: { id: orderId }, select: { stripePaymentStatus: true } });
    const written = await tx.merchOrderEvent.count({ where: { orderId, type: "PAYMENT_CAPTURED" } });
    if (row.stripePaymentStatus !== "captured") await tx.merchOrder.update({ where: { id: orderId }, data: { stripePaymentStatus: "captured" } });
    if (written === 0) await addOrderEvent(tx, orderId, "PAYMENT_CAPTURED", { paymentIntentId });
  }, TX);
}

/** A refusal: provider orders already accepted are cancelled, the authorisation released, the order cancelled, the customer told. */
async function reject(order: LoadedOrder, provider: PodProviderName, reason: string, accepted: Array<{ provider: PodProviderName; providerOrderId: string }>) {
  for (const other of accepted) {
    await printProvider(other.provider)
      .cancelOrder(other.providerOrderId)
      .catch((error: unknown) => console.error(`print: could not cancel ${other.provider} order ${other.providerOrderId}:`, error));
  }
  if (order.status === "PAID") {
    if (order.stripePaymentIntentId && order.stripePaymentStatus === "authorized") await requirePayments().cancelPaymentIntent(order.stripePaymentIntentId);
    const moved = await prisma.$transaction(async (tx) => {
      const status = await lockOrder(tx, order.id);
      // The payment webhook may already have cancelled the order when the authorisation was released.
      if (status !== "PAID" && status !== "CANCELLED") return false;
      if (await tx.merchOrderEvent.count({ where: { orderId: order.id, type: "POD_REJECTED" } })) return false;
      await tx.merchOrderItem.updateMany({ where: { orderId: order.id, product: { provider } }, data: { podStatus: "REJECTED" } });
      await addOrderEvent(tx, order.id, "POD_REJECTED", { provider, reason });
      if (!(await tx.merchOrderEvent.count({ where: { orderId: order.id, type: "PAYMENT_CANCELLED" } }))) {
        await addOrderEvent(tx, order.id, "PAYMENT_CANCELLED", { paymentIntentId: order.stripePaymentIntentId });
      }
      const changes = { stripePaymentStatus: order.stripePaymentIntentId ? "cancelled" : order.stripePaymentStatus };
      if (status === "PAID") await moveOrder(tx, order.id, "CANCELLED", "CANCELLED", { data: { reason }, changes });
      else await tx.merchOrder.update({ where: { id: order.id }, data: changes });
      return true;
    }, TX);
    // An order whose customer has deleted their account has nobody left to tell.
    if (moved && order.userId) {
      await sendEmail(order.userId, "merch_order_rejected", orderRejectedEmail(order.customerEmail, order.user?.name ?? null, { orderNumber: order.orderNumber, reason }, orderUrl(order.id))).catch((error: unknown) =>
        console.error("print: the refusal email could not be sent:", error),
      );
    }
    return;
  }
  // A resubmission of an order already captured: the items are marked and the admin decides (cancel and refund, or try again).
  await prisma.$transaction(async (tx) => {
    await tx.merchOrderItem.updateMany({ where: { orderId: order.id, product: { provider } }, data: { podStatus: "REJECTED" } });
    await addOrderEvent(tx, order.id, "POD_REJECTED", { provider, reason });
  }, TX);
}

/** Submits an order to its print provider(s); the MERCH_SUBMIT_QUEUE handler. */
export async function submitOrder(orderId: string): Promise<SubmitOutcome> {
  const order = await loadOrder(orderId);
  if (!order) return { outcome: "skipped", reason: "no such order" };
  if (order.status !== "PAID" && order.status !== "SUBMITTED") return { outcome: "skipped", reason: `the order is ${order.status}` };

  const groups = new Map<PodProviderName, LoadedOrder["items"]>();
  for (const item of order.items) groups.set(item.product.provider, [...(groups.get(item.product.provider) ?? []), item]);
  const pending = [...groups].filter(([, items]) => items.some((item) => !item.podOrderId || FAILED.has(item.podStatus ?? "")));

  if (pending.length && (await prisma.merchOrderEvent.count({ where: { orderId, type: "SUBMITTED_TO_POD" } })) === 0) {
    await addOrderEvent(prisma, orderId, "SUBMITTED_TO_POD", { providers: pending.map(([provider]) => provider) });
  }

  const accepted: Array<{ provider: PodProviderName; providerOrderId: string }> = [];
  for (const [provider, items] of pending) {
    try {
      const ref = await printProvider(provider).submitOrder(await providerInput(order, items));
      // Kept at once, so a retry after a later failure never orders these items twice.
      await prisma.merchOrderItem.updateMany({ where: { id: { in: items.map((item) => item.id) } }, data: { podOrderId: ref.providerOrderId, podStatus: ref.status } });
      accepted.push({ provider, providerOrderId: ref.providerOrderId });
    } catch (error) {
      if (error instanceof PrintProviderError && error.rejected) {
        await reject(order, provider, error.message, accepted);
        return { outcome: "rejected", reason: error.message };
      }
      throw error;
    }
  }

  if (order.status === "PAID") {
    const providerOrders = [...groups].map(([provider, items]) => ({ provider, providerOrderId: accepted.find((a) => a.provider === provider)?.providerOrderId ?? items[0]?.podOrderId ?? null }));
    await prisma.$transaction((tx) => moveOrder(tx, orderId, "SUBMITTED", "POD_ACCEPTED", { data: { providerOrders } }), TX);
  } else if (accepted.length) {
    await addOrderEvent(prisma, orderId, "POD_ACCEPTED", { providerOrders: accepted, resubmitted: true });
  }
  await capture(orderId, order.stripePaymentIntentId);
  await sendOrderConfirmation(orderId).catch((error: unknown) => console.error("merch: the confirmation email could not be sent:", error));
  return { outcome: "submitted", providerOrders: accepted };
}

/**
 * Emails the order confirmation once, when the print studio has accepted the order and the payment
 * was taken (so a refused order gets only the refusal email). Safe to call again.
 */
export async function sendOrderConfirmation(orderId: string): Promise<boolean> {
  const order = await prisma.merchOrder.findUnique({ where: { id: orderId }, include: { user: { select: { name: true } }, items: { orderBy: { createdAt: "asc" } } } });
  if (!order?.userId || !["SUBMITTED", "IN_PRODUCTION", "SHIPPED", "DELIVERED"].includes(order.status)) return false;
  const already = await prisma.emailLog.count({ where: { userId: order.userId, template: "merch_order_confirmation", status: "SENT", subject: { contains: order.orderNumber } } });
  if (already > 0) return false;
  const summary = {
    orderNumber: order.orderNumber,
    currency: order.currency,
    subtotal: order.subtotal.toFixed(2),
    shippingCost: order.shippingCost.toFixed(2),
    totalAmount: order.totalAmount.toFixed(2),
    items: order.items.map((item) => ({ productName: item.productName, variantName: item.variantName, quantity: item.quantity, totalPrice: item.totalPrice.toFixed(2) })),
  };
  await sendEmail(order.userId, "merch_order_confirmation", orderConfirmationEmail(order.customerEmail, order.user?.name ?? null, summary, orderUrl(order.id)));
  return true;
}

/** Registers the merch workers: order submission, and the local print studio's steps. */
export async function startMerchWorkers(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await ensureMerchQueues(boss);
  await boss.work<{ orderId: string }>(MERCH_SUBMIT_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await submitOrder(job.data.orderId);
  });
  await startStudioWorker(boss, printConfig.studioSecret, options);
}
