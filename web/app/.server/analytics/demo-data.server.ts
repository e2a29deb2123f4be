/**
 * Demo analytics for development databases: sixty days of visits from a fixed pseudo-random
 * sequence (same rows every time, dated back from the day the seed runs), with sign-ups,
 * enhancements and purchases attributed to a demo user, and two campaign links with clicks.
 * Running it again adds nothing.
 */
import { prisma, type Prisma } from "../platform/db.server.ts";
import { platformOf } from "./attribution.server.ts";
import { CAMPAIGN_CLICK_EVENT } from "./collect.server.ts";
import { seededRandom } from "@spike-land/shared/random";

const DEMO_VISITOR_PREFIX = "demo-visitor-";
const DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

const PAGES = [
  ["/", "Spike Land — enhance, organise and print your photos"],
  ["/pricing", "Pricing — Spike Land"],
  ["/gallery", "Gallery — Spike Land"],
  ["/shop", "Shop — Spike Land"],
  ["/signup", "Create your account — Spike Land"],
  ["/docs/api", "API — Spike Land"],
] as const;

type Source = { weight: number; utmSource?: string; utmMedium?: string; utmCampaign?: string; gclid?: boolean; fbclid?: boolean; referrer?: string };
const SOURCES: Source[] = [
  { weight: 34 },
  { weight: 18, referrer: "https://www.google.com/" },
  { weight: 6, referrer: "https://news.ycombinator.com/" },
  { weight: 14, utmSource: "google", utmMedium: "cpc", utmCampaign: "spring_prints", gclid: true },
  { weight: 12, utmSource: "facebook", utmMedium: "paid_social", utmCampaign: "photo_restore", fbclid: true },
  { weight: 8, utmSource: "newsletter", utmMedium: "email", utmCampaign: "may_newsletter" },
  { weight: 8, utmSource: "instagram", utmMedium: "social", utmCampaign: "photo_restore" },
];
const DEVICES = [
  ["desktop", "Chrome", "Windows"],
  ["desktop", "Safari", "macOS"],
  ["mobile", "Safari", "iOS"],
  ["mobile", "Chrome", "Android"],
  ["tablet", "Safari", "iOS"],
] as const;
const COUNTRIES = ["GB", "GB", "GB", "US", "DE", "FR", "IE"];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function pickSource(next: () => number): Source {
  const total = SOURCES.reduce((sum, s) => sum + s.weight, 0);
  let roll = next() * total;
  for (const source of SOURCES) {
    roll -= source.weight;
    if (roll < 0) return source;
  }
  return SOURCES[0]!;
}

