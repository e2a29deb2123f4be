/** Which payment provider runs is settled from configuration, and half-set Stripe keys are refused with every problem named. */
import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_PLANS, TOKEN_PACKS } from "@spike-land/shared/catalog";
import { env, type Env } from "../../platform/env.server.ts";
import { paymentsConfig, resolvePaymentsConfig } from "./config.server.ts";

const allPrices = JSON.stringify(Object.fromEntries([...TOKEN_PACKS, ...SUBSCRIPTION_PLANS].map((item) => [item.id, `price_${item.id}`])));
const withEnv = (changes: Partial<Env>): Env => ({ ...env, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_PRICE_IDS: undefined, STRIPE_API_URL: undefined, ...changes });

describe("payment configuration", () => {
  it("uses the emulator without keys, with a stable secret derived from SESSION_SECRET", () => {
    expect(paymentsConfig.mode).toBe("emulator");
    const first = resolvePaymentsConfig(withEnv({}));
    expect(first).toMatchObject({ mode: "emulator", secretKey: null, priceIds: null, api: null });
    expect(first.webhookSecret).toMatch(/^whsec_[\w-]{43}$/);
    expect(resolvePaymentsConfig(withEnv({})).webhookSecret).toBe(first.webhookSecret);
    expect(resolvePaymentsConfig(withEnv({ SESSION_SECRET: "x".repeat(40) })).webhookSecret).not.toBe(first.webhookSecret);
    expect(resolvePaymentsConfig(withEnv({ STRIPE_WEBHOOK_SECRET: "whsec_chosen" })).webhookSecret).toBe("whsec_chosen");
  });

  it("never runs the emulator in production: no keys there means no payments", () => {
    expect(resolvePaymentsConfig(withEnv({ APP_ENV: "production", isProduction: true })).mode).toBe("disabled");
  });

  it("uses Stripe with keys, the webhook secret and a price for every pack and plan", () => {
    const config = resolvePaymentsConfig(withEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc", STRIPE_PRICE_IDS: allPrices, STRIPE_API_URL: "http://127.0.0.1:12111" }));
    expect(config).toMatchObject({ mode: "stripe", secretKey: "sk_test_abc", webhookSecret: "whsec_abc", api: { host: "127.0.0.1", port: 12111, protocol: "http" } });
    expect(config.priceIds?.plan_studio).toBe("price_plan_studio");
  });

  it("names every missing piece when keys are half set", () => {
    expect(() => resolvePaymentsConfig(withEnv({ STRIPE_SECRET_KEY: "sk_test_abc" }))).toThrow(
      /STRIPE_WEBHOOK_SECRET: set it to the signing secret[\s\S]*STRIPE_PRICE_IDS: set it to a JSON object/,
    );
    expect(() => resolvePaymentsConfig(withEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_a", STRIPE_PRICE_IDS: "{not json" }))).toThrow("STRIPE_PRICE_IDS: is not valid JSON");
    const partial = JSON.stringify({ pack_starter: "price_1" });
    expect(() => resolvePaymentsConfig(withEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_a", STRIPE_PRICE_IDS: partial }))).toThrow(
      "STRIPE_PRICE_IDS: has no Stripe price id for pack_basic, pack_pro, pack_power, plan_hobby, plan_creator, plan_studio",
    );
    expect(() => resolvePaymentsConfig(withEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_a", STRIPE_PRICE_IDS: JSON.stringify({ pack_starter: "prod_1" }) }))).toThrow(
      "values are Stripe price ids such as price_1AbC...",
    );
  });
});
