/**
 * The local payment emulator: Stripe's stand-in when no keys are configured. It answers the same
 * provider calls as the Stripe client, serves a hosted checkout page (routes/pay.*), takes Stripe's
 * test cards, and reports every outcome as a signed, Stripe-shaped webhook POSTed to the app's own
 * /webhooks/stripe, so the real webhook code does the real work.
 *
 * State: checkout sessions live in their signed ids (emulator-sessions.server.ts); a subscription's
 * state is the subscriptions row its own webhooks wrote; whether a session was paid is whether the
 * app accepted its completion event (webhook_events). No table of its own.
 */
import { createHmac } from "node:crypto";
import { prorate, toMinorUnits } from "@spike-land/shared/payments/money";
import type { CardForm } from "@spike-land/shared/payments/card";
import { prisma, type SubscriptionStatus } from "../../platform/db.server.ts";
import { recordServerError } from "../../platform/error-log.server.ts";
import { decodeIntent, decodeSession, encodeIntent, encodeSession, sessionExpired, type EmulatorIntent, type EmulatorSession } from "./emulator-sessions.server.ts";
import {
  deliverEvent,
  digest,
  invoiceObject,
  paymentIntentObject,
  randomId,
  refundedChargeObject,
  subscriptionObject,
  type Delivery,
  type EmulatedSubscription,
} from "./emulator-events.server.ts";
import type { SubscriptionSnapshot } from "./objects.ts";
import { PaymentProviderError, type PaymentIntentRef, type PaymentProvider, type SubscriptionChange } from "./types.ts";

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

type Price = { id: string; name: string; amountMinor: number; recurring: boolean; tokens: number; currency: "GBP" | "EUR" };

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

export type Emulator = PaymentProvider & {
  readonly kind: "emulator";
  openCheckout(id: string): Promise<CheckoutView | null>;
  payCheckout(id: string, card: CardForm): Promise<PayOutcome>;
  /** Ends the current period: renews (invoice.paid) or, when cancelling at period end, ends the subscription. */
  advancePeriod(subscriptionId: string): Promise<void>;
};

const STATUS_WORD: Record<SubscriptionStatus, string> = {
  ACTIVE: "active",
  TRIALING: "trialing",
  PAST_DUE: "past_due",
  UNPAID: "unpaid",
  CANCELED: "canceled",
};

