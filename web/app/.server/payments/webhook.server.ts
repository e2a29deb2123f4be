/**
 * The Stripe webhook: verifies the signature on the raw body (a bad one changes nothing), records
 * each event id once in webhook_events (provider STRIPE) in the same transaction as its
 * effects, so a replayed event changes nothing, then sends any receipts after the commit.
 */
import Stripe from "stripe";
import { ZodError } from "zod";
import { firstIssue } from "@spike-land/shared/errors";
import { prisma, type Prisma } from "../platform/db.server.ts";
import {
  checkoutSessionSchema,
  eventCustomer,
  eventSchema,
  invoiceSchema,
  paymentIntentSchema,
  toSubscriptionSnapshot,
  type CheckoutSessionObject,
  type InvoiceView,
  type PaymentIntentObject,
  type StripeEvent,
  type SubscriptionSnapshot,
} from "../providers/payments/objects.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import type { Tx } from "../tokens/ledger.server.ts";
import { handleMerchStripeEvent, isMerchEvent, runMerchEffects, type MerchEffects } from "../merch/payments.server.ts";
import { paymentsConfig } from "../providers/payments/config.server.ts";
import { applyCheckoutCompleted, applyCheckoutExpired, applyPaymentFailed } from "./fulfilment.server.ts";
import { sendReceipts, type Receipt } from "./receipts.server.ts";
import { recordConfirmedPurchase } from "../analytics/collect.server.ts";
import { applyInvoiceFailed, applyInvoicePaid, applySubscriptionSnapshot, SubscriptionRefused } from "./subscription-events.server.ts";
import { PaymentProviderError } from "../providers/payments/types.ts";
import { recordServerError } from "../platform/error-log.server.ts";

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

export type WebhookResult = { status: 200; duplicate: boolean; type: string } | { status: 400 | 503; message: string };

type Handled =
  | { kind: "checkout_completed"; session: CheckoutSessionObject }
  | { kind: "checkout_expired"; session: CheckoutSessionObject }
  | { kind: "payment_failed"; intent: PaymentIntentObject }
  | { kind: "subscription"; snapshot: SubscriptionSnapshot }
  | { kind: "invoice_paid"; invoice: InvoiceView }
  | { kind: "invoice_failed"; invoice: InvoiceView }
  | { kind: "ignored" };

/** Reads the event's object for the types we act on; throws a ZodError when it is not shaped as Stripe's. */
function classify(event: StripeEvent): Handled {
  const object = event.data.object;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return { kind: "checkout_completed", session: checkoutSessionSchema.parse(object) };
    case "checkout.session.expired":
      return { kind: "checkout_expired", session: checkoutSessionSchema.parse(object) };
    case "payment_intent.payment_failed":
      return { kind: "payment_failed", intent: paymentIntentSchema.parse(object) };
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return { kind: "subscription", snapshot: toSubscriptionSnapshot(object) };
    case "invoice.paid":
      return { kind: "invoice_paid", invoice: invoiceSchema.parse(object) };
    case "invoice.payment_failed":
      return { kind: "invoice_failed", invoice: invoiceSchema.parse(object) };
    default:
      return { kind: "ignored" };
  }
}

/**
 * The Stripe subscription an event needs but we have no row for yet (Stripe sends events in no
 * guaranteed order), fetched before the transaction so no network call holds it open.
 */
async function prefetch(handled: Handled): Promise<SubscriptionSnapshot | null> {
  const id =
    handled.kind === "checkout_completed" && handled.session.mode === "subscription"
      ? handled.session.subscription
      : handled.kind === "invoice_paid"
        ? handled.invoice.subscriptionId
        : null;
  if (!id) return null;
  if (await prisma.subscription.findUnique({ where: { stripeSubscriptionId: id }, select: { id: true } })) return null;
  const provider = paymentProvider();
  if (!provider) return null;
  try {
    return await provider.retrieveSubscription(id);
  } catch (error) {
    // Gone at the provider (a refused second subscription already ended): the handlers decide without it.
    if (error instanceof PaymentProviderError && error.status === 404) return null;
    throw error;
  }
}

