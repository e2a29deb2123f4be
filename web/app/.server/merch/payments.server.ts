/**
 * Merch payments on the Stripe webhook. A merch checkout authorises a manual-capture PaymentIntent;
 * its events (metadata.kind = "merch") are applied here, inside the webhook's transaction (which has
 * already recorded the event id, so a replay never reaches this code):
 *
 * - checkout.session.completed → PAID with PAYMENT_AUTHORIZED, then (after commit) the order is queued
 *   for submission to its print studio;
 * - checkout.session.expired → CANCELLED; payment_intent.payment_failed → a PAYMENT_FAILED event;
 * - payment_intent.succeeded / .canceled, charge.refunded → stripePaymentStatus captured / cancelled /
 *   refunded, each with its timeline event (written once per order).
 *
 * Order status moves for the print studio's answers belong to fulfilment; this module only records
 * what happened to the money.
 */
import type { OrderEventType } from "@spike-land/shared/merch/orders";
import { toMinorUnits } from "@spike-land/shared/payments/money";
import { z } from "zod";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import { checkoutSessionSchema, paymentIntentSchema, type StripeEvent } from "../providers/payments/objects.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import { addOrderEvent, lockOrder, moveOrder } from "./events.server.ts";
import { enqueueOrderSubmission } from "./fulfilment-queue.server.ts";
import { recordConfirmedPurchase } from "../analytics/collect.server.ts";

type Tx = Prisma.TransactionClient;

/** What to do once the webhook's transaction has committed. */
export type MerchEffects = { submit: string[]; release: string[] };

const chargeSchema = z.looseObject({
  id: z.string(),
  object: z.literal("charge"),
  payment_intent: z.union([z.string(), z.looseObject({ id: z.string() }).transform((intent) => intent.id)]).nullish(),
  amount_refunded: z.number().int().nonnegative(),
  refunded: z.boolean(),
});

function metadataOf(event: StripeEvent): Record<string, unknown> {
  const metadata = (event.data.object as { metadata?: unknown }).metadata;
  return metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>) : {};
}

/**
 * Whether an event is about a merch order: its object says so in metadata, or (for a charge, whose
 * metadata Stripe may not carry over) its PaymentIntent belongs to an order.
 */
export async function isMerchEvent(event: StripeEvent): Promise<boolean> {
  if (metadataOf(event).kind === "merch") return true;
  if (!event.type.startsWith("charge.")) return false;
  const charge = chargeSchema.safeParse(event.data.object);
  const intent = charge.success ? charge.data.payment_intent : null;
  if (!intent) return false;
  return Boolean(await prisma.merchOrder.findUnique({ where: { stripePaymentIntentId: intent }, select: { id: true } }));
}

/** The order an event names (metadata.orderId), when it exists. */
async function orderOf(tx: Tx, orderId: unknown) {
  if (typeof orderId !== "string" || !orderId) return null;
  return tx.merchOrder.findUnique({
    where: { id: orderId },
    select: { id: true, status: true, totalAmount: true, currency: true, stripePaymentIntentId: true, stripePaymentStatus: true },
  });
}

/** Writes a payment event once per order (a capture and its webhook may both report it). */
async function addOnce(tx: Tx, orderId: string, type: OrderEventType, data: Prisma.InputJsonValue) {
  const existing = await tx.merchOrderEvent.findFirst({ where: { orderId, type }, select: { id: true } });
  if (!existing) await addOrderEvent(tx, orderId, type, data);
}

async function authorised(tx: Tx, event: StripeEvent, effects: MerchEffects) {
  const session = checkoutSessionSchema.parse(event.data.object);
  const order = await orderOf(tx, session.metadata.orderId);
  const intentId = session.payment_intent;
  if (!order || !intentId) return;
  const status = await lockOrder(tx, order.id);
  const data = { paymentIntentId: intentId, checkoutSessionId: session.id, amountMinor: session.amount_total ?? null, currency: session.currency?.toUpperCase() ?? null };
  if (status !== "PENDING" && status !== "PAYMENT_PENDING") {
    // A second tab's checkout, or one completed after the order was cancelled: its hold is released.
    if (order.stripePaymentIntentId !== intentId) {
      await addOrderEvent(tx, order.id, "PAYMENT_CANCELLED", { ...data, reason: "This order already had a payment or was cancelled; the extra authorisation was released." });
      effects.release.push(intentId);
    }
    return;
  }
  const expected = toMinorUnits(order.totalAmount.toFixed(2));
  if (session.amount_total != null && session.amount_total !== expected) {
    await addOrderEvent(tx, order.id, "PAYMENT_FAILED", { ...data, reason: `The authorised amount (${session.amount_total}) does not match the order total (${expected}).` });
    effects.release.push(intentId);
    return;
  }
  const moved = await moveOrder(tx, order.id, "PAID", "PAYMENT_AUTHORIZED", {
    data,
    changes: { stripePaymentIntentId: intentId, stripePaymentStatus: "authorized", paidAt: new Date() },
  });
  if (moved) effects.submit.push(order.id);
}

