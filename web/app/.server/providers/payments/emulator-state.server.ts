/**
 * What every part of the payment emulator shares: the keys and webhook address one emulator runs
 * with, and its prices, read from the catalogue rows (a token pack or a plan, by Stripe price id).
 */
import { createHmac } from "node:crypto";
import { toMinorUnits } from "@spike-land/shared/payments/money";
import { prisma } from "../../platform/db.server.ts";
import type { Delivery } from "./emulator-events.server.ts";
import { PaymentProviderError } from "./types.ts";

export type EmulatorOptions = { secret: string; appUrl: string };

export type EmulatorContext = {
  /** Signs the ids of checkout sessions and held payment intents. */
  sessionKey: string;
  /** Where and how its webhooks are delivered: the app's own /webhooks/stripe. */
  delivery: Delivery;
  appUrl: string;
};

export function emulatorContext(options: EmulatorOptions): EmulatorContext {
  return {
    sessionKey: createHmac("sha256", options.secret).update("emulator checkout sessions").digest("hex"),
    delivery: { endpoint: `${options.appUrl}/webhooks/stripe`, secret: options.secret },
    appUrl: options.appUrl,
  };
}

export type Price = { id: string; name: string; amountMinor: number; recurring: boolean; tokens: number; currency: "GBP" | "EUR" };

export async function priceFor(priceId: string): Promise<Price | null> {
  const pack = await prisma.tokensPackage.findUnique({ where: { stripePriceId: priceId }, select: { name: true, tokens: true, priceGBP: true } });
  if (pack) return { id: priceId, name: `${pack.name} token pack`, amountMinor: toMinorUnits(pack.priceGBP.toFixed(2)), recurring: false, tokens: pack.tokens, currency: "GBP" };
  const plan = await prisma.subscriptionPlan.findUnique({ where: { stripePriceId: priceId }, select: { name: true, tokensPerMonth: true, priceGBP: true } });
  if (plan) return { id: priceId, name: `${plan.name} plan`, amountMinor: toMinorUnits(plan.priceGBP.toFixed(2)), recurring: true, tokens: plan.tokensPerMonth, currency: "GBP" };
  return null;
}

export async function requirePrice(priceId: string): Promise<Price> {
  const price = await priceFor(priceId);
  if (!price) throw new PaymentProviderError(`No such price: '${priceId}'`, 400, "resource_missing");
  return price;
}
