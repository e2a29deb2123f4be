/**
 * Connecting ad accounts end to end with the built-in ad platform (connect → consent → callback),
 * the OAuth state check, tokens encrypted at rest, the metrics sync (refresh, upsert without
 * duplicates, failures recorded), ROI from attributed purchases, and admin-only access.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { decryptSecret, encryptSecret } from "../.server/platform/crypto.server.ts";
import { syncAccount } from "../.server/marketing/sync.server.ts";
import { campaignRoi } from "../.server/marketing/roi.server.ts";
import { adPlatform } from "../.server/providers/marketing/index.server.ts";
import { loader as pageLoader, action as pageAction } from "./admin.marketing._index.tsx";
import { action as connectAction } from "./admin.marketing.connect.$platform.tsx";
import { loader as callbackLoader } from "./admin.marketing.callback.$platform.tsx";
import { action as consentAction, loader as consentLoader } from "./dev.ads.oauth.tsx";
import { cookiePair, formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function admin(role: "ADMIN" | "USER" = "ADMIN") {
  const user = await makeUser({ role });
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

function pathOf(location: string): string {
  const url = new URL(location, "http://localhost");
  return `${url.pathname}${url.search}`;
}

/** Runs the connect button, the consent page (allow or deny) and returns the callback's answer. */
async function connect(slug: string, decision: "allow" | "deny" = "allow") {
  const { user, cookie } = await admin();
  const start = await run(() => connectAction(routeArgs(formRequest(`/admin/marketing/connect/${slug}`, {}, { cookie }), { platform: slug })));
  expect(start.status).toBe(302);
  const stateCookie = cookiePair(start.headers.get("Set-Cookie"));
  const consentPath = start.location!;
  expect(consentPath).toMatch(/^\/dev\/ads\/oauth\?/);
  const consentPage = await run(() => consentLoader(routeArgs(getRequest(consentPath))));
  expect(consentPage.body.label).toBe(slug === "google-ads" ? "Google Ads" : "Facebook Ads");
  const consent = await run(() => consentAction(routeArgs(formRequest(consentPath, { decision }))));
  expect(consent.status).toBe(302);
  const callback = await run(() => callbackLoader(routeArgs(getRequest(pathOf(consent.location!), { cookie: `${cookie}; ${stateCookie}` }), { platform: slug })));
  return { user, cookie, stateCookie, callbackPath: pathOf(consent.location!), callback };
}

describe("connecting an ad account", () => {
  it("goes through the platform's consent and stores the account with encrypted tokens", async () => {
    const { user, callback } = await connect("google-ads");
    expect(callback.status).toBe(302);
    expect(callback.location).toBe("/admin/marketing?connected=1&platform=google-ads");
    const account = await prisma.marketingAccount.findFirstOrThrow({ where: { userId: user.id } });
    expect(account).toMatchObject({ platform: "GOOGLE_ADS", accountId: "1234567890", isActive: true });
    const accessToken = decryptSecret(account.accessToken);
    expect(account.accessToken).not.toBe(accessToken);
    expect(account.accessToken).toMatch(/^v1\./);
    expect(account.refreshToken).not.toBeNull();
    expect(account.refreshToken).not.toBe(decryptSecret(account.refreshToken!));
    // The decrypted token is the one the platform issued: it reads the account.
    expect(await adPlatform("GOOGLE_ADS")!.listAccounts(accessToken)).toHaveLength(1);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: user.id } });
    expect(audit.metadata).toEqual({ event: "marketing.connect", platform: "GOOGLE_ADS", accountIds: ["1234567890"] });
  });

  it("refuses a callback whose state was forged or whose state cookie is missing", async () => {
    const { user, cookie, stateCookie, callbackPath } = await connect("facebook", "allow");
    await prisma.marketingAccount.deleteMany({ where: { userId: user.id } });
    const forged = callbackPath.replace(/state=[^&]+/, "state=forged-state");
    const withForged = await run(() => callbackLoader(routeArgs(getRequest(forged, { cookie: `${cookie}; ${stateCookie}` }), { platform: "facebook" })));
    expect(withForged.status).toBe(400);
    expect(withForged.body.error).toMatch(/could not be verified/);
    const withoutCookie = await run(() => callbackLoader(routeArgs(getRequest(callbackPath, { cookie }), { platform: "facebook" })));
    expect(withoutCookie.status).toBe(400);
    const withoutState = callbackPath.replace(/[?&]state=[^&]+/, "");
    expect((await run(() => callbackLoader(routeArgs(getRequest(withoutState, { cookie: `${cookie}; ${stateCookie}` }), { platform: "facebook" })))).status).toBe(400);
    expect(await prisma.marketingAccount.count({ where: { userId: user.id } })).toBe(0);
  });

  it("connects nothing when access is denied", async () => {
    const { user, callback } = await connect("facebook", "deny");
    expect(callback.status).toBe(400);
    expect(callback.body.error).toMatch(/not granted/);
    expect(await prisma.marketingAccount.count({ where: { userId: user.id } })).toBe(0);
  });

  it("is for admins only", async () => {
    const { cookie } = await admin("USER");
    expect((await run(() => pageLoader(routeArgs(getRequest("/admin/marketing", { cookie }))))).status).toBe(403);
    expect((await run(() => pageAction(routeArgs(formRequest("/admin/marketing", { intent: "sync" }, { cookie }))))).status).toBe(403);
    expect((await run(() => connectAction(routeArgs(formRequest("/admin/marketing/connect/google-ads", {}, { cookie }), { platform: "google-ads" })))).status).toBe(403);
    expect((await run(() => callbackLoader(routeArgs(getRequest("/admin/marketing/callback/google-ads?state=x&code=y", { cookie }), { platform: "google-ads" })))).status).toBe(403);
  });
});

