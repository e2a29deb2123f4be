/** The analytics dashboard's figures for a period: traffic per day, top pages and sources, the funnel and attribution. */
import { prisma } from "../platform/db.server.ts";
import { campaignLinksWithClicks, trackedUrlsWithViews } from "./campaigns.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export type DailyTraffic = { date: string; visitors: number; pageViews: number };

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Midnight UTC `days - 1` days ago: the period includes today. */
export function periodStart(days: number, now = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

async function dailyTraffic(since: Date, days: number): Promise<DailyTraffic[]> {
  const visitors = await prisma.$queryRaw<Array<{ day: Date; count: bigint }>>`
    SELECT date_trunc('day', "sessionStart" AT TIME ZONE 'UTC') AS day, COUNT(DISTINCT "visitorId") AS count
    FROM visitor_sessions WHERE "sessionStart" >= ${since} GROUP BY 1`;
  const views = await prisma.$queryRaw<Array<{ day: Date; count: bigint }>>`
    SELECT date_trunc('day', "timestamp" AT TIME ZONE 'UTC') AS day, COUNT(*) AS count
    FROM page_views WHERE "timestamp" >= ${since} GROUP BY 1`;
  const visitorsByDay = new Map(visitors.map((row) => [dayKey(row.day), Number(row.count)]));
  const viewsByDay = new Map(views.map((row) => [dayKey(row.day), Number(row.count)]));
  return Array.from({ length: days }, (_, index) => {
    const date = dayKey(new Date(since.getTime() + index * DAY_MS));
    return { date, visitors: visitorsByDay.get(date) ?? 0, pageViews: viewsByDay.get(date) ?? 0 };
  });
}

function sourceLabel(session: { utmSource: string | null; referrer: string | null; gclid: string | null; fbclid: string | null }): string {
  if (session.utmSource) return session.utmSource.toLowerCase();
  if (session.gclid) return "google";
  if (session.fbclid) return "facebook";
  if (session.referrer) {
    try {
      return new URL(session.referrer).host.replace(/^www\./, "");
    } catch {
      return "other";
    }
  }
  return "direct";
}

function top<T extends string>(counts: Map<T, number>, limit: number) {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([name, count]) => ({ name, count }));
}

export async function analyticsDashboard(days: number, now = new Date()) {
  const since = periodStart(days, now);
  const [daily, pages, sessions, events, attributions, campaignLinks, trackedUrls] = await Promise.all([
    dailyTraffic(since, days),
    prisma.pageView.groupBy({ by: ["path"], where: { timestamp: { gte: since } }, _count: { _all: true }, orderBy: { _count: { path: "desc" } }, take: 10 }),
    prisma.visitorSession.findMany({
      where: { sessionStart: { gte: since } },
      select: { visitorId: true, utmSource: true, utmCampaign: true, referrer: true, gclid: true, fbclid: true },
    }),
    prisma.analyticsEvent.groupBy({ by: ["name"], where: { timestamp: { gte: since }, name: { in: ["signup", "enhancement", "purchase"] } }, _count: { _all: true }, _sum: { value: true } }),
    prisma.campaignAttribution.groupBy({
      by: ["attributionType", "utmCampaign", "platform", "conversionType"],
      where: { convertedAt: { gte: since } },
      _count: { _all: true },
      _sum: { conversionValue: true },
    }),
    campaignLinksWithClicks(since),
    trackedUrlsWithViews(since),
  ]);

  const sources = new Map<string, number>();
  const campaigns = new Map<string, number>();
  for (const session of sessions) {
    const source = sourceLabel(session);
    sources.set(source, (sources.get(source) ?? 0) + 1);
    if (session.utmCampaign) campaigns.set(session.utmCampaign, (campaigns.get(session.utmCampaign) ?? 0) + 1);
  }
  const eventCount = (name: string) => events.find((e) => e.name === name)?._count._all ?? 0;
  const revenue = events.find((e) => e.name === "purchase")?._sum.value ?? 0;

  // One row per campaign and platform, first- and last-touch side by side.
  type Row = { campaign: string; platform: string; firstSignups: number; lastSignups: number; firstPurchases: number; lastPurchases: number; firstValue: number; lastValue: number };
  const rows = new Map<string, Row>();
  for (const group of attributions) {
    const campaign = group.utmCampaign ?? "(none)";
    const platform = group.platform ?? "DIRECT";
    const key = `${campaign}\u0000${platform}`;
    const row = rows.get(key) ?? { campaign, platform, firstSignups: 0, lastSignups: 0, firstPurchases: 0, lastPurchases: 0, firstValue: 0, lastValue: 0 };
    const first = group.attributionType === "FIRST_TOUCH";
    if (group.conversionType === "SIGNUP") row[first ? "firstSignups" : "lastSignups"] += group._count._all;
    if (group.conversionType === "PURCHASE") {
      row[first ? "firstPurchases" : "lastPurchases"] += group._count._all;
      row[first ? "firstValue" : "lastValue"] += group._sum.conversionValue ?? 0;
    }
    rows.set(key, row);
  }

  return {
    days,
    since: since.toISOString(),
    totals: {
      visitors: new Set(sessions.map((s) => s.visitorId)).size,
      sessions: sessions.length,
      pageViews: daily.reduce((sum, day) => sum + day.pageViews, 0),
      revenue,
    },
    daily,
    topPages: pages.map((p) => ({ name: p.path, count: p._count._all })),
    topSources: top(sources, 8),
    topCampaigns: top(campaigns, 8),
    funnel: [
      { step: "Visits", count: sessions.length },
      { step: "Sign-ups", count: eventCount("signup") },
      { step: "Enhancements", count: eventCount("enhancement") },
      { step: "Purchases", count: eventCount("purchase") },
    ],
    attribution: [...rows.values()].sort((a, b) => b.lastSignups + b.lastPurchases - (a.lastSignups + a.lastPurchases) || a.campaign.localeCompare(b.campaign)),
    campaignLinks,
    trackedUrls,
  };
}

export type AnalyticsDashboard = Awaited<ReturnType<typeof analyticsDashboard>>;
