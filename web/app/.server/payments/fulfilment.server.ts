/**
 * Token packs, inside the webhook's transaction: a completed checkout marks the payment SUCCEEDED
 * and grants the pack's tokens exactly once; a failed payment attempt marks it FAILED (a later
 * successful attempt on the same checkout still completes it); an abandoned checkout that expires
 * marks it FAILED too.
 */
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import type { Prisma } from "../platform/db.server.ts";
import { credit, type Tx } from "../tokens/ledger.server.ts";
import type { CheckoutSessionObject, PaymentIntentObject, SubscriptionSnapshot } from "../providers/payments/objects.ts";
import { CURRENCY } from "./catalogue.server.ts";
import type { Receipt } from "./receipts.server.ts";
import { createSubscriptionRow } from "./subscription-events.server.ts";

function metadataOf(value: Prisma.JsonValue | null): Record<string, Prisma.JsonValue> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Prisma.JsonValue>) : {};
}

/** The payment row a checkout belongs to; recreated from the session's metadata if our own insert was lost. */
async function paymentFor(session: CheckoutSessionObject, tx: Tx) {
  const paymentId = session.metadata.paymentId;
  if (!paymentId) return null;
  const include = { package: { select: { name: true } } } as const;
  const found = await tx.stripePayment.findUnique({ where: { id: paymentId }, include });
  if (found) return found;
  const { userId, packId } = session.metadata;
  const pack = packId ? await tx.tokensPackage.findUnique({ where: { id: packId } }) : null;
  if (!userId || !pack) throw new Error(`Checkout ${session.id} names payment ${paymentId}, which does not exist and cannot be rebuilt`);
  return tx.stripePayment.create({
    data: {
      id: paymentId,
      userId,
      packageId: pack.id,
      tokensGranted: pack.tokens,
      amountGBP: pack.priceGBP,
      stripePaymentIntentId: session.id,
      status: "PENDING",
      metadata: { currency: CURRENCY, checkoutSessionId: session.id },
    },
    include,
  });
}

export async function applyCheckoutCompleted(session: CheckoutSessionObject, tx: Tx, remote: SubscriptionSnapshot | null): Promise<Receipt | null> {
  if (session.mode === "subscription") {
    const exists = session.subscription ? await tx.subscription.findUnique({ where: { stripeSubscriptionId: session.subscription }, select: { id: true } }) : null;
    if (!exists && remote) await createSubscriptionRow(remote, tx, session.metadata.userId ?? session.client_reference_id);
    return null;
  }
  // Delayed payment methods complete the checkout unpaid; checkout.session.async_payment_succeeded follows.
  if (session.mode !== "payment" || session.payment_status !== "paid") return null;
  const payment = await paymentFor(session, tx);
  if (!payment || payment.status === "SUCCEEDED") return null;
  // The buyer deleted their account before the payment completed: the record stays, and no tokens have anywhere to go.
  const userId = payment.userId;
  if (!userId) {
    await tx.stripePayment.update({ where: { id: payment.id }, data: { status: "SUCCEEDED" } });
    return null;
  }

  const currency = (session.currency ?? CURRENCY).toUpperCase();
  // The column is named amountGBP but holds the amount in the charge's currency, recorded beside it.
  const amount = session.amount_total != null ? fromMinorUnits(session.amount_total) : payment.amountGBP.toFixed(2);
  const reference = session.payment_intent ?? session.id;
  await tx.stripePayment.update({
    where: { id: payment.id },
    data: {
      status: "SUCCEEDED",
      amountGBP: amount,
      stripePaymentIntentId: reference,
      metadata: { ...metadataOf(payment.metadata), currency, checkoutSessionId: session.id, paidAt: new Date().toISOString() },
    },
  });
  const item = `${payment.package.name} token pack`;
  const entry = await credit(
    userId,
    payment.tokensGranted,
    "EARN_PURCHASE",
    { source: "stripe_checkout", sourceId: payment.id, once: true, metadata: { description: item, paymentId: payment.id, amount, currency } },
    tx,
  );
  if (entry.duplicate) return null;
  return {
    userId,
    kind: "pack",
    item,
    amount,
    currency,
    reference,
    paidAt: new Date(),
    notes: [`${payment.tokensGranted} tokens were added to your balance, which is now ${entry.balanceAfter}.`],
  };
}

export async function applyPaymentFailed(intent: PaymentIntentObject, tx: Tx): Promise<void> {
  const paymentId = intent.metadata.paymentId;
  if (!paymentId) return;
  const payment = await tx.stripePayment.findUnique({ where: { id: paymentId }, select: { status: true, metadata: true } });
  if (!payment || payment.status === "SUCCEEDED") return;
  await tx.stripePayment.update({
    where: { id: paymentId },
    data: {
      status: "FAILED",
      metadata: {
        ...metadataOf(payment.metadata),
        failureMessage: intent.last_payment_error?.message ?? "The payment failed.",
        failureCode: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null,
      },
    },
  });
}

/** Stripe expires an unpaid checkout after 24 hours; its pending payment will never complete. */
export async function applyCheckoutExpired(session: CheckoutSessionObject, tx: Tx): Promise<void> {
  const paymentId = session.metadata.paymentId;
  if (session.mode !== "payment" || !paymentId) return;
  const payment = await tx.stripePayment.findUnique({ where: { id: paymentId }, select: { status: true, metadata: true } });
  if (!payment || payment.status !== "PENDING") return;
  await tx.stripePayment.update({
    where: { id: paymentId },
    data: { status: "FAILED", metadata: { ...metadataOf(payment.metadata), failureMessage: "The checkout expired before it was paid." } },
  });
}
