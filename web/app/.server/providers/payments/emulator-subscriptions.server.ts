/**
 * The emulator's subscriptions: started by a paid subscription checkout, read back, changed (cancel
 * at period end, another price with or without proration) and moved on a period at a time. A
 * subscription's state is the subscriptions row its own webhooks wrote; each change is reported as
 * the events Stripe would send.
 */
import { prorate } from "@spike-land/shared/payments/money";
import { prisma, type SubscriptionStatus } from "../../platform/db.server.ts";
import type { EmulatorSession } from "./emulator-sessions.server.ts";
import { deliverEvent, digest, invoiceObject, randomId, subscriptionObject, type EmulatedSubscription } from "./emulator-events.server.ts";
import { requirePrice, type EmulatorContext, type Price } from "./emulator-state.server.ts";
import type { SubscriptionSnapshot } from "./objects.ts";
import { PaymentProviderError, type SubscriptionChange } from "./types.ts";

const STATUS_WORD: Record<SubscriptionStatus, string> = {
  ACTIVE: "active",
  TRIALING: "trialing",
  PAST_DUE: "past_due",
  UNPAID: "unpaid",
  CANCELED: "canceled",
};

/** One calendar month later, keeping the day where the month has it (31 Jan → 28/29 Feb). */
function addMonth(date: Date): Date {
  const next = new Date(date);
  const day = date.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

/** The subscription a subscription-mode checkout session starts (the same session always names the same one). */
export function subscriptionIdFor(session: EmulatorSession): string {
  return `sub_local_${digest(session.id)}`;
}

export type EmulatorSubscriptions = ReturnType<typeof emulatorSubscriptions>;

export function emulatorSubscriptions({ delivery }: EmulatorContext) {
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

  return {
    /** Starts the subscription a paid checkout bought: reports it created and its first invoice paid. */
    async startSubscription(session: EmulatorSession, price: Price): Promise<string> {
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
    },

    async retrieveSubscription(id: string): Promise<SubscriptionSnapshot> {
      return current(id);
    },

    async updateSubscription(id: string, change: SubscriptionChange): Promise<SubscriptionSnapshot> {
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

    /** Ends the current period: renews (invoice.paid) or, when cancelling at period end, ends the subscription. */
    async advancePeriod(subscriptionId: string): Promise<void> {
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

    async endRefusedSubscription(): Promise<void> {
      // An emulated subscription exists only as the row its webhooks wrote, and a refused one never
      // got a row: there is nothing left to end or charge back, and payCheckout reports the refund.
    },
  };
}
