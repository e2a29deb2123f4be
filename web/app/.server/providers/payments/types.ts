/**
 * The payment provider: the few Stripe operations the app calls. Two implementations: the Stripe
 * SDK (stripe.server.ts) and the local payment emulator (emulator.server.ts), chosen by
 * configuration in index.server.ts.
 */
import type { SubscriptionSnapshot } from "./objects.ts";

export type PriceCheckoutInput = {
  mode: "payment" | "subscription";
  customerId: string;
  priceId: string;
  lineItems?: undefined;
  /** May contain {CHECKOUT_SESSION_ID}, replaced by the session id as Stripe does. */
  successUrl: string;
  cancelUrl: string;
  /** The user id, echoed back on the completed session. */
  clientReferenceId: string;
  metadata: Record<string, string>;
  /** payment mode: copied onto the PaymentIntent (so a failed payment can be matched). */
  paymentMetadata?: Record<string, string>;
  /** subscription mode: copied onto the Subscription. */
  subscriptionMetadata?: Record<string, string>;
};

/** One line of a merch checkout, priced by the server (Stripe's inline `price_data`). */
export type CheckoutLineItem = { name: string; description?: string; unitAmountMinor: number; quantity: number };

/**
 * A merch checkout: inline line items in the order's currency, and a PaymentIntent that is only
 * authorised (capture_method manual) — captured later, when the print studio accepts the order.
 */
export type ItemsCheckoutInput = {
  mode: "payment";
  lineItems: CheckoutLineItem[];
  currency: "GBP" | "EUR";
  captureMethod: "manual" | "automatic";
  /** The Stripe customer when the user has one; otherwise the email prefills the card page. */
  customerId?: string | null;
  customerEmail?: string | null;
  successUrl: string;
  cancelUrl: string;
  clientReferenceId: string;
  metadata: Record<string, string>;
  /** Copied onto the PaymentIntent (merch webhooks find their order through it). */
  paymentMetadata?: Record<string, string>;
  priceId?: undefined;
  subscriptionMetadata?: undefined;
};

export type CheckoutSessionInput = PriceCheckoutInput | ItemsCheckoutInput;

/** Stripe's PaymentIntent status words the app acts on. */
export type PaymentIntentStatus = "requires_capture" | "succeeded" | "canceled" | "processing" | "requires_payment_method";

export type PaymentIntentRef = { id: string; status: PaymentIntentStatus | (string & {}); amountMinor: number; currency: string };
export type RefundRef = { id: string; paymentIntentId: string; status: string; amountMinor: number };

export type CheckoutSessionRef = { id: string; url: string };

/** Either cancel/resume at period end, or move the subscription's item to another price. */
export type SubscriptionChange =
  | { kind: "cancel_at_period_end"; cancelAtPeriodEnd: boolean }
  /** prorate: charge the difference now (upgrade), or change the price from the next invoice (downgrade). */
  | { kind: "price"; itemId: string; priceId: string; prorate: boolean };

export interface PaymentProvider {
  readonly kind: "stripe" | "emulator";
  createCustomer(input: { userId: string; email: string | null; name: string | null }): Promise<{ id: string }>;
  createCheckoutSession(input: CheckoutSessionInput): Promise<CheckoutSessionRef>;
  retrieveSubscription(id: string): Promise<SubscriptionSnapshot>;
  updateSubscription(id: string, change: SubscriptionChange): Promise<SubscriptionSnapshot>;
  /** Takes an authorised (requires_capture) payment. Anything else is refused with a 409. */
  capturePaymentIntent(id: string): Promise<PaymentIntentRef>;
  /** Releases an authorisation that was not captured. A captured or cancelled payment is refused with a 409. */
  cancelPaymentIntent(id: string): Promise<PaymentIntentRef>;
  /** Refunds a captured payment in full. An uncaptured or cancelled payment is refused with a 409. */
  refundPaymentIntent(id: string): Promise<RefundRef>;
  /**
   * Ends at once, without proration, a subscription the app refused (the user already has one), and
   * refunds what its invoices took. Safe to repeat: an ended subscription or refunded payment is left as it is.
   */
  endRefusedSubscription(id: string): Promise<void>;
}

/** A provider call that failed; `message` is safe to show to the person paying. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly status: number = 502,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "PaymentProviderError";
  }
}
