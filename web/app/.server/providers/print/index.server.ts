/**
 * Picks the print provider per product provider, once, from configuration: Prodigi's API when
 * PRODIGI_API_KEY is set, Printful's when PRINTFUL_API_KEY is set, otherwise the embedded local print
 * studio standing in for that provider (never in production, where a product without its provider's
 * key cannot be submitted). A *_BASE_URL without its key stops the app at start-up.
 */
import { env, type Env } from "../../platform/env.server.ts";
import { createLocalStudio } from "./local.server.ts";
import { createPrintfulProvider } from "./printful.server.ts";
import { createProdigiProvider } from "./prodigi.server.ts";
import { derivedSecret } from "./signing.server.ts";
import { PrintProviderError, type PodProviderName, type PrintProvider } from "./types.ts";

type PrintEnv = Pick<
  Env,
  | "PRODIGI_API_KEY"
  | "PRODIGI_BASE_URL"
  | "PRODIGI_CALLBACK_SECRET"
  | "PRINTFUL_API_KEY"
  | "PRINTFUL_BASE_URL"
  | "PRINTFUL_STORE_ID"
  | "PRINTFUL_WEBHOOK_SECRET"
  | "PRINT_EMULATOR_STEP_SECONDS"
  | "SESSION_SECRET"
  | "appUrl"
  | "isProduction"
>;

export type PrintConfig = {
  prodigi: { apiKey: string; baseUrl?: string } | null;
  printful: { apiKey: string; baseUrl?: string; storeId?: string } | null;
  /** Shared secrets in the callback URLs of Prodigi and Printful (neither signs its order webhooks). */
  prodigiCallbackSecret: string;
  printfulWebhookSecret: string;
  /** The local studio's HMAC signing secret. */
  studioSecret: string;
  stepSeconds: number;
  appUrl: string;
  /** The local studio never stands in for a real lab in production: paid orders would never be printed. */
  localStudio: boolean;
};

export function resolvePrintConfig(config: PrintEnv): PrintConfig {
  const stray = [
    !config.PRODIGI_API_KEY && config.PRODIGI_BASE_URL ? "PRODIGI_BASE_URL is set without PRODIGI_API_KEY" : null,
    !config.PRINTFUL_API_KEY && config.PRINTFUL_BASE_URL ? "PRINTFUL_BASE_URL is set without PRINTFUL_API_KEY" : null,
  ].filter(Boolean);
  if (stray.length) throw new Error(`${stray.join("; ")}: set the key too, or unset the URL to use the local print studio.`);
  return {
    prodigi: config.PRODIGI_API_KEY ? { apiKey: config.PRODIGI_API_KEY, baseUrl: config.PRODIGI_BASE_URL } : null,
    printful: config.PRINTFUL_API_KEY ? { apiKey: config.PRINTFUL_API_KEY, baseUrl: config.PRINTFUL_BASE_URL, storeId: config.PRINTFUL_STORE_ID } : null,
    prodigiCallbackSecret: config.PRODIGI_CALLBACK_SECRET ?? derivedSecret(config.SESSION_SECRET, "prodigi"),
    printfulWebhookSecret: config.PRINTFUL_WEBHOOK_SECRET ?? derivedSecret(config.SESSION_SECRET, "printful"),
    studioSecret: derivedSecret(config.SESSION_SECRET, "local studio"),
    stepSeconds: config.PRINT_EMULATOR_STEP_SECONDS,
    appUrl: config.appUrl,
    localStudio: !config.isProduction,
  };
}

export const printConfig: PrintConfig = resolvePrintConfig(env);

/** The webhook URLs to register with each provider (Prodigi's is sent with every order). */
export function printWebhookUrl(provider: "prodigi" | "printful", config: PrintConfig = printConfig): string {
  const token = provider === "prodigi" ? config.prodigiCallbackSecret : config.printfulWebhookSecret;
  return `${config.appUrl}/webhooks/print/${provider}?token=${encodeURIComponent(token)}`;
}

const providers = new Map<PodProviderName, PrintProvider>();

export function printProvider(provider: PodProviderName, config: PrintConfig = printConfig): PrintProvider {
  const cached = config === printConfig ? providers.get(provider) : undefined;
  if (cached) return cached;
  let chosen: PrintProvider;
  if (provider === "PRODIGI" && config.prodigi) chosen = createProdigiProvider({ ...config.prodigi, callbackUrl: printWebhookUrl("prodigi", config) });
  else if (provider === "PRINTFUL" && config.printful) chosen = createPrintfulProvider(config.printful);
  else if (!config.localStudio) {
    // Not a refusal of the customer's order: the job is retried once the provider is configured.
    throw new PrintProviderError(`No ${provider === "PRODIGI" ? "PRODIGI_API_KEY" : "PRINTFUL_API_KEY"} is configured, so ${provider.toLowerCase()} products cannot be sent for printing.`, { rejected: false });
  } else chosen = createLocalStudio({ appUrl: config.appUrl, secret: config.studioSecret, stepSeconds: config.stepSeconds, standsInFor: provider });
  if (config === printConfig) providers.set(provider, chosen);
  return chosen;
}

export { PrintProviderError };
export { type PrintProvider, type PrintOrderInput, type PrintUpdate, type PrintStage } from "./types.ts";
