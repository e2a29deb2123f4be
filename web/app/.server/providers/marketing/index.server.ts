/**
 * Picks each ad platform's client from configuration. With MARKETING_PROVIDER=local (the default
 * outside production) both platforms are the built-in ad platform; otherwise a platform is available
 * only when its OAuth client is configured, and the admin page names what to set.
 */
import { createHmac } from "node:crypto";
import { env, type Env } from "../../platform/env.server.ts";
import { createFacebookAdsProvider } from "./facebook.server.ts";
import { createGoogleAdsProvider } from "./google-ads.server.ts";
import { createLocalAdPlatform } from "./local.server.ts";
import type { AdPlatformProvider, MarketingPlatform } from "./types.ts";

type MarketingEnv = Pick<
  Env,
  | "MARKETING_PROVIDER"
  | "GOOGLE_ADS_CLIENT_ID"
  | "GOOGLE_ADS_CLIENT_SECRET"
  | "GOOGLE_ADS_DEVELOPER_TOKEN"
  | "GOOGLE_ADS_LOGIN_CUSTOMER_ID"
  | "GOOGLE_ADS_AUTH_URL"
  | "GOOGLE_ADS_TOKEN_URL"
  | "GOOGLE_ADS_API_URL"
  | "FACEBOOK_ADS_CLIENT_ID"
  | "FACEBOOK_ADS_CLIENT_SECRET"
  | "FACEBOOK_ADS_DIALOG_URL"
  | "FACEBOOK_ADS_GRAPH_URL"
  | "SESSION_SECRET"
  | "isProduction"
>;

/** What is missing for a platform, to show on the admin page instead of a connect button. */
export const REQUIRED_SETTINGS: Record<MarketingPlatform, string[]> = {
  GOOGLE_ADS: ["GOOGLE_ADS_CLIENT_ID", "GOOGLE_ADS_CLIENT_SECRET", "GOOGLE_ADS_DEVELOPER_TOKEN"],
  FACEBOOK: ["FACEBOOK_ADS_CLIENT_ID", "FACEBOOK_ADS_CLIENT_SECRET"],
};

export function usesLocalAdPlatform(config: MarketingEnv = env): boolean {
  if (config.isProduction) return false;
  return (config.MARKETING_PROVIDER ?? "local") === "local";
}

export function localAdPlatformSecret(config: Pick<Env, "SESSION_SECRET"> = env): string {
  return createHmac("sha256", config.SESSION_SECRET).update("spike-land local ad platform").digest("base64url");
}

/** The client for `platform`, or null when it is not configured. */
export function adPlatform(platform: MarketingPlatform, config: MarketingEnv = env): AdPlatformProvider | null {
  if (usesLocalAdPlatform(config)) return createLocalAdPlatform(platform, { secret: localAdPlatformSecret(config) });
  if (platform === "GOOGLE_ADS") {
    if (!config.GOOGLE_ADS_CLIENT_ID || !config.GOOGLE_ADS_CLIENT_SECRET || !config.GOOGLE_ADS_DEVELOPER_TOKEN) return null;
    return createGoogleAdsProvider({
      clientId: config.GOOGLE_ADS_CLIENT_ID,
      clientSecret: config.GOOGLE_ADS_CLIENT_SECRET,
      developerToken: config.GOOGLE_ADS_DEVELOPER_TOKEN,
      loginCustomerId: config.GOOGLE_ADS_LOGIN_CUSTOMER_ID,
      authUrl: config.GOOGLE_ADS_AUTH_URL,
      tokenUrl: config.GOOGLE_ADS_TOKEN_URL,
      apiUrl: config.GOOGLE_ADS_API_URL,
    });
  }
  if (!config.FACEBOOK_ADS_CLIENT_ID || !config.FACEBOOK_ADS_CLIENT_SECRET) return null;
  return createFacebookAdsProvider({
    clientId: config.FACEBOOK_ADS_CLIENT_ID,
    clientSecret: config.FACEBOOK_ADS_CLIENT_SECRET,
    dialogUrl: config.FACEBOOK_ADS_DIALOG_URL,
    graphUrl: config.FACEBOOK_ADS_GRAPH_URL,
  });
}

export { AdPlatformError, PLATFORM_LABELS, PLATFORM_SLUGS, platformSlug } from "./types.ts";
export type { AdPlatformProvider, AdTokens, CampaignDay, DateRange, MarketingPlatform } from "./types.ts";
