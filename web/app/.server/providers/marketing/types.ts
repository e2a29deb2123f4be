/** The contract every ad platform client meets: OAuth connection, account listing and daily campaign metrics. */
/** The values of the MarketingPlatform enum. */
export type MarketingPlatform = "GOOGLE_ADS" | "FACEBOOK";

export type AdTokens = {
  accessToken: string;
  /** Google issues one with access_type=offline; Facebook has none (its long-lived token is re-exchanged instead). */
  refreshToken: string | null;
  expiresAt: Date | null;
};

export type AdAccount = { accountId: string; accountName: string | null; currency: string | null };

export type DateRange = { since: string; until: string };

/** One campaign on one day. Spend is in the currency's minor units (cents), as everywhere else in the app. */
export type CampaignDay = {
  campaignId: string;
  campaignName: string;
  date: string;
  impressions: number;
  clicks: number;
  spendMinor: number;
  conversions: number;
  currency: string;
};

export type AuthorizeOptions = { codeChallenge?: string };

export interface AdPlatformProvider {
  readonly platform: MarketingPlatform;
  /** "google-ads" / "facebook" for the real APIs, "local" for the built-in ad platform. */
  readonly kind: string;
  authorizeUrl(state: string, redirectUri: string, options?: AuthorizeOptions): string;
  exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<AdTokens>;
  /** New tokens from the stored ones; a refresh token the platform did not rotate is kept. */
  refresh(tokens: AdTokens): Promise<AdTokens>;
  listAccounts(accessToken: string): Promise<AdAccount[]>;
  fetchCampaignMetrics(accessToken: string, accountId: string, range: DateRange): Promise<CampaignDay[]>;
}

/** A platform call that failed; `authorization` is true when the stored grant no longer works. */
export class AdPlatformError extends Error {
  constructor(
    message: string,
    readonly options: { status?: number; authorization?: boolean } = {},
  ) {
    super(message);
    this.name = "AdPlatformError";
  }
}

export const PLATFORM_LABELS: Record<MarketingPlatform, string> = { GOOGLE_ADS: "Google Ads", FACEBOOK: "Facebook Ads" };

/** URL slugs for the connect and callback routes. */
export const PLATFORM_SLUGS: Record<string, MarketingPlatform> = { "google-ads": "GOOGLE_ADS", facebook: "FACEBOOK" };

export function platformSlug(platform: MarketingPlatform): string {
  return platform === "GOOGLE_ADS" ? "google-ads" : "facebook";
}

/** Converts a decimal amount such as "12.34" into minor units without floating-point drift. */
export function toMinorUnits(amount: string | number): number {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  const match = /^(-?)(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match) return 0;
  const [, sign, whole = "", fraction = ""] = match;
  const cents = Number(whole || "0") * 100 + Math.round(Number(`0.${fraction || "0"}`) * 100);
  return sign === "-" ? -cents : cents;
}
