/**
 * Meta Marketing API client (Graph API v21.0): the OAuth dialog and code exchange (then a long-lived
 * token, which is how Meta grants lasting access: there is no refresh token), ad accounts, and daily
 * campaign insights followed through their paging. Base URLs are configurable for tests.
 */
import { callPlatform, count, expiryFrom, record, text, type HttpAnswer } from "./http.server.ts";
import { AdPlatformError, toMinorUnits, type AdAccount, type AdPlatformProvider, type AdTokens, type CampaignDay } from "./types.ts";

export type FacebookAdsConfig = { clientId: string; clientSecret: string; dialogUrl?: string; graphUrl?: string };

const VERSION = "v21.0";
const SCOPES = "ads_read";
/** Purchases, in the order Meta's action types are preferred (they repeat one count under several names). */
const PURCHASE_ACTIONS = ["omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase"];
const MAX_PAGES = 100;

function failure(answer: HttpAnswer, what: string): AdPlatformError {
  const error = record(record(answer.body).error);
  const reason = text(error.message) ?? `HTTP ${answer.status}`;
  // Code 190 is Meta's "access token has expired or was revoked".
  return new AdPlatformError(`Facebook refused ${what}: ${reason}`, { status: answer.status, authorization: error.code === 190 || answer.status === 401 });
}

function conversionsFrom(actions: unknown): number {
  const list = Array.isArray(actions) ? actions.map(record) : [];
  for (const type of PURCHASE_ACTIONS) {
    const found = list.find((action) => action.action_type === type);
    if (found) return count(found.value);
  }
  return 0;
}

export function createFacebookAdsProvider(config: FacebookAdsConfig): AdPlatformProvider {
  const dialogUrl = config.dialogUrl ?? `https://www.facebook.com/${VERSION}/dialog/oauth`;
  const graphUrl = (config.graphUrl ?? "https://graph.facebook.com").replace(/\/+$/, "");

  async function token(params: Record<string, string>, what: string): Promise<AdTokens> {
    const url = `${graphUrl}/${VERSION}/oauth/access_token?${new URLSearchParams({ client_id: config.clientId, client_secret: config.clientSecret, ...params }).toString()}`;
    const answer = await callPlatform(url, {}, "Facebook");
    if (answer.status !== 200) throw failure(answer, what);
    const body = record(answer.body);
    const accessToken = text(body.access_token);
    if (!accessToken) throw new AdPlatformError("Facebook answered without an access token.");
    return { accessToken, refreshToken: null, expiresAt: expiryFrom(body.expires_in) };
  }

  /** Follows `paging.next` links until the last page. */
  async function pages(firstUrl: string, what: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let next: string | null = firstUrl;
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
      const answer = await callPlatform(next, {}, "Facebook");
      if (answer.status !== 200) throw failure(answer, what);
      const body = record(answer.body);
      if (Array.isArray(body.data)) rows.push(...body.data.map(record));
      next = text(record(body.paging).next);
    }
    return rows;
  }

  return {
    platform: "FACEBOOK",
    kind: "facebook",

    authorizeUrl(state, redirectUri) {
      const url = new URL(dialogUrl);
      url.search = new URLSearchParams({ client_id: config.clientId, redirect_uri: redirectUri, state, scope: SCOPES, response_type: "code" }).toString();
      return url.toString();
    },

    async exchangeCode(code, redirectUri) {
      const shortLived = await token({ redirect_uri: redirectUri, code }, "the authorization code");
      // A short-lived user token lasts about two hours; exchanged, it lasts about sixty days.
      return token({ grant_type: "fb_exchange_token", fb_exchange_token: shortLived.accessToken }, "the long-lived token exchange");
    },

    async refresh(tokens) {
      return token({ grant_type: "fb_exchange_token", fb_exchange_token: tokens.accessToken }, "the token renewal");
    },

    async listAccounts(accessToken) {
      const rows = await pages(`${graphUrl}/${VERSION}/me/adaccounts?${new URLSearchParams({ fields: "id,name,currency", limit: "100", access_token: accessToken }).toString()}`, "the ad account list");
      const accounts: AdAccount[] = [];
      for (const row of rows) {
        const id = text(row.id)?.replace(/^act_/, "");
        if (id) accounts.push({ accountId: id, accountName: text(row.name), currency: text(row.currency) });
      }
      return accounts;
    },

    async fetchCampaignMetrics(accessToken, accountId, range) {
      const id = accountId.replace(/^act_/, "");
      if (!/^\d+$/.test(id)) throw new AdPlatformError(`"${accountId}" is not a Facebook ad account id.`);
      const params = new URLSearchParams({
        level: "campaign",
        time_increment: "1",
        fields: "campaign_id,campaign_name,impressions,clicks,spend,actions,account_currency",
        time_range: JSON.stringify({ since: range.since, until: range.until }),
        limit: "500",
        access_token: accessToken,
      });
      const rows = await pages(`${graphUrl}/${VERSION}/act_${id}/insights?${params.toString()}`, "the campaign insights");
      const days: CampaignDay[] = [];
      for (const row of rows) {
        const campaignId = text(row.campaign_id);
        const date = text(row.date_start);
        if (!campaignId || !date) continue;
        days.push({
          campaignId,
          campaignName: text(row.campaign_name) ?? campaignId,
          date,
          impressions: count(row.impressions),
          clicks: count(row.clicks),
          spendMinor: toMinorUnits(text(row.spend) ?? "0"),
          conversions: conversionsFrom(row.actions),
          currency: text(row.account_currency) ?? "USD",
        });
      }
      return days;
    },
  };
}
