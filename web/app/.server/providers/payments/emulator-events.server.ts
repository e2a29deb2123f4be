/**
 * The emulator's side of webhooks: Stripe-shaped objects and events, signed with the webhook secret
 * exactly as Stripe signs them, and POSTed to the app's own webhook endpoint so the real webhook
 * code runs.
 */
import { createHash, randomBytes } from "node:crypto";
import Stripe from "stripe";
import type { SubscriptionSnapshot } from "./objects.ts";

const DELIVERY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;
const DELIVERY_TIMEOUT_MS = 20_000;

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** A short, stable id suffix: the same input always names the same object or event. */
export function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24);
}

export function randomId(prefix: string): string {
  return `${prefix}_local_${randomBytes(12).toString("hex")}`;
}

/** The emulator keeps a subscription in exactly the shape the app reads from any provider. */
export type EmulatedSubscription = SubscriptionSnapshot;

export function subscriptionObject(s: EmulatedSubscription) {
  return {
    id: s.id,
    object: "subscription",
    customer: s.customerId,
    status: s.status,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    cancel_at: s.cancelAtPeriodEnd ? unix(s.currentPeriodEnd) : null,
    canceled_at: s.endedAt ? unix(s.endedAt) : null,
    ended_at: s.endedAt ? unix(s.endedAt) : null,
    collection_method: "charge_automatically",
    currency: "gbp",
    livemode: false,
    metadata: s.metadata,
    items: {
      object: "list",
      data: [
        {
          id: s.itemId,
          object: "subscription_item",
          price: { id: s.priceId, object: "price" },
          quantity: 1,
          current_period_start: unix(s.currentPeriodStart),
          current_period_end: unix(s.currentPeriodEnd),
        },
      ],
    },
  };
}

export type EmulatedInvoice = {
  id: string;
  customerId: string;
  subscriptionId: string;
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
  amountMinor: number;
  priceId: string;
  period: { start: Date; end: Date };
  subscriptionMetadata: Record<string, string>;
};

export function invoiceObject(i: EmulatedInvoice) {
  const now = unix(new Date());
  return {
    id: i.id,
    object: "invoice",
    customer: i.customerId,
    billing_reason: i.billingReason,
    collection_method: "charge_automatically",
    currency: "gbp",
    amount_due: i.amountMinor,
    amount_paid: i.amountMinor,
    amount_remaining: 0,
    created: now,
    livemode: false,
    paid: true,
    status: "paid",
    status_transitions: { paid_at: now },
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: i.subscriptionId, metadata: i.subscriptionMetadata } },
    lines: {
      object: "list",
      data: [
        {
          id: `il_local_${digest(i.id)}`,
          object: "line_item",
          amount: i.amountMinor,
          currency: "gbp",
          period: { start: unix(i.period.start), end: unix(i.period.end) },
          pricing: { type: "price_details", price_details: { price: i.priceId, product: `prod_local_${digest(i.priceId)}` } },
          quantity: 1,
        },
      ],
    },
  };
}

export type EmulatedPaymentIntent = {
  id: string;
  customerId: string;
  amountMinor: number;
  metadata: Record<string, string>;
  error: { code: string; declineCode: string; message: string } | null;
  /** Defaults: GBP, automatic capture, succeeded (or requires_payment_method after an error). */
  currency?: "GBP" | "EUR";
  captureMethod?: "manual" | "automatic";
  status?: "requires_capture" | "succeeded" | "canceled";
};

export function paymentIntentObject(p: EmulatedPaymentIntent) {
  const status = p.error ? "requires_payment_method" : (p.status ?? "succeeded");
  return {
    id: p.id,
    object: "payment_intent",
    amount: p.amountMinor,
    amount_capturable: status === "requires_capture" ? p.amountMinor : 0,
    amount_received: status === "succeeded" ? p.amountMinor : 0,
    capture_method: p.captureMethod ?? "automatic",
    currency: (p.currency ?? "GBP").toLowerCase(),
    customer: p.customerId || null,
    metadata: p.metadata,
    status,
    canceled_at: status === "canceled" ? unix(new Date()) : null,
    cancellation_reason: status === "canceled" ? "requested_by_customer" : null,
    last_payment_error: p.error ? { type: "card_error", code: p.error.code, decline_code: p.error.declineCode, message: p.error.message } : null,
  };
}

/** The charge behind a captured PaymentIntent, after a full refund (what charge.refunded carries). */
export function refundedChargeObject(p: { paymentIntentId: string; customerId: string; amountMinor: number; currency: "GBP" | "EUR"; metadata: Record<string, string> }) {
  return {
    id: `ch_local_${digest(p.paymentIntentId)}`,
    object: "charge",
    amount: p.amountMinor,
    amount_captured: p.amountMinor,
    amount_refunded: p.amountMinor,
    captured: true,
    refunded: true,
    currency: p.currency.toLowerCase(),
    customer: p.customerId || null,
    payment_intent: p.paymentIntentId,
    metadata: p.metadata,
    status: "succeeded",
    livemode: false,
  };
}

export class WebhookDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookDeliveryError";
  }
}

export type Delivery = { endpoint: string; secret: string };

/**
 * Posts one event to the webhook endpoint, signed like Stripe signs it. Retries a few times on
 * network errors and 5xx (as Stripe does, only faster); throws when the endpoint never accepts it.
 */
export async function deliverEvent(
  delivery: Delivery,
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; previousAttributes?: Record<string, unknown> } = {},
): Promise<string> {
  const event = {
    id: options.id ?? randomId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: unix(new Date()),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object, ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}) },
  };
  const payload = JSON.stringify(event);
  let problem = "";
  for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt += 1) {
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: delivery.secret });
    try {
      const response = await fetch(delivery.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature, "User-Agent": "Spike Land payment emulator (Stripe-shaped webhooks)" },
        body: payload,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      if (response.ok) return event.id;
      problem = `answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
      if (response.status < 500) break;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
  }
  throw new WebhookDeliveryError(`The ${type} webhook to ${delivery.endpoint} was not accepted (${problem}).`);
}
