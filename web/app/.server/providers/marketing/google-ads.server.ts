/**
 * Google Ads API client (REST, v18): OAuth2 with offline access (a refresh token), accessible
 * customers, and daily campaign metrics through a GAQL searchStream. Base URLs are configurable so
 * the client runs against a local server speaking the same protocol in tests.
 */
import { callPlatform, count, expiryFrom, record, text, type HttpAnswer } from "./http.server.ts";
import { AdPlatformError, type AdAccount, type AdPlatformProvider, type AdTokens, type CampaignDay, type DateRange } from "./types.ts";

export type GoogleAdsConfig = {
  clientId: string;
  clientSecret: string;
  developerToken: string;
  authUrl?: string;
  tokenUrl?: string;
  apiUrl?: string;
  /** The manager account id, sent as login-customer-id when the accounts are reached through one. */
  loginCustomerId?: string;
};

const SCOPE = "https://www.googleapis.com/auth/adwords";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oauthFailure(answer: HttpAnswer, what: string): AdPlatformError {
  const body = record(answer.body);
  const reason = text(body.error_description) ?? text(body.error) ?? `HTTP ${answer.status}`;
  return new AdPlatformError(`Google refused the ${what}: ${reason}.`, { status: answer.status, authorization: body.error === "invalid_grant" || answer.status === 401 });
}

function apiFailure(answer: HttpAnswer, what: string): AdPlatformError {
  const batch = Array.isArray(answer.body) ? answer.body[0] : answer.body;
  const error = record(record(batch).error);
  const reason = text(error.message) ?? `HTTP ${answer.status}`;
  return new AdPlatformError(`Google Ads refused ${what}: ${reason}`, { status: answer.status, authorization: answer.status === 401 });
}

function tokensFrom(body: unknown, previousRefresh: string | null): AdTokens {
  const data = record(body);
  const accessToken = text(data.access_token);
  if (!accessToken) throw new AdPlatformError("Google answered without an access token.");
  return { accessToken, refreshToken: text(data.refresh_token) ?? previousRefresh, expiresAt: expiryFrom(data.expires_in) };
}

export function createGoogleAdsProvider(config: GoogleAdsConfig): AdPlatformProvider {
  const authUrl = config.authUrl ?? "https://accounts.google.com/o/oauth2/v2/auth";
  const tokenUrl = config.tokenUrl ?? "https://oauth2.googleapis.com/token";
  const apiUrl = (config.apiUrl ?? "https://googleads.googleapis.com").replace(/\/+$/, "");

  function apiHeaders(accessToken: string): Record<string, string> {
    return {
      Authorization: `Bearer ${accessToken}`,
      "developer-token": config.developerToken,
      ...(config.loginCustomerId ? { "login-customer-id": config.loginCustomerId.replace(/-/g, "") } : {}),
    };
  }

  return {
    platform: "GOOGLE_ADS",
    kind: "google-ads",

    authorizeUrl(state, redirectUri, options = {}) {
      const url = new URL(authUrl);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: SCOPE,
        access_type: "offline",
        prompt: "consent",
        include_granted_scopes: "true",
        state,
        ...(options.codeChallenge ? { code_challenge: options.codeChallenge, code_challenge_method: "S256" } : {}),
      }).toString();
      return url.toString();
    },

    async exchangeCode(code, redirectUri, codeVerifier) {
      const answer = await callPlatform(
        tokenUrl,
        {
          form: {
            grant_type: "authorization_code",
            code,
            redirect_uri: redirectUri,
            client_id: config.clientId,
            client_secret: config.clientSecret,
            ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
          },
        },
        "Google",
      );
      if (answer.status !== 200) throw oauthFailure(answer, "authorization code");
      return tokensFrom(answer.body, null);
    },

    async refresh(tokens) {
      if (!tokens.refreshToken) throw new AdPlatformError("There is no refresh token for this Google Ads account: connect it again.", { authorization: true });
      const answer = await callPlatform(
        tokenUrl,
        { form: { grant_type: "refresh_token", refresh_token: tokens.refreshToken, client_id: config.clientId, client_secret: config.clientSecret } },
        "Google",
      );
      if (answer.status !== 200) throw oauthFailure(answer, "refresh token");
      return tokensFrom(answer.body, tokens.refreshToken);
    },

    async listAccounts(accessToken) {
      const answer = await callPlatform(`${apiUrl}/v18/customers:listAccessibleCustomers`, { headers: apiHeaders(accessToken) }, "Google Ads");
      if (answer.status !== 200) throw apiFailure(answer, "the account list");
      const names = record(answer.body).resourceNames;
      const accounts: AdAccount[] = [];
      for (const name of Array.isArray(names) ? names : []) {
        const id = typeof name === "string" ? name.replace(/^customers\//, "") : null;
        if (id && /^\d+$/.test(id)) accounts.push({ accountId: id, accountName: null, currency: null });
      }
      return accounts;
    },

    async fetchCampaignMetrics(accessToken, accountId, range: DateRange) {
      if (!/^\d+$/.test(accountId)) throw new AdPlatformError(`"${accountId}" is not a Google Ads customer id.`);
      if (!DATE.test(range.since) || !DATE.test(range.until)) throw new AdPlatformError("The date range must be YYYY-MM-DD dates.");
      const query =
        "SELECT campaign.id, campaign.name, segments.date, customer.currency_code, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions " +
        `FROM campaign WHERE segments.date BETWEEN '${range.since}' AND '${range.until}'`;
      const answer = await callPlatform(`${apiUrl}/v18/customers/${accountId}/googleAds:searchStream`, { headers: apiHeaders(accessToken), json: { query } }, "Google Ads");
      if (answer.status !== 200) throw apiFailure(answer, "the campaign report");
      // searchStream answers with an array of batches, each holding up to 10,000 rows.
      const batches = Array.isArray(answer.body) ? answer.body : [answer.body];
      const days: CampaignDay[] = [];
      for (const batch of batches) {
        const results = record(batch).results;
        for (const row of Array.isArray(results) ? results : []) {
          const campaign = record(record(row).campaign);
          const metrics = record(record(row).metrics);
          const date = text(record(record(row).segments).date);
          const campaignId = text(campaign.id);
          if (!campaignId || !date) continue;
          days.push({
            campaignId,
            campaignName: text(campaign.name) ?? campaignId,
            date,
            impressions: count(metrics.impressions),
            clicks: count(metrics.clicks),
            // cost_micros is a millionth of the currency unit; minor units are a hundredth.
            spendMinor: Math.round(count(metrics.costMicros) / 10_000),
            conversions: count(metrics.conversions),
            currency: text(record(record(row).customer).currencyCode) ?? "USD",
          });
        }
      }
      return days;
    },
  };
}
