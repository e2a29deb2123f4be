/**
 * The parts of Stripe's objects the app reads, as zod schemas. Webhook payloads, SDK responses and
 * the emulator's events all pass through these, so the three can never drift apart silently.
 */
import { z } from "zod";

const metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

/** A reference that Stripe sends as an id, or as the object when expanded. */
const ref = z.union([z.string(), z.looseObject({ id: z.string() }).transform((object) => object.id)]);

const unixSeconds = z.number().int().nonnegative();

export const eventSchema = z.looseObject({
  id: z.string().min(1, "event id is missing"),
  object: z.literal("event"),
  type: z.string().min(1),
  created: unixSeconds,
  data: z.looseObject({ object: z.looseObject({}), previous_attributes: z.looseObject({}).optional() }),
});
export type StripeEvent = z.infer<typeof eventSchema>;

export const checkoutSessionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("checkout.session"),
  mode: z.enum(["payment", "subscription", "setup"]),
  status: z.string().nullish(),
  payment_status: z.string(),
  customer: ref.nullish(),
  subscription: ref.nullish(),
  payment_intent: ref.nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  metadata,
});
export type CheckoutSessionObject = z.infer<typeof checkoutSessionSchema>;

export const paymentIntentSchema = z.looseObject({
  id: z.string(),
  object: z.literal("payment_intent"),
  amount: z.number().int(),
  currency: z.string(),
  customer: ref.nullish(),
  metadata,
  last_payment_error: z.looseObject({ message: z.string().nullish(), code: z.string().nullish(), decline_code: z.string().nullish() }).nullish(),
});
export type PaymentIntentObject = z.infer<typeof paymentIntentSchema>;

const subscriptionItem = z.looseObject({
  id: z.string(),
  price: z.looseObject({ id: z.string() }),
  current_period_start: unixSeconds,
  current_period_end: unixSeconds,
});

const subscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("subscription"),
  customer: ref,
  status: z.string(),
  cancel_at_period_end: z.boolean(),
  ended_at: unixSeconds.nullish(),
  items: z.looseObject({ data: z.array(subscriptionItem).min(1, "a subscription has at least one item") }),
  metadata,
});

/** What the app needs to know about a subscription, whichever provider reported it. */
export type SubscriptionSnapshot = {
  id: string;
  customerId: string;
  /** Stripe's status word: active, trialing, past_due, unpaid, canceled, incomplete, ... */
  status: string;
  cancelAtPeriodEnd: boolean;
  itemId: string;
  priceId: string;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  endedAt: Date | null;
  metadata: Record<string, string>;
};

const fromUnix = (seconds: number) => new Date(seconds * 1000);

export function toSubscriptionSnapshot(raw: unknown): SubscriptionSnapshot {
  const subscription = subscriptionSchema.parse(raw);
  const item = subscription.items.data[0]!;
  return {
    id: subscription.id,
    customerId: subscription.customer,
    status: subscription.status,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    itemId: item.id,
    priceId: item.price.id,
    currentPeriodStart: fromUnix(item.current_period_start),
    currentPeriodEnd: fromUnix(item.current_period_end),
    endedAt: subscription.ended_at ? fromUnix(subscription.ended_at) : null,
    metadata: subscription.metadata,
  };
}

const invoiceLine = z.looseObject({
  period: z.object({ start: unixSeconds, end: unixSeconds }),
  pricing: z.looseObject({ price_details: z.looseObject({ price: ref }).nullish() }).nullish(),
});

export const invoiceSchema = z
  .looseObject({
    id: z.string(),
    object: z.literal("invoice"),
    customer: ref.nullish(),
    billing_reason: z.string().nullish(),
    amount_paid: z.number().int().nonnegative(),
    currency: z.string(),
    created: unixSeconds,
    parent: z.looseObject({ subscription_details: z.looseObject({ subscription: ref, metadata }).nullish() }).nullish(),
    /** Where API versions before 2025 put the subscription. */
    subscription: ref.nullish(),
    lines: z.looseObject({ data: z.array(invoiceLine) }),
  })
  .transform((invoice) => {
    const line = invoice.lines.data[0];
    return {
      id: invoice.id,
      customerId: invoice.customer ?? null,
      billingReason: invoice.billing_reason ?? null,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency.toUpperCase(),
      created: fromUnix(invoice.created),
      subscriptionId: invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null,
      priceId: line?.pricing?.price_details?.price ?? null,
      period: line ? { start: fromUnix(line.period.start), end: fromUnix(line.period.end) } : null,
    };
  });
export type InvoiceView = z.output<typeof invoiceSchema>;

/** The customer an event concerns, if it names one (used to process one customer's events one at a time). */
export function eventCustomer(event: StripeEvent): string | null {
  const customer = (event.data.object as { customer?: unknown }).customer;
  const parsed = ref.safeParse(customer);
  return parsed.success ? parsed.data : null;
}
