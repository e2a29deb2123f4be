/**
 * The local payment emulator: Stripe's stand-in when no keys are configured. It answers the same
 * provider calls as the Stripe client, serves a hosted checkout page (routes/pay.*), takes Stripe's
 * test cards, and reports every outcome as a signed, Stripe-shaped webhook POSTed to the app's own
 * /webhooks/stripe, so the real webhook code does the real work.
 *
 * This module puts the parts together: checkout sessions (emulator-checkout.server.ts),
 * subscriptions (emulator-subscriptions.server.ts), capture, release and refund of held payments
 * (emulator-refunds.server.ts), on the shared keys and prices of emulator-state.server.ts.
 *
 * State: checkout sessions live in their signed ids (emulator-sessions.server.ts); a subscription's
 * state is the subscriptions row its own webhooks wrote; whether a session was paid is whether the
 * app accepted its completion event (webhook_events). No table of its own.
 */
import type { CardForm } from "@spike-land/shared/payments/card";
import { randomId } from "./emulator-events.server.ts";
import { emulatorCheckout, type CheckoutView, type PayOutcome } from "./emulator-checkout.server.ts";
import { emulatorRefunds } from "./emulator-refunds.server.ts";
import { emulatorContext, type EmulatorOptions } from "./emulator-state.server.ts";
import { emulatorSubscriptions } from "./emulator-subscriptions.server.ts";
import type { PaymentProvider } from "./types.ts";

export type Emulator = PaymentProvider & {
  readonly kind: "emulator";
  openCheckout(id: string): Promise<CheckoutView | null>;
  payCheckout(id: string, card: CardForm): Promise<PayOutcome>;
  /** Ends the current period: renews (invoice.paid) or, when cancelling at period end, ends the subscription. */
  advancePeriod(subscriptionId: string): Promise<void>;
};

export function createEmulator(options: EmulatorOptions): Emulator {
  const context = emulatorContext(options);
  const subscriptions = emulatorSubscriptions(context);
  const checkout = emulatorCheckout(context, subscriptions);
  const refunds = emulatorRefunds(context);
  return {
    kind: "emulator",
    async createCustomer() {
      return { id: randomId("cus") };
    },
    createCheckoutSession: checkout.createCheckoutSession,
    openCheckout: checkout.openCheckout,
    payCheckout: checkout.payCheckout,
    retrieveSubscription: subscriptions.retrieveSubscription,
    updateSubscription: subscriptions.updateSubscription,
    advancePeriod: subscriptions.advancePeriod,
    endRefusedSubscription: subscriptions.endRefusedSubscription,
    capturePaymentIntent: refunds.capturePaymentIntent,
    cancelPaymentIntent: refunds.cancelPaymentIntent,
    refundPaymentIntent: refunds.refundPaymentIntent,
  };
}
