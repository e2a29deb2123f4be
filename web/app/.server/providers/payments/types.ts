/**
 * The payment provider: the few Stripe operations the app calls. Two implementations: the Stripe
 * SDK (stripe.server.ts) and the local payment emulator (emulator.server.ts), chosen by
 * configuration in index.server.ts.
 */
import type { SubscriptionSnapshot } from "./objects.ts";

export type CheckoutSessionInput = {
  mode: "payment" | "subscription";
  customerId: string;
  priceId: string;
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
