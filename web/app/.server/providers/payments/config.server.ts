/**
 * Payment configuration, settled once when the app loads: which provider runs (Stripe when
 * STRIPE_SECRET_KEY is set, the local payment emulator when it is not, none in production without
 * keys), the webhook signing secret both use, and the Stripe price id of every pack and plan.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import { SUBSCRIPTION_PLANS, TOKEN_PACKS } from "@spike-land/shared/catalog";
import { env, type Env } from "../../platform/env.server.ts";

export type PaymentsMode = "stripe" | "emulator" | "disabled";

export type PaymentsConfig = {
  mode: PaymentsMode;
  /** Verifies (and, in the emulator, signs) webhook payloads. */
  webhookSecret: string;
  secretKey: string | null;
  /** Stripe mode only: catalogue id (pack_basic, plan_hobby, ...) → Stripe price id. */
  priceIds: Readonly<Record<string, string>> | null;
  /** Where the Stripe SDK sends requests; null for api.stripe.com. Changed only in tests. */
  api: { host: string; port: number; protocol: "http" | "https" } | null;
};

const priceIdsSchema = z.record(
  z.string().regex(/^(pack|plan)_[a-z0-9_]+$/, "keys are catalogue ids such as pack_basic or plan_hobby"),
  z.string().regex(/^price_\w+$/, "values are Stripe price ids such as price_1AbC..."),
);

/**
 * The emulator's default signing secret, derived from SESSION_SECRET so it is stable across
 * restarts (SESSION_SECRET is persisted in development) without another file to keep.
 */
function derivedWebhookSecret(sessionSecret: string): string {
  return `whsec_${createHmac("sha256", sessionSecret).update("spike-land payment emulator webhook secret").digest("base64url")}`;
}

function parsePriceIds(raw: string | undefined, problems: string[]): Record<string, string> | null {
  if (!raw) {
    problems.push("STRIPE_PRICE_IDS: set it to a JSON object mapping every pack and plan id to its Stripe price id, e.g. {\"pack_starter\":\"price_...\",\"plan_hobby\":\"price_...\"}");
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push("STRIPE_PRICE_IDS: is not valid JSON");
    return null;
  }
  const parsed = priceIdsSchema.safeParse(json);
  if (!parsed.success) {
    problems.push(`STRIPE_PRICE_IDS: ${parsed.error.issues[0]?.message ?? "must be an object of price ids"}`);
    return null;
  }
  const missing = [...TOKEN_PACKS, ...SUBSCRIPTION_PLANS].map((item) => item.id).filter((id) => !parsed.data[id]);
  if (missing.length) problems.push(`STRIPE_PRICE_IDS: has no Stripe price id for ${missing.join(", ")}`);
  return parsed.data;
}

function parseApiUrl(raw: string | undefined): PaymentsConfig["api"] {
  if (!raw) return null;
  const url = new URL(raw);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** Settles the payment configuration from the parsed environment; throws, naming every problem, when keys are half set. */
export function resolvePaymentsConfig(env: Env): PaymentsConfig {
  if (!env.STRIPE_SECRET_KEY) {
    return {
      // The emulator hands out tokens for test card numbers, so it never runs in production.
      mode: env.isProduction ? "disabled" : "emulator",
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? derivedWebhookSecret(env.SESSION_SECRET),
      secretKey: null,
      priceIds: null,
      api: null,
    };
  }
  const problems: string[] = [];
  if (!env.STRIPE_WEBHOOK_SECRET) {
    problems.push("STRIPE_WEBHOOK_SECRET: set it to the signing secret (whsec_...) of the Stripe webhook endpoint $APP_URL/webhooks/stripe");
  }
  const priceIds = parsePriceIds(env.STRIPE_PRICE_IDS, problems);
  if (problems.length || !priceIds || !env.STRIPE_WEBHOOK_SECRET) {
    throw new Error(`Invalid payment configuration (STRIPE_SECRET_KEY is set):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return { mode: "stripe", webhookSecret: env.STRIPE_WEBHOOK_SECRET, secretKey: env.STRIPE_SECRET_KEY, priceIds, api: parseApiUrl(env.STRIPE_API_URL) };
}

export const paymentsConfig: PaymentsConfig = resolvePaymentsConfig(env);