describe("the metrics sync", () => {
  it("refreshes an expired token and upserts the last 30 days without duplicates", async () => {
    const { user } = await connect("google-ads");
    const account = await prisma.marketingAccount.findFirstOrThrow({ where: { userId: user.id } });
    const oldToken = decryptSecret(account.accessToken);
    await prisma.marketingAccount.update({ where: { id: account.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    const first = await syncAccount(account.id);
    expect(first).toMatchObject({ ok: true, refreshed: true, rows: 90 });
    const refreshed = await prisma.marketingAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(decryptSecret(refreshed.accessToken)).not.toBe(oldToken);
    expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(Date.now());

    const second = await syncAccount(account.id);
    expect(second).toMatchObject({ ok: true, refreshed: false, rows: 90 });
    const rows = await prisma.campaignMetricsCache.count({ where: { cacheKey: { startsWith: `ads:day:${account.id}:` } } });
    expect(rows).toBe(90);
    const page = await run(async () => pageLoader(routeArgs(getRequest("/admin/marketing", { cookie: (await admin()).cookie }))));
    const listed = page.body.accounts.find((entry: { id: string }) => entry.id === account.id);
    expect(listed.sync).toMatchObject({ ok: true, rows: 90, error: null });
    expect(page.body.roi.rows.map((row: { campaignName: string }) => row.campaignName)).toEqual(expect.arrayContaining(["Spring prints — search", "brand-search", "photo-restoration"]));
  });

  it("records a failure on the account and marks a refused grant for reconnection", async () => {
    const { user } = await admin();
    const account = await prisma.marketingAccount.create({
      data: { userId: user.id, platform: "FACEBOOK", accountId: "100200300400", accessToken: encryptSecret("revoked-token"), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const outcome = await syncAccount(account.id);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/does not recognise/);
    expect((await prisma.marketingAccount.findUniqueOrThrow({ where: { id: account.id } })).isActive).toBe(false);
    const status = await prisma.campaignMetricsCache.findUniqueOrThrow({ where: { cacheKey: `ads:sync:${account.id}` } });
    expect(status.metrics).toMatchObject({ ok: false, rows: 0 });
  });

  it("disconnecting deletes the account and its cached metrics", async () => {
    const { user, cookie } = await connect("facebook");
    const account = await prisma.marketingAccount.findFirstOrThrow({ where: { userId: user.id } });
    await syncAccount(account.id);
    const outcome = await run(() => pageAction(routeArgs(formRequest("/admin/marketing", { intent: "disconnect", id: account.id }, { cookie }))));
    expect(outcome.message).toMatch(/was disconnected/);
    expect(await prisma.marketingAccount.count({ where: { id: account.id } })).toBe(0);
    expect(await prisma.campaignMetricsCache.count({ where: { cacheKey: { contains: account.id } } })).toBe(0);
    const audit = await prisma.auditLog.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => (entry.metadata as { event: string }).event)).toEqual(["marketing.connect", "marketing.disconnect"]);
    expect(audit[1]!.metadata).toMatchObject({ platform: "FACEBOOK", accountId: account.accountId });
  });
});

describe("campaign ROI", () => {
  it("divides the revenue of purchases attributed to a campaign by its spend", async () => {
    const { user } = await connect("facebook");
    const account = await prisma.marketingAccount.findFirstOrThrow({ where: { userId: user.id } });
    await syncAccount(account.id);
    await prisma.campaignAttribution.createMany({
      data: [
        { userId: user.id, sessionId: "s1", attributionType: "LAST_TOUCH", platform: "FACEBOOK", utmCampaign: "retargeting", conversionType: "PURCHASE", conversionValue: 49.5 },
        { userId: user.id, sessionId: "s2", attributionType: "LAST_TOUCH", platform: "FACEBOOK", externalCampaignId: "23850002", conversionType: "PURCHASE", conversionValue: 10 },
        { userId: user.id, sessionId: "s2", attributionType: "FIRST_TOUCH", platform: "FACEBOOK", externalCampaignId: "23850002", conversionType: "PURCHASE", conversionValue: 10 },
      ],
    });
    const report = await campaignRoi();
    const retargeting = report.rows.find((row) => row.campaignId === "23850002")!;
    expect(retargeting.revenueMinor).toBe(5950);
    expect(retargeting.roi).toBeCloseTo(5950 / retargeting.spendMinor, 2);
    const other = report.rows.find((row) => row.campaignId === "23850001")!;
    expect(other.revenueMinor).toBe(0);
    expect(other.roi).toBe(0);
  });
});
