/** The production payment provider: Stripe's API through the official SDK. */
import Stripe from "stripe";
import { checkoutSessionSchema, toSubscriptionSnapshot } from "./objects.ts";
import { PaymentProviderError, type CheckoutSessionInput, type PaymentIntentRef, type PaymentProvider } from "./types.ts";

export type StripeClientOptions = {
  secretKey: string;
  /** Tests point the SDK at a local Stripe-shaped server. */
  api: { host: string; port: number; protocol: "http" | "https" } | null;
};

const REQUEST_TIMEOUT_MS = 20_000;

/** Stripe's codes for a payment in the wrong state for the move asked of it: a conflict, not bad input. */
const STATE_CONFLICT_CODES = new Set(["payment_intent_unexpected_state", "charge_already_refunded", "charge_already_captured", "charge_expired_for_capture"]);

/** The Checkout line items and payment options: a Price for packs and plans, inline price_data for merch. */
function sessionItems(input: CheckoutSessionInput): Pick<Stripe.Checkout.SessionCreateParams, "line_items" | "payment_intent_data" | "subscription_data" | "customer" | "customer_email"> {
  if (input.lineItems) {
    return {
      ...(input.customerId ? { customer: input.customerId } : input.customerEmail ? { customer_email: input.customerEmail } : {}),
      line_items: input.lineItems.map((item) => ({
        quantity: item.quantity,
        price_data: {
          currency: input.currency.toLowerCase(),
          unit_amount: item.unitAmountMinor,
          product_data: { name: item.name, ...(item.description ? { description: item.description } : {}) },
        },
      })),
      payment_intent_data: { capture_method: input.captureMethod, metadata: input.paymentMetadata ?? {} },
    };
  }
  return {
    customer: input.customerId,
    line_items: [{ price: input.priceId, quantity: 1 }],
    ...(input.mode === "payment" ? { payment_intent_data: { metadata: input.paymentMetadata ?? {} } } : {}),
    ...(input.mode === "subscription" ? { subscription_data: { metadata: input.subscriptionMetadata ?? {} } } : {}),
  };
}

function intentRef(intent: Stripe.PaymentIntent): PaymentIntentRef {
  return { id: intent.id, status: intent.status, amountMinor: intent.amount, currency: intent.currency.toUpperCase() };
}

/** Stripe's own message is meant for the customer on card errors; other errors get a plain summary. */
function translate(error: unknown): never {
  if (error instanceof Stripe.errors.StripeCardError) {
    throw new PaymentProviderError(error.message, 402, error.code ?? "card_declined");
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError && STATE_CONFLICT_CODES.has(error.code ?? "")) {
    throw new PaymentProviderError(`Stripe refused the request: ${error.message}`, 409, error.code ?? null);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    throw new PaymentProviderError(`Stripe refused the request: ${error.message}`, error.statusCode === 404 ? 404 : 400, error.code ?? null);
  }
  if (error instanceof Stripe.errors.StripeError) {
    throw new PaymentProviderError("We could not reach our payment provider. Nothing was charged; please try again in a minute.", 502, error.code ?? null);
  }
  throw error;
}

export function stripeProvider(options: StripeClientOptions): PaymentProvider {
  const stripe = new Stripe(options.secretKey, {
    ...(options.api ?? {}),
    maxNetworkRetries: 2,
    timeout: REQUEST_TIMEOUT_MS,
    appInfo: { name: "Spike Land" },
  });

  return {
    kind: "stripe",

    async createCustomer({ userId, email, name }) {
      try {
        const customer = await stripe.customers.create({ email: email ?? undefined, name: name ?? undefined, metadata: { userId } });
        return { id: customer.id };
      } catch (error) {
        translate(error);
      }
    },

    async createCheckoutSession(input) {
      try {
        const session = await stripe.checkout.sessions.create({
          mode: input.mode,
          ...sessionItems(input),
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          client_reference_id: input.clientReferenceId,
          metadata: input.metadata,
        });
        const parsed = checkoutSessionSchema.parse(session);
        if (!session.url) throw new PaymentProviderError("Stripe created a checkout without a payment page. Please try again.");
        return { id: parsed.id, url: session.url };
      } catch (error) {
        translate(error);
      }
    },

    async retrieveSubscription(id) {
      try {
        return toSubscriptionSnapshot(await stripe.subscriptions.retrieve(id));
      } catch (error) {
        translate(error);
      }
    },

    async updateSubscription(id, change) {
      try {
        const params: Stripe.SubscriptionUpdateParams =
          change.kind === "cancel_at_period_end"
            ? { cancel_at_period_end: change.cancelAtPeriodEnd }
            : {
                items: [{ id: change.itemId, price: change.priceId }],
                // An upgrade is charged now (and refused if the card fails); a downgrade starts with the next invoice.
                proration_behavior: change.prorate ? "always_invoice" : "none",
                ...(change.prorate ? { payment_behavior: "error_if_incomplete" as const } : {}),
              };
        return toSubscriptionSnapshot(await stripe.subscriptions.update(id, params));
      } catch (error) {
        translate(error);
      }
    },

    async capturePaymentIntent(id) {
      try {
        return intentRef(await stripe.paymentIntents.capture(id, {}, { idempotencyKey: `capture:${id}` }));
      } catch (error) {
        translate(error);
      }
    },

    async cancelPaymentIntent(id) {
      try {
        return intentRef(await stripe.paymentIntents.cancel(id, {}, { idempotencyKey: `cancel:${id}` }));
      } catch (error) {
        translate(error);
      }
    },

    async endRefusedSubscription(id) {
      try {
        const subscription = await stripe.subscriptions.retrieve(id);
        if (subscription.status !== "canceled" && subscription.status !== "incomplete_expired") {
          await stripe.subscriptions.cancel(id, { prorate: false }, { idempotencyKey: `cancel-refused:${id}` });
        }
        const invoiceId = typeof subscription.latest_invoice === "string" ? subscription.latest_invoice : (subscription.latest_invoice?.id ?? null);
        if (!invoiceId) return;
        const payments = await stripe.invoicePayments.list({ invoice: invoiceId, status: "paid" });
        for (const payment of payments.data) {
          const intent = payment.payment.payment_intent;
          const intentId = typeof intent === "string" ? intent : intent?.id;
          if (!intentId) continue;
          await stripe.refunds.create({ payment_intent: intentId }, { idempotencyKey: `refund:${intentId}` }).catch((error: unknown) => {
            // Refunded by an earlier delivery of the same news: nothing left to do.
            if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "charge_already_refunded") return;
            throw error;
          });
        }
      } catch (error) {
        translate(error);
      }
    },

    async refundPaymentIntent(id) {
      try {
        const refund = await stripe.refunds.create({ payment_intent: id }, { idempotencyKey: `refund:${id}` });
        return { id: refund.id, paymentIntentId: id, status: refund.status ?? "pending", amountMinor: refund.amount };
      } catch (error) {
        translate(error);
      }
    },
  };
}
