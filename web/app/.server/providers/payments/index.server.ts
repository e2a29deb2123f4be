/** Picks the payment provider once, from configuration: Stripe with keys, else the local emulator (never in production). */
import { env } from "../../platform/env.server.ts";
import { paymentsConfig } from "./config.server.ts";
import { createEmulator, type Emulator } from "./emulator.server.ts";
import { stripeProvider } from "./stripe.server.ts";
import type { PaymentProvider } from "./types.ts";

let provider: PaymentProvider | null | undefined;

/** The configured provider, or null when payments are switched off (production without Stripe keys). */
export function paymentProvider(): PaymentProvider | null {
  if (provider !== undefined) return provider;
  const config = paymentsConfig;
  if (config.mode === "stripe") provider = stripeProvider({ secretKey: config.secretKey!, api: config.api });
  else if (config.mode === "emulator") provider = createEmulator({ secret: config.webhookSecret, appUrl: env.appUrl });
  else provider = null;
  return provider;
}

/** The emulator when it is the configured provider; null when real keys are set (its pages then 404). */
export function paymentEmulator(): Emulator | null {
  const current = paymentProvider();
  return current?.kind === "emulator" ? (current as Emulator) : null;
}