export async function seedDemoAnalytics(userId: string, now = new Date()): Promise<{ sessions: number } | null> {
  const existing = await prisma.visitorSession.count({ where: { visitorId: { startsWith: DEMO_VISITOR_PREFIX } } });
  if (existing > 0) return null;
  const next = seededRandom(20240601);
  const links = await Promise.all([
    prisma.campaignLink.upsert({
      where: { utmCampaign_platform: { utmCampaign: "spring_prints", platform: "GOOGLE_ADS" } },
      update: {},
      create: { utmCampaign: "spring_prints", platform: "GOOGLE_ADS", externalCampaignId: "9001", externalCampaignName: "Spring prints — search" },
    }),
    prisma.campaignLink.upsert({
      where: { utmCampaign_platform: { utmCampaign: "photo_restore", platform: "FACEBOOK" } },
      update: {},
      create: { utmCampaign: "photo_restore", platform: "FACEBOOK", externalCampaignId: "23850001", externalCampaignName: "Photo restore — carousel" },
    }),
  ]);
  const linkFor = new Map(links.map((link) => [`${link.utmCampaign}:${link.platform}`, link]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let sessions = 0;
  for (let day = DAYS - 1; day >= 0; day--) {
    // Traffic grows over the period with a weekly rhythm, so the chart has a shape.
    const weekday = new Date(today - day * DAY_MS).getUTCDay();
    const base = 14 + Math.round((DAYS - day) * 0.35) + (weekday === 0 || weekday === 6 ? -5 : 3);
    const count = base + Math.floor(next() * 8);
    for (let i = 0; i < count; i++) {
      const start = new Date(today - day * DAY_MS + Math.floor(next() * (day === 0 ? Math.max(1, now.getTime() - today) : DAY_MS)));
      const source = pickSource(next);
      const [deviceType, browser, os] = pick(next, DEVICES);
      const views = 1 + Math.floor(next() * next() * 6);
      const visitorNumber = Math.floor(next() * 900);
      const landing = source.utmCampaign ? pick(next, [PAGES[0], PAGES[1], PAGES[3]]) : pick(next, PAGES);
      const path: Array<(typeof PAGES)[number]> = [landing];
      for (let v = 1; v < views; v++) path.push(pick(next, PAGES));
      const session = await prisma.visitorSession.create({
        data: {
          visitorId: `${DEMO_VISITOR_PREFIX}${visitorNumber}`,
          sessionStart: start,
          sessionEnd: new Date(start.getTime() + views * 45_000),
          deviceType,
          browser,
          os,
          ipCountry: pick(next, COUNTRIES),
          referrer: source.referrer ?? null,
          landingPage: landing[0],
          exitPage: path[path.length - 1]![0],
          pageViewCount: views,
          utmSource: source.utmSource ?? null,
          utmMedium: source.utmMedium ?? null,
          utmCampaign: source.utmCampaign ?? null,
          gclid: source.gclid ? `demo-gclid-${sessions}` : null,
          fbclid: source.fbclid ? `demo-fbclid-${sessions}` : null,
          pageViews: { create: path.map(([p, title], v) => ({ path: p, title, timestamp: new Date(start.getTime() + v * 45_000) })) },
        },
      });
      sessions++;
      const events: Prisma.AnalyticsEventCreateManyInput[] = [];
      const platform = platformOf(session);
      const link = linkFor.get(`${source.utmCampaign}:${platform}`);
      if (link) events.push({ sessionId: session.id, name: CAMPAIGN_CLICK_EVENT, category: "acquisition", metadata: { campaignLinkId: link.id, utmCampaign: link.utmCampaign }, timestamp: start });
      const paid = Boolean(source.utmCampaign);
      const at = (offset: number) => new Date(start.getTime() + offset);
      if (next() < (paid ? 0.16 : 0.08)) {
        events.push({ sessionId: session.id, name: "signup", category: "conversion", timestamp: at(60_000) });
        await attribute(userId, session, "SIGNUP", null, at(60_000));
        if (next() < 0.7) events.push({ sessionId: session.id, name: "enhancement", category: "conversion", value: 2, timestamp: at(120_000) });
        if (next() < 0.35) {
          const value = pick(next, [4.99, 9.99, 19.99]);
          events.push({ sessionId: session.id, name: "purchase", category: "conversion", value, timestamp: at(180_000) });
          await attribute(userId, session, "PURCHASE", value, at(180_000));
        }
      }
      if (events.length) await prisma.analyticsEvent.createMany({ data: events });
    }
  }
  return { sessions };
}

async function attribute(
  userId: string,
  session: { id: string; utmSource: string | null; utmMedium: string | null; utmCampaign: string | null; gclid: string | null; fbclid: string | null; referrer: string | null },
  conversionType: "SIGNUP" | "PURCHASE",
  value: number | null,
  convertedAt: Date,
) {
  const platform = platformOf(session);
  const link = session.utmCampaign
    ? await prisma.campaignLink.findUnique({ where: { utmCampaign_platform: { utmCampaign: session.utmCampaign, platform } } })
    : null;
  // In the demo every visitor converts within one visit, so the first and last touch are the same visit.
  await prisma.campaignAttribution.createMany({
    data: (["FIRST_TOUCH", "LAST_TOUCH"] as const).map((attributionType) => ({
      userId,
      sessionId: session.id,
      attributionType,
      platform,
      externalCampaignId: link?.externalCampaignId ?? null,
      utmCampaign: session.utmCampaign,
      utmSource: session.utmSource,
      utmMedium: session.utmMedium,
      conversionType,
      conversionValue: value,
      convertedAt,
    })),
  });
}