/** One calendar month later, keeping the day where the month has it (31 Jan → 28/29 Feb). */
export function addMonth(date: Date): Date {
  const next = new Date(date);
  const day = date.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

export function completionEventId(sessionId: string): string {
  return `evt_local_${digest(sessionId, "checkout.session.completed")}`;
}

export function createEmulator(options: { secret: string; appUrl: string }): Emulator {
  const sessionKey = createHmac("sha256", options.secret).update("emulator checkout sessions").digest("hex");
  const delivery: Delivery = { endpoint: `${options.appUrl}/webhooks/stripe`, secret: options.secret };

  async function priceFor(priceId: string): Promise<Price | null> {
    const pack = await prisma.tokensPackage.findUnique({ where: { stripePriceId: priceId }, select: { name: true, tokens: true, priceGBP: true } });
    if (pack) return { id: priceId, name: `${pack.name} token pack`, amountMinor: toMinorUnits(pack.priceGBP.toFixed(2)), recurring: false, tokens: pack.tokens, currency: "GBP" };
    const plan = await prisma.subscriptionPlan.findUnique({ where: { stripePriceId: priceId }, select: { name: true, tokensPerMonth: true, priceGBP: true } });
    if (plan) return { id: priceId, name: `${plan.name} plan`, amountMinor: toMinorUnits(plan.priceGBP.toFixed(2)), recurring: true, tokens: plan.tokensPerMonth, currency: "GBP" };
    return null;
  }

  /** What a session charges: its price, or the sum of its inline line items. */
  async function sessionPrice(session: EmulatorSession): Promise<Price | null> {
    if (!session.items) return priceFor(session.price);
    const amountMinor = session.items.reduce((sum, item) => sum + item.a * item.q, 0);
    const name = session.md.orderNumber ? `Order ${session.md.orderNumber}` : "Spike Land shop order";
    return { id: "", name, amountMinor, recurring: false, tokens: 0, currency: session.cur ?? "GBP" };
  }

  function intentFor(session: EmulatorSession, price: Price): string {
    if (session.cap !== "manual") return `pi_local_${digest(session.id)}`;
    return encodeIntent(sessionKey, { amt: price.amountMinor, cur: price.currency, cus: session.customer, md: session.pmd, cap: "manual", cs: digest(session.id) });
  }

  type IntentState = { intent: EmulatorIntent; status: "requires_capture" | "succeeded" | "canceled"; refunded: boolean };

  /** A manual-capture intent and its state, read from the order that recorded it. */
  async function intentState(id: string): Promise<IntentState> {
    const intent = decodeIntent(sessionKey, id);
    const order = intent ? await prisma.merchOrder.findUnique({ where: { stripePaymentIntentId: id }, select: { stripePaymentStatus: true } }) : null;
    if (!intent || !order?.stripePaymentStatus) throw new PaymentProviderError(`No such payment_intent: '${id}'`, 404, "resource_missing");
    const word = order.stripePaymentStatus;
    const status = word === "authorized" ? "requires_capture" : word === "cancelled" ? "canceled" : "succeeded";
    return { intent, status, refunded: word === "refunded" };
  }

  function unexpectedState(verb: string, state: IntentState): never {
    const status = state.refunded ? "succeeded (refunded)" : state.status;
    throw new PaymentProviderError(`This PaymentIntent could not be ${verb} because it has a status of ${status}.`, 409, "payment_intent_unexpected_state");
  }

  function intentObject(state: IntentState, status: "requires_capture" | "succeeded" | "canceled") {
    const { intent } = state;
    return paymentIntentObject({ id: intent.id, customerId: intent.cus, amountMinor: intent.amt, currency: intent.cur, metadata: intent.md, captureMethod: "manual", status, error: null });
  }

  function intentRef(state: IntentState, status: string): PaymentIntentRef {
    return { id: state.intent.id, status, amountMinor: state.intent.amt, currency: state.intent.cur };
  }

  async function requirePrice(priceId: string): Promise<Price> {
    const price = await priceFor(priceId);
    if (!price) throw new PaymentProviderError(`No such price: '${priceId}'`, 400, "resource_missing");
    return price;
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

  function subscriptionIdFor(session: EmulatorSession): string {
    return `sub_local_${digest(session.id)}`;
  }

  function successUrl(session: EmulatorSession): string {
    return session.success.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
  }

  async function current(id: string): Promise<EmulatedSubscription> {
    const row = await prisma.subscription.findUnique({
      where: { stripeSubscriptionId: id },
      select: { userId: true, status: true, stripePriceId: true, cancelAtPeriodEnd: true, currentPeriodStart: true, currentPeriodEnd: true, updatedAt: true, user: { select: { stripeCustomerId: true } } },
    });
    if (!row) throw new PaymentProviderError(`No such subscription: '${id}'`, 404, "resource_missing");
    const canceled = row.status === "CANCELED";
    return {
      id,
      customerId: row.user?.stripeCustomerId ?? "",
      status: STATUS_WORD[row.status],
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      itemId: `si_local_${digest(id)}`,
      priceId: row.stripePriceId,
      currentPeriodStart: row.currentPeriodStart,
      currentPeriodEnd: row.currentPeriodEnd,
      endedAt: canceled ? row.updatedAt : null,
      metadata: row.userId ? { userId: row.userId } : {},
    };
  }

  async function completeSubscription(session: EmulatorSession, price: Price) {
    const subscriptionId = subscriptionIdFor(session);
    const start = new Date();
    const subscription: EmulatedSubscription = {
      id: subscriptionId,
      customerId: session.customer,
      status: "active",
      cancelAtPeriodEnd: false,
      itemId: `si_local_${digest(subscriptionId)}`,
      priceId: price.id,
      currentPeriodStart: start,
      currentPeriodEnd: addMonth(start),
      endedAt: null,
      metadata: session.smd,
    };
    await deliverEvent(delivery, "customer.subscription.created", subscriptionObject(subscription), { id: `evt_local_${digest(session.id, "customer.subscription.created")}` });
    const invoice = invoiceObject({
      id: `in_local_${digest(session.id, "first invoice")}`,
      customerId: session.customer,
      subscriptionId,
      billingReason: "subscription_create",
      amountMinor: price.amountMinor,
      priceId: price.id,
      period: { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd },
      subscriptionMetadata: session.smd,
    });
    await deliverEvent(delivery, "invoice.paid", invoice, { id: `evt_local_${digest(session.id, "invoice.paid")}` });
    return subscriptionId;
  }

  /**
   * The card page is served on the origin the buyer returns to, which is the one they are browsing
   * (in development that may not be APP_URL; see appUrlFor), so the checkout never leaves it.
   */
  function checkoutPageUrl(id: string, successUrl: string): string {
    let origin = options.appUrl;
    try {
      origin = new URL(successUrl).origin;
    } catch {
      // A return address that is not a URL: the page stays on APP_URL.
    }
    return `${origin}/pay/checkout/${id}`;
  }

  const emulator: Emulator = {
    kind: "emulator",

    async createCustomer() {
      return { id: randomId("cus") };
    },

    async createCheckoutSession(input) {
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

    async retrieveSubscription(id): Promise<SubscriptionSnapshot> {
      return current(id);
    },

    async updateSubscription(id, change: SubscriptionChange) {
      const before = await current(id);
      if (before.status === "canceled") throw new PaymentProviderError("This subscription has already ended. Start a new one from the pricing page.", 400, "resource_missing");
      const after: EmulatedSubscription = { ...before };
      let previous: Record<string, unknown>;
      let proration = 0;
      if (change.kind === "cancel_at_period_end") {
        after.cancelAtPeriodEnd = change.cancelAtPeriodEnd;
        previous = { cancel_at_period_end: before.cancelAtPeriodEnd };
      } else {
        const [from, to] = await Promise.all([requirePrice(before.priceId), requirePrice(change.priceId)]);
        after.priceId = to.id;
        previous = { items: subscriptionObject(before).items };
        if (change.prorate && to.amountMinor > from.amountMinor) {
          const now = Date.now();
          proration = prorate(to.amountMinor - from.amountMinor, before.currentPeriodEnd.getTime() - now, before.currentPeriodEnd.getTime() - before.currentPeriodStart.getTime());
        }
      }
      await deliverEvent(delivery, "customer.subscription.updated", subscriptionObject(after), { previousAttributes: previous });
      if (proration > 0) {
        const invoice = invoiceObject({
          id: randomId("in"),
          customerId: after.customerId,
          subscriptionId: id,
          billingReason: "subscription_update",
          amountMinor: proration,
          priceId: after.priceId,
          period: { start: new Date(), end: after.currentPeriodEnd },
          subscriptionMetadata: after.metadata,
        });
        await deliverEvent(delivery, "invoice.paid", invoice);
      }
      return after;
    },

    async advancePeriod(subscriptionId) {
      const before = await current(subscriptionId);
      if (before.status === "canceled") throw new PaymentProviderError("This subscription has already ended.", 400, "resource_missing");
      if (before.cancelAtPeriodEnd) {
        const ended: EmulatedSubscription = { ...before, status: "canceled", endedAt: before.currentPeriodEnd };
        await deliverEvent(delivery, "customer.subscription.deleted", subscriptionObject(ended), { id: `evt_local_${digest(subscriptionId, "deleted")}` });
        return;
      }
      const price = await requirePrice(before.priceId);
      const start = before.currentPeriodEnd;
      const renewed: EmulatedSubscription = { ...before, currentPeriodStart: start, currentPeriodEnd: addMonth(start) };
      const period = `${start.getTime()}`;
      await deliverEvent(delivery, "customer.subscription.updated", subscriptionObject(renewed), {
        id: `evt_local_${digest(subscriptionId, period, "updated")}`,
        previousAttributes: { items: subscriptionObject(before).items },
      });
      const invoice = invoiceObject({
        id: `in_local_${digest(subscriptionId, period)}`,
        customerId: before.customerId,
        subscriptionId,
        billingReason: "subscription_cycle",
        amountMinor: price.amountMinor,
        priceId: price.id,
        period: { start: renewed.currentPeriodStart, end: renewed.currentPeriodEnd },
        subscriptionMetadata: before.metadata,
      });
      await deliverEvent(delivery, "invoice.paid", invoice, { id: `evt_local_${digest(subscriptionId, period, "invoice.paid")}` });
    },

    async openCheckout(id) {
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

    async payCheckout(id, card) {
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
      const subscriptionId = session.mode === "subscription" ? await completeSubscription(session, price) : null;
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

    async endRefusedSubscription() {
      // An emulated subscription exists only as the row its webhooks wrote, and a refused one never
      // got a row: there is nothing left to end or charge back, and payCheckout reports the refund.
    },

    async capturePaymentIntent(id) {
      const state = await intentState(id);
      if (state.status !== "requires_capture") unexpectedState("captured", state);
      await deliverEvent(delivery, "payment_intent.succeeded", intentObject(state, "succeeded"), { id: `evt_local_${digest(id, "payment_intent.succeeded")}` });
      return intentRef(state, "succeeded");
    },

    async cancelPaymentIntent(id) {
      const state = await intentState(id);
      if (state.status !== "requires_capture") unexpectedState("canceled", state);
      await deliverEvent(delivery, "payment_intent.canceled", intentObject(state, "canceled"), { id: `evt_local_${digest(id, "payment_intent.canceled")}` });
      return intentRef(state, "canceled");
    },

    async refundPaymentIntent(id) {
      const state = await intentState(id);
      if (state.status !== "succeeded" || state.refunded) unexpectedState("refunded", state);
      const { intent } = state;
      const charge = refundedChargeObject({ paymentIntentId: id, customerId: intent.cus, amountMinor: intent.amt, currency: intent.cur, metadata: intent.md });
      await deliverEvent(delivery, "charge.refunded", charge, { id: `evt_local_${digest(id, "charge.refunded")}` });
      return { id: `re_local_${digest(id)}`, paymentIntentId: id, status: "succeeded", amountMinor: intent.amt };
    },
  };
  return emulator;
}
