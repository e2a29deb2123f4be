/**
 * The emulator's held payments after checkout: capturing an authorised (manual-capture) payment,
 * releasing it, and refunding a captured one. Such an intent's id carries what it is for
 * (emulator-sessions.server.ts); its state is the merch order that recorded it. Stripe's refusals
 * (409 payment_intent_unexpected_state) and events (payment_intent.succeeded / canceled,
 * charge.refunded) are reproduced.
 */
import { prisma } from "../../platform/db.server.ts";
import { decodeIntent, type EmulatorIntent } from "./emulator-sessions.server.ts";
import { deliverEvent, digest, paymentIntentObject, refundedChargeObject } from "./emulator-events.server.ts";
import type { EmulatorContext } from "./emulator-state.server.ts";
import { PaymentProviderError, type PaymentIntentRef, type RefundRef } from "./types.ts";

type IntentState = { intent: EmulatorIntent; status: "requires_capture" | "succeeded" | "canceled"; refunded: boolean };

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

export function emulatorRefunds({ sessionKey, delivery }: EmulatorContext) {
  /** A manual-capture intent and its state, read from the order that recorded it. */
  async function intentState(id: string): Promise<IntentState> {
    const intent = decodeIntent(sessionKey, id);
    const order = intent ? await prisma.merchOrder.findUnique({ where: { stripePaymentIntentId: id }, select: { stripePaymentStatus: true } }) : null;
    if (!intent || !order?.stripePaymentStatus) throw new PaymentProviderError(`No such payment_intent: '${id}'`, 404, "resource_missing");
    const word = order.stripePaymentStatus;
    const status = word === "authorized" ? "requires_capture" : word === "cancelled" ? "canceled" : "succeeded";
    return { intent, status, refunded: word === "refunded" };
  }

  return {
    async capturePaymentIntent(id: string): Promise<PaymentIntentRef> {
      const state = await intentState(id);
      if (state.status !== "requires_capture") unexpectedState("captured", state);
      await deliverEvent(delivery, "payment_intent.succeeded", intentObject(state, "succeeded"), { id: `evt_local_${digest(id, "payment_intent.succeeded")}` });
      return intentRef(state, "succeeded");
    },

    async cancelPaymentIntent(id: string): Promise<PaymentIntentRef> {
      const state = await intentState(id);
      if (state.status !== "requires_capture") unexpectedState("canceled", state);
      await deliverEvent(delivery, "payment_intent.canceled", intentObject(state, "canceled"), { id: `evt_local_${digest(id, "payment_intent.canceled")}` });
      return intentRef(state, "canceled");
    },

    async refundPaymentIntent(id: string): Promise<RefundRef> {
      const state = await intentState(id);
      if (state.status !== "succeeded" || state.refunded) unexpectedState("refunded", state);
      const { intent } = state;
      const charge = refundedChargeObject({ paymentIntentId: id, customerId: intent.cus, amountMinor: intent.amt, currency: intent.cur, metadata: intent.md });
      await deliverEvent(delivery, "charge.refunded", charge, { id: `evt_local_${digest(id, "charge.refunded")}` });
      return { id: `re_local_${digest(id)}`, paymentIntentId: id, status: "succeeded", amountMinor: intent.amt };
    },
  };
}