/** Ends a refused second subscription at the provider; a failure is recorded, and the next event about it tries again. */
async function endRefused(refused: SubscriptionRefused): Promise<void> {
  const provider = paymentProvider();
  if (!provider) return;
  try {
    await provider.endRefusedSubscription(refused.subscriptionId);
  } catch (error) {
    await recordServerError(error, { route: "/webhooks/stripe", userId: refused.userId });
  }
}

async function apply(handled: Handled, tx: Tx, remote: SubscriptionSnapshot | null): Promise<Receipt | null> {
  switch (handled.kind) {
    case "checkout_completed":
      return applyCheckoutCompleted(handled.session, tx, remote);
    case "checkout_expired":
      await applyCheckoutExpired(handled.session, tx);
      return null;
    case "payment_failed":
      await applyPaymentFailed(handled.intent, tx);
      return null;
    case "subscription":
      await applySubscriptionSnapshot(handled.snapshot, tx);
      return null;
    case "invoice_paid":
      return applyInvoicePaid(handled.invoice, tx, remote);
    case "invoice_failed":
      await applyInvoiceFailed(handled.invoice, tx);
      return null;
    case "ignored":
      return null;
  }
}

/** What was wrong with a payload, for the 400 answer Stripe shows in its dashboard. */
function describeProblem(error: unknown): string {
  return error instanceof ZodError ? firstIssue(error.issues) : String(error);
}

export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookResult> {
  if (paymentsConfig.mode === "disabled") return { status: 503, message: "Payments are not configured on this server." };
  if (!signature) return { status: 400, message: "Missing the Stripe-Signature header." };
  let verified: unknown;
  try {
    verified = Stripe.webhooks.constructEvent(rawBody, signature, paymentsConfig.webhookSecret);
  } catch (error) {
    return { status: 400, message: `Webhook signature verification failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = eventSchema.safeParse(verified);
  if (!parsed.success) return { status: 400, message: `The payload is not a Stripe event (${firstIssue(parsed.error.issues)}).` };
  const event = parsed.data;

  const seen = await prisma.webhookEvent.findUnique({ where: { eventId: event.id }, select: { processed: true } });
  if (seen?.processed) return { status: 200, duplicate: true, type: event.type };

  // Merch events (metadata.kind = "merch") are the shop's, applied by merch/payments.server.ts.
  const merch = await isMerchEvent(event);
  let handled: Handled;
  try {
    handled = merch ? { kind: "ignored" } : classify(event);
  } catch (error) {
    return { status: 400, message: `The ${event.type} event ${event.id} is not shaped as expected (${describeProblem(error)}).` };
  }
  const remote = await prefetch(handled);

  const receipts: Receipt[] = [];
  let merchEffects: MerchEffects | null = null;
  let refused: SubscriptionRefused | null = null;
  const applied = await prisma.$transaction(async (tx) => {
    // One customer's events are applied one at a time, so concurrent deliveries cannot race each other.
    const customer = eventCustomer(event);
    if (customer) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`stripe:${customer}`}))`;
    const inserted = await tx.webhookEvent.createMany({
      data: [{ provider: "STRIPE", eventId: event.id, eventType: event.type, payload: verified as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return false;
    if (merch) merchEffects = await handleMerchStripeEvent(tx, event);
    try {
      const receipt = await apply(handled, tx, remote);
      if (receipt) receipts.push(receipt);
    } catch (error) {
      // Refused before any write: the event is recorded as handled and changes nothing else.
      if (!(error instanceof SubscriptionRefused)) throw error;
      refused = error;
    }
    // A refusal is kept with the event, so the billing history shows that payment as refunded.
    const marked = refused ? { payload: { ...(verified as Prisma.JsonObject), refusedSubscription: { id: refused.subscriptionId, kept: refused.keptSubscriptionId } } } : {};
    await tx.webhookEvent.update({ where: { eventId: event.id }, data: { processed: true, processedAt: new Date(), ...marked } });
    return true;
  }, TRANSACTION_OPTIONS);

  if (refused) await endRefused(refused);
  if (applied) await sendReceipts(receipts);
  if (applied) for (const receipt of receipts) await recordConfirmedPurchase(receipt);
  if (applied && merchEffects) await runMerchEffects(merchEffects);
  return { status: 200, duplicate: !applied, type: event.type };
}
