import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { action as postEvent } from "./analytics.events.tsx";
import { action as chooseConsent } from "./cookie-settings.tsx";
import { loader as followLink } from "./c.$id.tsx";
import { loader as dashboard } from "./admin.analytics.tsx";
import { recordConfirmedPurchase, recordServerEvent } from "../.server/analytics/collect.server.ts";
import { deleteExpiredAnalytics } from "../.server/analytics/retention.server.ts";
import { seedDemoAnalytics } from "../.server/analytics/demo-data.server.ts";
import { upsertCampaignDays } from "../.server/marketing/cache.server.ts";
import { formRequest, getRequest, jsonRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;

/** The cookies a browser holds after choosing. */
async function consentCookie(choice: "accept" | "decline", cookie = ""): Promise<string> {
  const outcome = await run(() => chooseConsent(routeArgs(formRequest("/cookie-settings", { choice, redirectTo: "/" }, { cookie }))));
  expect(outcome.status).toBe(302);
  const pairs = new Map(cookie.split("; ").filter(Boolean).map((pair) => [pair.split("=")[0]!, pair] as const));
  for (const line of outcome.headers.getSetCookie()) {
    const pair = line.split(";")[0]!;
    pairs.set(pair.split("=")[0]!, pair);
  }
  return [...pairs.values()].filter((pair) => !pair.endsWith("=")).join("; ");
}

function visitorOf(cookie: string): string {
  return /sl_vid=([^;]+)/.exec(cookie)![1]!;
}

async function view(url: string, cookie: string, headers: Record<string, string> = {}, ip = "203.0.113.50") {
  return run(() => postEvent(routeArgs(jsonRequest("/analytics/events", { url, referrer: "https://news.example.org/post", title: "A page" }, { cookie, headers, ip }))));
}

describe("consent", () => {
  it("records nothing before a choice, after declining, or with DNT or GPC", async () => {
    const before = await prisma.pageView.count();
    expect((await view("/pricing?utm_source=x", "")).status).toBe(204);
    const declined = await consentCookie("decline");
    expect(declined).not.toContain("sl_vid");
    expect((await view("/pricing", declined)).status).toBe(204);
    const accepted = await consentCookie("accept");
    expect((await view("/pricing", accepted, { DNT: "1" })).status).toBe(204);
    expect((await view("/pricing", accepted, { "Sec-GPC": "1" })).status).toBe(204);
    expect(await prisma.pageView.count()).toBe(before);
    expect(await recordServerEvent(getRequest("/signup", { cookie: accepted, headers: { DNT: "1" } }), "signup", { userId: (await makeUser()).id })).toBe(false);
    expect(await prisma.visitorSession.count({ where: { visitorId: visitorOf(accepted) } })).toBe(0);
  });

  it("records a page view with UTM, click ids, device and country once accepted", async () => {
    const cookie = await consentCookie("accept");
    const headers = { "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", "cf-ipcountry": "gb" };
    expect((await view("/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=photos&utm_content=a&gclid=G1", cookie, headers)).status).toBe(204);
    await view("/gallery", cookie, headers);
    const session = await prisma.visitorSession.findFirstOrThrow({ where: { visitorId: visitorOf(cookie) }, include: { pageViews: true } });
    expect(session).toMatchObject({
      landingPage: "/pricing",
      exitPage: "/gallery",
      pageViewCount: 2,
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "spring",
      utmTerm: "photos",
      utmContent: "a",
      gclid: "G1",
      deviceType: "mobile",
      browser: "Safari",
      os: "iOS",
      ipCountry: "GB",
      referrer: "https://news.example.org/post",
    });
    expect(session.pageViews.map((v) => v.path).sort()).toEqual(["/gallery", "/pricing"]);
  });

  it("declining later forgets the visits recorded under the visitor id", async () => {
    const cookie = await consentCookie("accept");
    await view("/", cookie);
    const visitorId = visitorOf(cookie);
    expect(await prisma.visitorSession.count({ where: { visitorId } })).toBe(1);
    await consentCookie("decline", cookie);
    expect(await prisma.visitorSession.count({ where: { visitorId } })).toBe(0);
  });

  it("refuses malformed and oversized page views, and limits each address", async () => {
    const cookie = await consentCookie("accept");
    expect((await run(() => postEvent(routeArgs(jsonRequest("/analytics/events", { url: "https://evil.example/" }, { cookie }))))).status).toBe(422);
    expect((await run(() => postEvent(routeArgs(jsonRequest("/analytics/events", { url: "/", title: "x".repeat(9000) }, { cookie }))))).status).toBe(413);
    let last = 204;
    for (let i = 0; i < 121 && last !== 429; i++) last = (await view("/", cookie, {}, "203.0.113.99")).status;
    expect(last).toBe(429);
  });
});

describe("events and attribution", () => {
  it("records sign-up, enhancement and purchase for a consenting visitor, with first- and last-touch attribution", async () => {
    const cookie = await consentCookie("accept");
    const user = await makeUser();
    const t0 = Date.now() - 3 * DAY;
    // An organic first visit days ago, then a paid campaign visit today.
    await prisma.visitorSession.create({ data: { visitorId: visitorOf(cookie), sessionStart: new Date(t0), sessionEnd: new Date(t0), landingPage: "/", referrer: "https://www.bing.com/" } });
    await prisma.campaignLink.create({ data: { utmCampaign: "autumn", platform: "FACEBOOK", externalCampaignId: "fb-42" } });
    await view("/?utm_source=facebook&utm_medium=paid_social&utm_campaign=autumn&fbclid=F1", cookie);
    const request = getRequest("/signup", { cookie });
    expect(await recordServerEvent(request, "signup", { userId: user.id })).toBe(true);
    expect(await recordServerEvent(request, "enhancement", { userId: user.id, value: 2 })).toBe(true);
    // The payment provider confirms the purchase (its webhook, possibly delivered twice).
    const purchase = { userId: user.id, kind: "pack", amount: "9.99", currency: "GBP", reference: "pi_p1" };
    expect(await recordConfirmedPurchase(purchase)).toBe(true);
    expect(await recordConfirmedPurchase(purchase)).toBe(false);
    // An invoice of nothing is not a sale.
    expect(await recordConfirmedPurchase({ ...purchase, amount: "0.00", reference: "in_free" })).toBe(false);

    const events = await prisma.analyticsEvent.findMany({ where: { session: { visitorId: visitorOf(cookie) } }, orderBy: { timestamp: "asc" } });
    expect(events.map((e) => e.name)).toEqual(["signup", "enhancement", "purchase"]);
    const sessions = await prisma.visitorSession.findMany({ where: { visitorId: visitorOf(cookie) } });
    expect(sessions.every((s) => s.userId === user.id)).toBe(true);

    const rows = await prisma.campaignAttribution.findMany({ where: { userId: user.id }, orderBy: [{ conversionType: "asc" }, { attributionType: "asc" }] });
    expect(rows.map((r) => [r.conversionType, r.attributionType, r.platform, r.utmCampaign, r.externalCampaignId])).toEqual([
      ["SIGNUP", "FIRST_TOUCH", "ORGANIC", null, null],
      ["SIGNUP", "LAST_TOUCH", "FACEBOOK", "autumn", "fb-42"],
      ["PURCHASE", "FIRST_TOUCH", "ORGANIC", null, null],
      ["PURCHASE", "LAST_TOUCH", "FACEBOOK", "autumn", "fb-42"],
    ]);
    expect(rows.find((r) => r.conversionType === "PURCHASE")?.conversionValue).toBe(9.99);
  });

  it("records no event for a visitor who has not consented", async () => {
    const user = await makeUser();
    const before = await prisma.analyticsEvent.count();
    expect(await recordServerEvent(getRequest("/signup"), "signup", { userId: user.id })).toBe(false);
    // A buyer with no recorded visit: their confirmed payment leaves no analytics row either.
    expect(await recordConfirmedPurchase({ userId: user.id, kind: "pack", amount: "4.99", currency: "GBP", reference: "pi_unseen" })).toBe(false);
    expect(await prisma.analyticsEvent.count()).toBe(before);
    expect(await prisma.campaignAttribution.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("campaign links", () => {
  it("sends visitors on with UTM parameters and counts clicks from consenting visitors", async () => {
    const link = await prisma.campaignLink.create({ data: { utmCampaign: "winter", platform: "GOOGLE_ADS", externalCampaignId: "g-7" } });
    const anonymous = await run(() => followLink(routeArgs(getRequest(`/c/${link.id}?to=/pricing`), { id: link.id })));
    expect(anonymous.status).toBe(302);
    const location = new URL(anonymous.location!, "http://x");
    expect(location.pathname).toBe("/pricing");
    expect(Object.fromEntries(location.searchParams)).toEqual({ utm_source: "google", utm_medium: "cpc", utm_campaign: "winter", utm_id: link.id });
    const clicks = () => prisma.analyticsEvent.count({ where: { name: "campaign_click", metadata: { path: ["campaignLinkId"], equals: link.id } } });
    expect(await clicks()).toBe(0);

    // Accepting on the landing page counts the click then.
    const cookie = await consentCookie("accept");
    await view(anonymous.location!, cookie);
    expect(await clicks()).toBe(1);

    const consented = await run(() => followLink(routeArgs(getRequest(`/c/${link.id}?to=/gallery`, { cookie }), { id: link.id })));
    expect(consented.location).toBe("/gallery?utm_source=google&utm_medium=cpc&utm_campaign=winter");
    expect(await clicks()).toBe(2);
  });

  it("refuses targets on other sites and unknown links", async () => {
    const link = await prisma.campaignLink.create({ data: { utmCampaign: "evil", platform: "FACEBOOK", externalCampaignId: "f-1" } });
    for (const to of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const outcome = await run(() => followLink(routeArgs(getRequest(`/c/${link.id}?to=${encodeURIComponent(to)}`), { id: link.id })));
      expect(outcome.status, to).toBe(400);
    }
    expect((await run(() => followLink(routeArgs(getRequest("/c/nope"), { id: "nope" })))).status).toBe(404);
  });
});

describe("retention", () => {
  it("deletes visits, page views and events older than 90 days and keeps newer ones", async () => {
    const old = new Date(Date.now() - 91 * DAY);
    const recent = new Date(Date.now() - 89 * DAY);
    const oldSession = await prisma.visitorSession.create({
      data: { visitorId: "retention-old", sessionStart: old, sessionEnd: old, landingPage: "/", pageViews: { create: { path: "/", timestamp: old } }, events: { create: { name: "signup", timestamp: old } } },
    });
    const keptSession = await prisma.visitorSession.create({
      data: { visitorId: "retention-new", sessionStart: old, sessionEnd: recent, landingPage: "/", pageViews: { create: [{ path: "/old", timestamp: old }, { path: "/new", timestamp: recent }] }, events: { create: { name: "signup", timestamp: recent } } },
    });
    await deleteExpiredAnalytics();
    expect(await prisma.visitorSession.findUnique({ where: { id: oldSession.id } })).toBeNull();
    const kept = await prisma.visitorSession.findUniqueOrThrow({ where: { id: keptSession.id }, include: { pageViews: true, events: true } });
    expect(kept.pageViews.map((v) => v.path)).toEqual(["/new"]);
    expect(kept.events).toHaveLength(1);
  });
});

describe("the dashboard", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await run(() => dashboard(routeArgs(getRequest("/admin/analytics", { cookie }))))).status).toBe(403);
  });

  it("shows the demo data: traffic per day, funnel, attribution and campaign links", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    expect(await seedDemoAnalytics(admin.id)).not.toBeNull();
    expect(await seedDemoAnalytics(admin.id)).toBeNull();
    const { cookie } = await signIn(admin.id);
    const page = await run(() => dashboard(routeArgs(getRequest("/admin/analytics?days=7", { cookie }))));
    expect(page.status).toBe(200);
    expect(page.body.days).toBe(7);
    expect(page.body.daily).toHaveLength(7);
    expect(page.body.totals.pageViews).toBeGreaterThan(0);
    expect(page.body.funnel.map((s: { step: string }) => s.step)).toEqual(["Visits", "Sign-ups", "Enhancements", "Purchases"]);
    expect(page.body.funnel[0].count).toBeGreaterThan(page.body.funnel[1].count);
    expect(page.body.attribution.length).toBeGreaterThan(0);
    expect(page.body.campaignLinks.some((l: { clicks: number }) => l.clicks > 0)).toBe(true);
    const ninety = await run(() => dashboard(routeArgs(getRequest("/admin/analytics?days=90", { cookie }))));
    expect(ninety.body.totals.sessions).toBeGreaterThan(page.body.totals.sessions);
  });

  it("shows campaign ROI for the chosen period from connected ad accounts", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { cookie } = await signIn(admin.id);
    const account = await prisma.marketingAccount.create({ data: { userId: admin.id, platform: "GOOGLE_ADS", accountId: "5550001111", accessToken: "v1.unused" } });
    const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10);
    const metrics = { campaignId: "roi-1", campaignName: "Roi spring", impressions: 1000, clicks: 50, spendMinor: 2000, conversions: 2, currency: "USD" };
    await upsertCampaignDays(account.id, "GOOGLE_ADS", [{ ...metrics, date: day(1) }, { ...metrics, date: day(20) }]);
    await prisma.campaignAttribution.create({
      data: { userId: admin.id, sessionId: "roi-session", attributionType: "LAST_TOUCH", platform: "GOOGLE_ADS", externalCampaignId: "roi-1", conversionType: "PURCHASE", conversionValue: 60 },
    });
    const week = await run(() => dashboard(routeArgs(getRequest("/admin/analytics?days=7", { cookie }))));
    const weekRow = week.body.roi.find((row: { campaignId: string }) => row.campaignId === "roi-1");
    expect(weekRow).toMatchObject({ campaignName: "Roi spring", spendMinor: 2000, clicks: 50, revenueMinor: 6000, roi: 3 });
    const month = await run(() => dashboard(routeArgs(getRequest("/admin/analytics?days=30", { cookie }))));
    expect(month.body.roi.find((row: { campaignId: string }) => row.campaignId === "roi-1")).toMatchObject({ spendMinor: 4000, roi: 1.5 });
  });
});
