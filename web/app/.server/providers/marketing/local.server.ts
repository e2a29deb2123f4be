/**
 * The built-in ad platform: a complete stand-in for Google Ads and Facebook Ads in development. Its
 * consent page (/dev/ads/oauth) issues authorization codes; codes and tokens are HMAC-signed and carry
 * their own expiry, so nothing needs storing; campaign metrics are generated deterministically from
 * the campaign and the day, so every sync of the same day reads the same numbers.
 */
import { createHash, createHmac } from "node:crypto";
import { randomToken, safeEqual } from "../../platform/crypto.server.ts";
import { AdPlatformError, PLATFORM_LABELS, platformSlug, type AdPlatformProvider, type CampaignDay, type MarketingPlatform } from "./types.ts";

export const LOCAL_CONSENT_PATH = "/dev/ads/oauth";
const CODE_SECONDS = 10 * 60;
export const LOCAL_ACCESS_SECONDS = 60 * 60;

type Signed = { k: "code" | "access" | "refresh"; p: MarketingPlatform; e?: number; r?: string; c?: string; n?: string };

const ACCOUNTS: Record<MarketingPlatform, { accountId: string; accountName: string; currency: string }> = {
  GOOGLE_ADS: { accountId: "1234567890", accountName: "Spike Land (local Google Ads)", currency: "GBP" },
  FACEBOOK: { accountId: "100200300400", accountName: "Spike Land (local Facebook Ads)", currency: "GBP" },
};

const CAMPAIGNS: Record<MarketingPlatform, Array<{ id: string; name: string; reach: number }>> = {
  GOOGLE_ADS: [
    { id: "9001", name: "Spring prints — search", reach: 4000 },
    { id: "9002", name: "brand-search", reach: 1500 },
    { id: "9003", name: "photo-restoration", reach: 2500 },
  ],
  FACEBOOK: [
    { id: "23850001", name: "Photo restore — carousel", reach: 6000 },
    { id: "23850002", name: "retargeting", reach: 2000 },
  ],
};

/** A number in [0, 1) fixed by the text: the same campaign and day always give the same figures. */
function unit(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function datesBetween(since: string, until: string): string[] {
  const dates: string[] = [];
  const end = Date.parse(`${until}T00:00:00Z`);
  for (let day = Date.parse(`${since}T00:00:00Z`); day <= end && dates.length < 400; day += 86_400_000) dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

export function localCampaignDays(platform: MarketingPlatform, range: { since: string; until: string }): CampaignDay[] {
  const days: CampaignDay[] = [];
  for (const date of datesBetween(range.since, range.until)) {
    for (const campaign of CAMPAIGNS[platform]) {
      const seed = `${platform}:${campaign.id}:${date}`;
      const impressions = Math.round(campaign.reach * (0.6 + 0.8 * unit(`${seed}:i`)));
      const clicks = Math.round(impressions * (0.015 + 0.04 * unit(`${seed}:c`)));
      const spendMinor = clicks * (25 + Math.round(90 * unit(`${seed}:s`)));
      const conversions = Math.round(clicks * 0.06 * unit(`${seed}:v`) * 10) / 10;
      days.push({ campaignId: campaign.id, campaignName: campaign.name, date, impressions, clicks, spendMinor, conversions, currency: ACCOUNTS[platform].currency });
    }
  }
  return days;
}

export function createLocalAdPlatform(platform: MarketingPlatform, options: { secret: string; now?: () => number }): AdPlatformProvider {
  const now = options.now ?? Date.now;

  function sign(payload: Signed): string {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${createHmac("sha256", options.secret).update(body).digest("base64url")}`;
  }

  function open(value: string, kind: Signed["k"]): Signed {
    const [body = "", mac = ""] = value.split(".");
    const expected = createHmac("sha256", options.secret).update(body).digest("base64url");
    let payload: Signed | null = null;
    if (safeEqual(mac, expected)) {
      try {
        payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Signed;
      } catch {
        payload = null;
      }
    }
    if (!payload || payload.k !== kind || payload.p !== platform) throw new AdPlatformError(`The local ad platform does not recognise that ${kind === "code" ? "authorization code" : "token"}.`, { status: 401, authorization: true });
    if (payload.e !== undefined && payload.e * 1000 < now()) throw new AdPlatformError(`That ${kind === "code" ? "authorization code" : "access token"} has expired.`, { status: 401, authorization: true });
    return payload;
  }

  function tokens() {
    return {
      accessToken: sign({ k: "access", p: platform, e: Math.floor(now() / 1000) + LOCAL_ACCESS_SECONDS, n: randomToken(6) }),
      refreshToken: sign({ k: "refresh", p: platform, n: randomToken(6) }),
      expiresAt: new Date(now() + LOCAL_ACCESS_SECONDS * 1000),
    };
  }

  return {
    platform,
    kind: "local",

    authorizeUrl(state, redirectUri, authorize = {}) {
      const params = new URLSearchParams({ platform: platformSlug(platform), redirect_uri: redirectUri, state });
      if (authorize.codeChallenge) params.set("code_challenge", authorize.codeChallenge);
      return `${LOCAL_CONSENT_PATH}?${params.toString()}`;
    },

    async exchangeCode(code, redirectUri, codeVerifier) {
      const payload = open(code, "code");
      if (payload.r !== redirectUri) throw new AdPlatformError("The authorization code was issued for another redirect address.", { status: 400 });
      if (payload.c) {
        const challenge = createHash("sha256").update(codeVerifier ?? "").digest("base64url");
        if (!safeEqual(challenge, payload.c)) throw new AdPlatformError("The code verifier does not match the authorization request.", { status: 400 });
      }
      return tokens();
    },

    async refresh(stored) {
      if (!stored.refreshToken) throw new AdPlatformError("There is no refresh token for this account: connect it again.", { authorization: true });
      open(stored.refreshToken, "refresh");
      return tokens();
    },

    async listAccounts(accessToken) {
      open(accessToken, "access");
      return [ACCOUNTS[platform]];
    },

    async fetchCampaignMetrics(accessToken, accountId, range) {
      open(accessToken, "access");
      if (accountId !== ACCOUNTS[platform].accountId) throw new AdPlatformError(`The local ${PLATFORM_LABELS[platform]} has no account ${accountId}.`, { status: 404 });
      return localCampaignDays(platform, range);
    },
  };
}

/** Where the consent page sends the browser: back to the app with a code, or with access_denied. */
export function localConsentRedirect(
  platform: MarketingPlatform,
  request: { redirectUri: string; state: string; codeChallenge: string | null },
  allow: boolean,
  options: { secret: string; now?: () => number },
): string {
  const url = new URL(request.redirectUri);
  url.searchParams.set("state", request.state);
  if (!allow) {
    url.searchParams.set("error", "access_denied");
    return url.toString();
  }
  const now = options.now ?? Date.now;
  const payload: Signed = { k: "code", p: platform, e: Math.floor(now() / 1000) + CODE_SECONDS, r: request.redirectUri, n: randomToken(6) };
  if (request.codeChallenge) payload.c = request.codeChallenge;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  url.searchParams.set("code", `${body}.${createHmac("sha256", options.secret).update(body).digest("base64url")}`);
  return url.toString();
}
