/**
 * Starting a purchase: a Stripe Checkout session (or the emulator's) for a token pack (one-off
 * payment, with a PENDING stripe_payments row) or a subscription plan, and what the success page
 * shows afterwards.
 */
import type { CheckoutItem } from "@spike-land/shared/payments/checkout";
import { randomUUID } from "node:crypto";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { paymentProvider } from "../providers/payments/index.server.ts";
import type { CheckoutSessionRef, PaymentProvider } from "../providers/payments/types.ts";
import { peekBalance } from "../tokens/ledger.server.ts";
import { CURRENCY, findActivePack, findActivePlan, planForTier, priceIdFor } from "./catalogue.server.ts";
import { fromProviderError, PaymentError, paymentsUnavailable } from "./errors.ts";
import { isVoucherTrial } from "../vouchers/trials.server.ts";

export function requireProvider(): PaymentProvider {
  const provider = paymentProvider();
  if (!provider) throw paymentsUnavailable();
  return provider;
}

/** The user's Stripe customer, created on their first purchase. */
export async function ensureCustomer(userId: string, provider: PaymentProvider): Promise<string> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, stripeCustomerId: true } });
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await provider.createCustomer({ userId, email: user.email, name: user.name }).catch(fromProviderError);
  const claimed = await prisma.user.updateMany({ where: { id: userId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  if (claimed.count === 1) return customer.id;
  // A parallel checkout created the customer first: use theirs.
  return (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } })).stripeCustomerId!;
}

async function startPackCheckout(userId: string, packId: string, provider: PaymentProvider, baseUrl: string) {
  const pack = await findActivePack(packId);
  if (!pack) throw new PaymentError("That token pack is no longer on sale. Choose another one on the pricing page.", 404);
  const customerId = await ensureCustomer(userId, provider);
  // The row exists before the session so its id can travel in the session's metadata; the
  // placeholder payment reference is replaced by the checkout id, then by the PaymentIntent id.
  const payment = await prisma.stripePayment.create({
    data: {
      userId,
      packageId: pack.id,
      tokensGranted: pack.tokens,
      amountGBP: pack.priceGBP,
      stripePaymentIntentId: `pending_${randomUUID()}`,
      status: "PENDING",
      metadata: { currency: CURRENCY },
    },
    select: { id: true },
  });
  const ids = { userId, packId: pack.id, paymentId: payment.id };
  let session: CheckoutSessionRef;
  try {
    session = await provider.createCheckoutSession({
      mode: "payment",
      customerId,
      priceId: priceIdFor(pack),
      successUrl: `${baseUrl}/checkout/success?payment=${payment.id}`,
      cancelUrl: `${baseUrl}/checkout/cancel?payment=${payment.id}`,
      clientReferenceId: userId,
      metadata: { kind: "pack", ...ids },
      paymentMetadata: ids,
    });
  } catch (error) {
    await prisma.stripePayment.delete({ where: { id: payment.id } });
    fromProviderError(error);
  }
  await prisma.stripePayment.update({
    where: { id: payment.id },
    data: { stripePaymentIntentId: session.id, metadata: { currency: CURRENCY, checkoutSessionId: session.id } },
  });
  return { url: session.url };
}

async function startPlanCheckout(userId: string, planId: string, provider: PaymentProvider, baseUrl: string) {
  const plan = await findActivePlan(planId);
  if (!plan) throw new PaymentError("That plan is no longer offered. Choose another one on the pricing page.", 404);
  const existing = await prisma.subscription.findUnique({ where: { userId }, select: { status: true, stripeSubscriptionId: true } });
  // A voucher trial has no Stripe subscription behind it: subscribing replaces it.
  if (existing && existing.status !== "CANCELED" && !isVoucherTrial(existing.stripeSubscriptionId)) {
    throw new PaymentError("You already have a subscription. Change or cancel it on the billing page.", 409);
  }
  const customerId = await ensureCustomer(userId, provider);
  const session = await provider
    .createCheckoutSession({
      mode: "subscription",
      customerId,
      priceId: priceIdFor(plan),
      successUrl: `${baseUrl}/checkout/success?plan=${plan.id}&session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${baseUrl}/checkout/cancel?plan=${plan.id}`,
      clientReferenceId: userId,
      metadata: { kind: "plan", userId, planId: plan.id },
      subscriptionMetadata: { userId, planId: plan.id },
    })
    .catch(fromProviderError);
  return { url: session.url };
}

/** Creates the checkout and returns the payment page to send the browser to. */
/** `baseUrl` is where the payment page sends the buyer back to: appUrlFor(request), APP_URL by default. */
export function startCheckout(userId: string, item: CheckoutItem, baseUrl: string = env.appUrl): Promise<{ url: string }> {
  const provider = requireProvider();
  return item.kind === "pack" ? startPackCheckout(userId, item.id, provider, baseUrl) : startPlanCheckout(userId, item.id, provider, baseUrl);
}

/** What the success page shows for a token pack: the payment's state (the webhook may still be on its way). */
export async function packOutcome(userId: string, paymentId: string) {
  const payment = await prisma.stripePayment.findFirst({
    where: { id: paymentId, userId },
    select: { status: true, tokensGranted: true, amountGBP: true, metadata: true, package: { select: { name: true } } },
  });
  if (!payment) return null;
  const balance = await peekBalance(userId);
  const currency = (payment.metadata as { currency?: string } | null)?.currency ?? CURRENCY;
  return {
    status: payment.status,
    packName: payment.package.name,
    tokens: payment.tokensGranted,
    amount: payment.amountGBP.toFixed(2),
    currency,
    balance: balance?.balance ?? 0,
  };
}

/** What the success page shows for a subscription. */
export async function planOutcome(userId: string) {
  const subscription = await prisma.subscription.findUnique({ where: { userId }, select: { status: true, tier: true, tokensPerMonth: true, currentPeriodEnd: true } });
  const balance = await peekBalance(userId);
  const live = subscription && subscription.status !== "CANCELED" ? subscription : null;
  return {
    subscription: live
      ? { planName: (await planForTier(live.tier)).name, tier: live.tier, tokensPerMonth: live.tokensPerMonth, currentPeriodEnd: live.currentPeriodEnd.toISOString() }
      : null,
    balance: balance?.balance ?? 0,
  };
}