async function expired(tx: Tx, event: StripeEvent) {
  const session = checkoutSessionSchema.parse(event.data.object);
  const order = await orderOf(tx, session.metadata.orderId);
  if (!order || order.status !== "PAYMENT_PENDING") return;
  await moveOrder(tx, order.id, "CANCELLED", "CANCELLED", { data: { reason: "The checkout expired before the card was authorised.", checkoutSessionId: session.id } });
}

async function failed(tx: Tx, event: StripeEvent) {
  const intent = paymentIntentSchema.parse(event.data.object);
  const order = await orderOf(tx, intent.metadata.orderId);
  if (!order || (order.status !== "PENDING" && order.status !== "PAYMENT_PENDING")) return;
  const error = intent.last_payment_error;
  await addOrderEvent(tx, order.id, "PAYMENT_FAILED", { paymentIntentId: intent.id, message: error?.message ?? "The card was declined.", code: error?.decline_code ?? error?.code ?? null });
}

/**
 * Moves stripePaymentStatus from one word to the next for the order holding this intent. Returns the
 * order id when the order now has the new word (moved here, or already recorded by whoever made the
 * call), so its timeline event can be written once; null when the intent is not an order's.
 */
async function paymentStatus(tx: Tx, intentId: string, from: string, to: string): Promise<string | null> {
  const order = await tx.merchOrder.findUnique({ where: { stripePaymentIntentId: intentId }, select: { id: true, stripePaymentStatus: true } });
  if (!order) return null;
  if (order.stripePaymentStatus === to) return order.id;
  const changed = await tx.merchOrder.updateMany({ where: { id: order.id, stripePaymentStatus: from }, data: { stripePaymentStatus: to } });
  return changed.count ? order.id : null;
}

async function intentSettled(tx: Tx, event: StripeEvent, to: "captured" | "cancelled") {
  const intent = paymentIntentSchema.parse(event.data.object);
  const orderId = await paymentStatus(tx, intent.id, "authorized", to);
  if (!orderId) return;
  await addOnce(tx, orderId, to === "captured" ? "PAYMENT_CAPTURED" : "PAYMENT_CANCELLED", { paymentIntentId: intent.id, amountMinor: intent.amount, currency: intent.currency.toUpperCase() });
}

async function refunded(tx: Tx, event: StripeEvent) {
  const charge = chargeSchema.parse(event.data.object);
  if (!charge.payment_intent || !charge.refunded) return;
  const orderId = await paymentStatus(tx, charge.payment_intent, "captured", "refunded");
  if (!orderId) return;
  await addOnce(tx, orderId, "REFUNDED", { paymentIntentId: charge.payment_intent, chargeId: charge.id, amountMinor: charge.amount_refunded });
}

/** Applies one merch Stripe event inside the webhook's transaction; returns the work for after the commit. */
export async function handleMerchStripeEvent(tx: Tx, event: StripeEvent): Promise<MerchEffects> {
  const effects: MerchEffects = { submit: [], release: [] };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      await authorised(tx, event, effects);
      break;
    case "checkout.session.expired":
      await expired(tx, event);
      break;
    case "payment_intent.payment_failed":
      await failed(tx, event);
      break;
    case "payment_intent.succeeded":
      await intentSettled(tx, event, "captured");
      break;
    case "payment_intent.canceled":
      await intentSettled(tx, event, "cancelled");
      break;
    case "charge.refunded":
      await refunded(tx, event);
      break;
  }
  return effects;
}

/**
 * After the commit: queue authorised orders for the print studio (each counted as a purchase in
 * analytics), release stray authorisations. A
 * failure here is recorded, not retried by Stripe (the event is already processed); an order left
 * PAID can be resubmitted from the admin pages.
 */
export async function runMerchEffects(effects: MerchEffects): Promise<void> {
  for (const orderId of effects.submit) {
    await enqueueOrderSubmission(orderId).catch((error: unknown) => recordServerError(error, { route: "/webhooks/stripe" }));
    const order = await prisma.merchOrder.findUnique({ where: { id: orderId }, select: { userId: true, orderNumber: true, totalAmount: true, currency: true } });
    if (order?.userId) await recordConfirmedPurchase({ userId: order.userId, kind: "merch", amount: order.totalAmount.toFixed(2), currency: order.currency, reference: order.orderNumber });
  }
  for (const intentId of effects.release) {
    const provider = paymentProvider();
    await provider?.cancelPaymentIntent(intentId).catch((error: unknown) => recordServerError(error, { route: "/webhooks/stripe" }));
  }
}
