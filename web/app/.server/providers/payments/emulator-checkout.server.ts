/**
 * The emulator's checkout sessions: creating one (a catalogue price, or a merch order's inline line
 * items), showing it on the hosted card page (routes/pay.*), and paying it with one of Stripe's test
 * cards. A paid session is reported as Stripe reports it (checkout.session.completed, and for a
 * subscription the subscription's first events); whether it was paid is whether the app accepted
 * its completion event (webhook_events).
 */
import type { CardForm } from "@spike-land/shared/payments/card";
import { prisma } from "../../platform/db.server.ts";
import { recordServerError } from "../../platform/error-log.server.ts";
import { decodeSession, encodeIntent, encodeSession, sessionExpired, type EmulatorSession } from "./emulator-sessions.server.ts";
import { deliverEvent, digest, paymentIntentObject } from "./emulator-events.server.ts";
import { priceFor, requirePrice, type EmulatorContext, type Price } from "./emulator-state.server.ts";
import { subscriptionIdFor, type EmulatorSubscriptions } from "./emulator-subscriptions.server.ts";
import { PaymentProviderError, type CheckoutSessionInput, type CheckoutSessionRef } from "./types.ts";

type CardOutcome = { code: string; declineCode: string; message: string } | "success";

/** Stripe's documented test cards, with Stripe's own messages. */
const CARD_OUTCOMES: Record<string, CardOutcome> = {
  "4242424242424242": "success",
  "5555555555554444": "success",
  "4000000000000002": { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." },
  "4000000000009995": { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  "4000000000000069": { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
  "4000000000000127": { code: "incorrect_cvc", declineCode: "incorrect_cvc", message: "Your card's security code is incorrect." },
};
const NOT_A_TEST_CARD: CardOutcome = {
  code: "card_declined",
  declineCode: "test_mode_live_card",
  message: "Your card was declined. This is the test payment emulator: pay with the test card 4242 4242 4242 4242.",
};

const SECOND_SUBSCRIPTION = "You already have a subscription, started in another window a moment ago. This payment was refunded; change your plan on the billing page.";

export type CheckoutView = {
  id: string;
  mode: "payment" | "subscription";
  item: { name: string; amountMinor: number; currency: "GBP" | "EUR"; recurring: boolean; tokens: number };
  /** Merch checkouts: the order's lines (packs and plans have none). */
  lines: Array<{ name: string; description: string | null; quantity: number; amountMinor: number }>;
  /** "manual": the card is only authorised now and charged later. */
  captureMethod: "manual" | "automatic";
  customerEmail: string | null;
  cancelUrl: string;
  /** Where a paid checkout continues (Stripe's success_url with the session id filled in). */
  successUrl: string;
  state: "open" | "complete" | "expired";
};

export type PayOutcome = { ok: true; redirectTo: string } | { ok: false; status: number; message: string; code: string };

function completionEventId(sessionId: string): string {
  return `evt_local_${digest(sessionId, "checkout.session.completed")}`;
}

/** What a session charges: its price, or the sum of its inline line items. */
async function sessionPrice(session: EmulatorSession): Promise<Price | null> {
  if (!session.items) return priceFor(session.price);
  const amountMinor = session.items.reduce((sum, item) => sum + item.a * item.q, 0);
  const name = session.md.orderNumber ? `Order ${session.md.orderNumber}` : "Spike Land shop order";
  return { id: "", name, amountMinor, recurring: false, tokens: 0, currency: session.cur ?? "GBP" };
}

async function isComplete(sessionId: string): Promise<boolean> {
  const event = await prisma.webhookEvent.findUnique({ where: { eventId: completionEventId(sessionId) }, select: { processed: true } });
  return Boolean(event?.processed);
}

/** One subscription per user: a second checkout tab must not start another (retrying this session's own is fine). */
async function hasOtherLiveSubscription(session: EmulatorSession): Promise<boolean> {
  const live = await prisma.subscription.findFirst({
    where: { user: { stripeCustomerId: session.customer }, status: { not: "CANCELED" }, stripeSubscriptionId: { not: subscriptionIdFor(session) } },
    select: { id: true },
  });
  return Boolean(live);
}

function successUrl(session: EmulatorSession): string {
  return session.success.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}

export function emulatorCheckout({ sessionKey, delivery, appUrl }: EmulatorContext, subscriptions: Pick<EmulatorSubscriptions, "startSubscription">) {
  function intentFor(session: EmulatorSession, price: Price): string {
    if (session.cap !== "manual") return `pi_local_${digest(session.id)}`;
    return encodeIntent(sessionKey, { amt: price.amountMinor, cur: price.currency, cus: session.customer, md: session.pmd, cap: "manual", cs: digest(session.id) });
  }

  /**
   * The card page is served on the origin the buyer returns to, which is the one they are browsing
   * (in development that may not be APP_URL; see appUrlFor), so the checkout never leaves it.
   */
  function checkoutPageUrl(id: string, successUrl: string): string {
    let origin = appUrl;
    try {
      origin = new URL(successUrl).origin;
    } catch {
      // A return address that is not a URL: the page stays on APP_URL.
    }
    return `${origin}/pay/checkout/${id}`;
  }

  return {
    async createCheckoutSession(input: CheckoutSessionInput): Promise<CheckoutSessionRef> {
      if (input.lineItems) {
        if (!input.lineItems.length) throw new PaymentProviderError("You must provide at least one line item.", 400, "parameter_missing");
        const id = encodeSession(sessionKey, {
          mode: "payment",
          customer: input.customerId ?? "",
          price: "",
          success: input.successUrl,
          cancel: input.cancelUrl,
          ref: input.clientReferenceId,
          md: input.metadata,
          pmd: input.paymentMetadata ?? {},
          smd: {},
          items: input.lineItems.map((item) => ({ n: item.name, ...(item.description ? { d: item.description } : {}), a: item.unitAmountMinor, q: item.quantity })),
          cur: input.currency,
          cap: input.captureMethod,
          ...(input.customerEmail ? { email: input.customerEmail } : {}),
          created: Date.now(),
        });
        return { id, url: checkoutPageUrl(id, input.successUrl) };
      }
      const price = await requirePrice(input.priceId);
      if (price.recurring !== (input.mode === "subscription")) {
        throw new PaymentProviderError(
          input.mode === "payment" ? "You specified `payment` mode but passed a recurring price." : "You must provide at least one recurring price in `subscription` mode.",
          400,
          "parameter_invalid",
        );
      }
      const id = encodeSession(sessionKey, {
        mode: input.mode,
        customer: input.customerId,
        price: input.priceId,
        success: input.successUrl,
        cancel: input.cancelUrl,
        ref: input.clientReferenceId,
        md: input.metadata,
        pmd: input.paymentMetadata ?? {},
        smd: input.subscriptionMetadata ?? {},
        created: Date.now(),
      });
      return { id, url: checkoutPageUrl(id, input.successUrl) };
    },

    async openCheckout(id: string): Promise<CheckoutView | null> {
      const session = decodeSession(sessionKey, id);
      if (!session) return null;
      const price = await sessionPrice(session);
      if (!price) return null;
      const customer = session.customer ? await prisma.user.findUnique({ where: { stripeCustomerId: session.customer }, select: { email: true } }) : null;
      const state = (await isComplete(id)) ? "complete" : sessionExpired(session) ? "expired" : "open";
      return {
        id,
        mode: session.mode,
        item: { name: price.name, amountMinor: price.amountMinor, currency: price.currency, recurring: price.recurring, tokens: price.tokens },
        lines: (session.items ?? []).map((item) => ({ name: item.n, description: item.d ?? null, quantity: item.q, amountMinor: item.a * item.q })),
        captureMethod: session.cap ?? "automatic",
        customerEmail: customer?.email ?? session.email ?? null,
        cancelUrl: session.cancel,
        successUrl: successUrl(session),
        state,
      };
    },

    async payCheckout(id: string, card: CardForm): Promise<PayOutcome> {
      const session = decodeSession(sessionKey, id);
      const price = session ? await sessionPrice(session) : null;
      if (!session || !price) return { ok: false, status: 404, code: "resource_missing", message: "This checkout does not exist. Go back to Spike Land and start again." };
      if (await isComplete(id)) return { ok: true, redirectTo: successUrl(session) };
      if (sessionExpired(session)) return { ok: false, status: 410, code: "checkout_expired", message: "This checkout has expired. Go back to Spike Land and start again." };

      if (session.mode === "subscription" && (await hasOtherLiveSubscription(session))) {
        return { ok: false, status: 409, code: "subscription_exists", message: "You already have a subscription. Change or cancel it on the billing page." };
      }
      const outcome = CARD_OUTCOMES[card.cardNumber] ?? NOT_A_TEST_CARD;
      const paymentIntentId = intentFor(session, price);
      const manual = session.cap === "manual";
      if (outcome !== "success") {
        const failed = paymentIntentObject({ id: paymentIntentId, customerId: session.customer, amountMinor: price.amountMinor, currency: price.currency, metadata: session.pmd, error: outcome });
        // The decline is the answer either way; a lost payment_intent.payment_failed only leaves the payment PENDING.
        await deliverEvent(delivery, "payment_intent.payment_failed", failed).catch((error: unknown) => recordServerError(error, { route: "/pay/checkout" }));
        return { ok: false, status: 402, code: outcome.code, message: outcome.message };
      }

      if (manual) {
        // As Stripe does: the authorised intent (requires_capture) is reported before the session completes.
        const held = paymentIntentObject({ id: paymentIntentId, customerId: session.customer, amountMinor: price.amountMinor, currency: price.currency, metadata: session.pmd, captureMethod: "manual", status: "requires_capture", error: null });
        await deliverEvent(delivery, "payment_intent.amount_capturable_updated", held, { id: `evt_local_${digest(id, "payment_intent.amount_capturable_updated")}` });
      }
      const subscriptionId = session.mode === "subscription" ? await subscriptions.startSubscription(session, price) : null;
      // Another tab's subscription was paid first: the app refused this one and had its payment refunded.
      if (subscriptionId && !(await prisma.subscription.findUnique({ where: { stripeSubscriptionId: subscriptionId }, select: { id: true } }))) {
        return { ok: false, status: 409, code: "subscription_exists", message: SECOND_SUBSCRIPTION };
      }
      const completed = {
        id,
        object: "checkout.session",
        mode: session.mode,
        status: "complete",
        // Stripe reports a manual-capture checkout as unpaid: the card is authorised, nothing is taken yet.
        payment_status: manual ? "unpaid" : "paid",
        customer: session.customer || null,
        customer_email: session.email ?? null,
        client_reference_id: session.ref,
        amount_subtotal: price.amountMinor,
        amount_total: price.amountMinor,
        currency: price.currency.toLowerCase(),
        payment_intent: session.mode === "payment" ? paymentIntentId : null,
        subscription: subscriptionId,
        metadata: session.md,
        success_url: session.success,
        cancel_url: session.cancel,
        livemode: false,
      };
      await deliverEvent(delivery, "checkout.session.completed", completed, { id: completionEventId(id) });
      return { ok: true, redirectTo: successUrl(session) };
    },
  };
}
