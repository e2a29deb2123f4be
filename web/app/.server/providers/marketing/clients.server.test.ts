/** The Google Ads and Facebook Ads clients against local servers speaking their OAuth and reporting protocols. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createFacebookAdsProvider } from "./facebook.server.ts";
import { createGoogleAdsProvider } from "./google-ads.server.ts";
import { AdPlatformError, toMinorUnits } from "./types.ts";

type Seen = { method: string; url: URL; headers: http.IncomingHttpHeaders; body: string };
type Answer = { status: number; body: unknown };

async function startServer() {
  const seen: Seen[] = [];
  const state: { answer: (request: Seen, base: string) => Answer } = { answer: () => ({ status: 500, body: {} }) };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "GET", url: new URL(req.url ?? "/", "http://local"), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(request);
      const answer = state.answer(request, base);
      res.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const server = await startServer();
afterAll(() => server.close());

const google = createGoogleAdsProvider({
  clientId: "google-client",
  clientSecret: "google-secret",
  developerToken: "dev-token-1",
  authUrl: `${server.base}/o/oauth2/v2/auth`,
  tokenUrl: `${server.base}/token`,
  apiUrl: server.base,
});
const facebook = createFacebookAdsProvider({ clientId: "fb-app", clientSecret: "fb-secret", dialogUrl: `${server.base}/v21.0/dialog/oauth`, graphUrl: server.base });

describe("the Google Ads client", () => {
  it("builds the consent URL with offline access, forced consent, the adwords scope, state and PKCE", () => {
    const url = new URL(google.authorizeUrl("state-123", "https://app.example/admin/marketing/callback/google-ads", { codeChallenge: "challenge" }));
    expect(url.pathname).toBe("/o/oauth2/v2/auth");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "google-client",
      redirect_uri: "https://app.example/admin/marketing/callback/google-ads",
      response_type: "code",
      scope: "https://www.googleapis.com/auth/adwords",
      access_type: "offline",
      prompt: "consent",
      state: "state-123",
      code_challenge: "challenge",
      code_challenge_method: "S256",
    });
  });

  it("exchanges a code with the client secret, and refreshes keeping the refresh token", async () => {
    server.state.answer = (request) => {
      const form = new URLSearchParams(request.body);
      if (form.get("grant_type") === "authorization_code") return { status: 200, body: { access_token: "ya29.first", refresh_token: "1//refresh", expires_in: 3599, token_type: "Bearer" } };
      return { status: 200, body: { access_token: "ya29.second", expires_in: 3599, token_type: "Bearer" } };
    };
    const before = Date.now();
    const tokens = await google.exchangeCode("4/code", "https://app.example/cb", "verifier");
    const exchange = server.seen.at(-1)!;
    expect(exchange.method).toBe("POST");
    expect(exchange.url.pathname).toBe("/token");
    expect(exchange.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(exchange.body))).toEqual({
      grant_type: "authorization_code",
      code: "4/code",
      redirect_uri: "https://app.example/cb",
      client_id: "google-client",
      client_secret: "google-secret",
      code_verifier: "verifier",
    });
    expect(tokens.accessToken).toBe("ya29.first");
    expect(tokens.refreshToken).toBe("1//refresh");
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3_598_000);

    const refreshed = await google.refresh(tokens);
    expect(Object.fromEntries(new URLSearchParams(server.seen.at(-1)!.body))).toEqual({ grant_type: "refresh_token", refresh_token: "1//refresh", client_id: "google-client", client_secret: "google-secret" });
    expect(refreshed).toMatchObject({ accessToken: "ya29.second", refreshToken: "1//refresh" });
  });

  it("reports a refused grant as an authorization failure", async () => {
    server.state.answer = () => ({ status: 400, body: { error: "invalid_grant", error_description: "Token has been expired or revoked." } });
    const error = await google.refresh({ accessToken: "a", refreshToken: "r", expiresAt: null }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AdPlatformError);
    expect((error as AdPlatformError).options.authorization).toBe(true);
    expect((error as AdPlatformError).message).toContain("Token has been expired or revoked.");
  });

  it("lists accessible customers with the bearer token and developer token", async () => {
    server.state.answer = () => ({ status: 200, body: { resourceNames: ["customers/1234567890", "customers/9876543210"] } });
    expect(await google.listAccounts("ya29.token")).toEqual([
      { accountId: "1234567890", accountName: null, currency: null },
      { accountId: "9876543210", accountName: null, currency: null },
    ]);
    const request = server.seen.at(-1)!;
    expect(request.method).toBe("GET");
    expect(request.url.pathname).toBe("/v18/customers:listAccessibleCustomers");
    expect(request.headers.authorization).toBe("Bearer ya29.token");
    expect(request.headers["developer-token"]).toBe("dev-token-1");
  });

  it("reads daily campaign metrics through a GAQL searchStream, across every batch", async () => {
    const row = (id: string, date: string, costMicros: string) => ({
      campaign: { resourceName: `customers/1234567890/campaigns/${id}`, id, name: `Campaign ${id}` },
      customer: { resourceName: "customers/1234567890", currencyCode: "EUR" },
      segments: { date },
      metrics: { impressions: "1200", clicks: "34", costMicros, conversions: 2.5 },
    });
    server.state.answer = () => ({ status: 200, body: [{ results: [row("11", "2025-03-01", "12345678")] }, { results: [row("12", "2025-03-02", "1000000")], requestId: "x" }] });
    const days = await google.fetchCampaignMetrics("ya29.token", "1234567890", { since: "2025-03-01", until: "2025-03-30" });
    const request = server.seen.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.url.pathname).toBe("/v18/customers/1234567890/googleAds:searchStream");
    const query = (JSON.parse(request.body) as { query: string }).query;
    expect(query).toContain("SELECT campaign.id, campaign.name, segments.date");
    expect(query).toContain("metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions FROM campaign");
    expect(query).toContain("WHERE segments.date BETWEEN '2025-03-01' AND '2025-03-30'");
    expect(days).toEqual([
      { campaignId: "11", campaignName: "Campaign 11", date: "2025-03-01", impressions: 1200, clicks: 34, spendMinor: 1235, conversions: 2.5, currency: "EUR" },
      { campaignId: "12", campaignName: "Campaign 12", date: "2025-03-02", impressions: 1200, clicks: 34, spendMinor: 100, conversions: 2.5, currency: "EUR" },
    ]);
  });

  it("turns an API error into an AdPlatformError with Google's message", async () => {
    server.state.answer = () => ({ status: 401, body: [{ error: { code: 401, message: "Request is missing required authentication credential.", status: "UNAUTHENTICATED" } }] });
    const error = await google.fetchCampaignMetrics("bad", "1234567890", { since: "2025-03-01", until: "2025-03-02" }).catch((thrown: unknown) => thrown);
    expect((error as AdPlatformError).message).toContain("missing required authentication credential");
    expect((error as AdPlatformError).options.authorization).toBe(true);
  });
});

describe("the Facebook Ads client", () => {
  it("builds the OAuth dialog URL", () => {
    const url = new URL(facebook.authorizeUrl("st", "https://app.example/admin/marketing/callback/facebook"));
    expect(url.pathname).toBe("/v21.0/dialog/oauth");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: "fb-app", redirect_uri: "https://app.example/admin/marketing/callback/facebook", state: "st", scope: "ads_read" });
  });

  it("exchanges the code with the app secret, then for a long-lived token; renewal re-exchanges it", async () => {
    server.state.answer = (request) => {
      if (request.url.searchParams.get("code")) return { status: 200, body: { access_token: "EAA-short", token_type: "bearer", expires_in: 7200 } };
      return { status: 200, body: { access_token: `EAA-long-from-${request.url.searchParams.get("fb_exchange_token")}`, token_type: "bearer", expires_in: 5_184_000 } };
    };
    const tokens = await facebook.exchangeCode("fb-code", "https://app.example/cb");
    const [first, second] = server.seen.slice(-2);
    expect(first!.url.pathname).toBe("/v21.0/oauth/access_token");
    expect(Object.fromEntries(first!.url.searchParams)).toEqual({ client_id: "fb-app", client_secret: "fb-secret", redirect_uri: "https://app.example/cb", code: "fb-code" });
    expect(Object.fromEntries(second!.url.searchParams)).toEqual({ client_id: "fb-app", client_secret: "fb-secret", grant_type: "fb_exchange_token", fb_exchange_token: "EAA-short" });
    expect(tokens).toMatchObject({ accessToken: "EAA-long-from-EAA-short", refreshToken: null });
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect((await facebook.refresh(tokens)).accessToken).toBe("EAA-long-from-EAA-long-from-EAA-short");
  });

  it("lists ad accounts across pages", async () => {
    server.state.answer = (request, base) =>
      request.url.searchParams.get("after") === "p2"
        ? { status: 200, body: { data: [{ id: "act_222", name: "Second", currency: "GBP" }], paging: { cursors: { before: "a", after: "b" } } } }
        : { status: 200, body: { data: [{ id: "act_111", name: "First", currency: "USD" }], paging: { cursors: { after: "p2" }, next: `${base}/v21.0/me/adaccounts?after=p2&access_token=t` } } };
    expect(await facebook.listAccounts("t")).toEqual([
      { accountId: "111", accountName: "First", currency: "USD" },
      { accountId: "222", accountName: "Second", currency: "GBP" },
    ]);
    const first = server.seen.at(-2)!;
    expect(first.url.pathname).toBe("/v21.0/me/adaccounts");
    expect(first.url.searchParams.get("fields")).toBe("id,name,currency");
  });

  it("reads daily campaign insights through every page, with purchases as conversions", async () => {
    const insight = (date: string, spend: string) => ({
      campaign_id: "2385", campaign_name: "spring", date_start: date, date_stop: date, impressions: "1000", clicks: "25", spend, account_currency: "USD",
      actions: [{ action_type: "link_click", value: "25" }, { action_type: "omni_purchase", value: "3" }, { action_type: "purchase", value: "3" }],
    });
    server.state.answer = (request, base) =>
      request.url.searchParams.get("after") === "next"
        ? { status: 200, body: { data: [insight("2025-03-02", "0.5")], paging: { cursors: { before: "x", after: "y" } } } }
        : { status: 200, body: { data: [insight("2025-03-01", "12.34")], paging: { next: `${base}/v21.0/act_111/insights?after=next&access_token=t` } } };
    const days = await facebook.fetchCampaignMetrics("t", "act_111", { since: "2025-03-01", until: "2025-03-30" });
    const first = server.seen.at(-2)!;
    expect(first.url.pathname).toBe("/v21.0/act_111/insights");
    expect(first.url.searchParams.get("level")).toBe("campaign");
    expect(first.url.searchParams.get("time_increment")).toBe("1");
    expect(first.url.searchParams.get("fields")).toContain("campaign_id,campaign_name,impressions,clicks,spend,actions");
    expect(JSON.parse(first.url.searchParams.get("time_range")!)).toEqual({ since: "2025-03-01", until: "2025-03-30" });
    expect(days).toEqual([
      { campaignId: "2385", campaignName: "spring", date: "2025-03-01", impressions: 1000, clicks: 25, spendMinor: 1234, conversions: 3, currency: "USD" },
      { campaignId: "2385", campaignName: "spring", date: "2025-03-02", impressions: 1000, clicks: 25, spendMinor: 50, conversions: 3, currency: "USD" },
    ]);
  });

  it("reports an expired token (code 190) as an authorization failure, and an unreachable API as an error", async () => {
    server.state.answer = () => ({ status: 400, body: { error: { message: "Error validating access token: Session has expired", type: "OAuthException", code: 190 } } });
    const error = await facebook.listAccounts("old").catch((thrown: unknown) => thrown);
    expect((error as AdPlatformError).options.authorization).toBe(true);
    expect((error as AdPlatformError).message).toContain("Session has expired");
    const offline = createFacebookAdsProvider({ clientId: "a", clientSecret: "b", graphUrl: "http://127.0.0.1:9" });
    expect(await offline.listAccounts("t").catch((thrown: unknown) => thrown)).toBeInstanceOf(AdPlatformError);
  });
});

describe("money", () => {
  it("turns decimal spend into minor units without float drift", () => {
    expect(toMinorUnits("12.34")).toBe(1234);
    expect(toMinorUnits("0.1")).toBe(10);
    expect(toMinorUnits("1005.005")).toBe(100501);
    expect(toMinorUnits(19.99)).toBe(1999);
  });
});
