/**
 * Recording visits: page views posted by the browser and the server-side events (signup,
 * enhancement, purchase). Every entry point checks consent first; a visitor who has not accepted,
 * or whose browser sends DNT or GPC, leaves no row behind.
 */
import { z } from "zod";
import { prisma, type Prisma, type VisitorSession } from "../platform/db.server.ts";
import { consentedVisitorId, mayRecord } from "./consent.server.ts";
import { countryFrom, readUserAgent } from "./user-agent.server.ts";
import { attributeConversion, type ConversionKind } from "./attribution.server.ts";

/** A visit ends after half an hour without a page view, as most analytics tools count it. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const CAMPAIGN_CLICK_EVENT = "campaign_click";

export const pageViewSchema = z.object({
  /** The page's path with its query string, as the browser shows it. */
  url: z.string().trim().min(1).max(2000).startsWith("/"),
  referrer: z.string().trim().max(2000).optional().default(""),
  title: z.string().trim().max(300).optional().default(""),
});
export type PageViewInput = z.infer<typeof pageViewSchema>;

type Campaign = {
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  gclid: string | null;
  fbclid: string | null;
  utmId: string | null;
};

function param(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim();
  return value ? value.slice(0, 200) : null;
}

export function campaignFrom(params: URLSearchParams): Campaign {
  return {
    utmSource: param(params, "utm_source"),
    utmMedium: param(params, "utm_medium"),
    utmCampaign: param(params, "utm_campaign"),
    utmTerm: param(params, "utm_term"),
    utmContent: param(params, "utm_content"),
    gclid: param(params, "gclid"),
    fbclid: param(params, "fbclid"),
    utmId: param(params, "utm_id"),
  };
}

function hasCampaign(campaign: Campaign): boolean {
  return Boolean(campaign.utmSource || campaign.utmCampaign || campaign.gclid || campaign.fbclid);
}

/** A referrer from another site; moving between our own pages is not a source. */
function externalReferrer(referrer: string, request: Request): string | null {
  if (!referrer) return null;
  try {
    const from = new URL(referrer);
    if (from.host === new URL(request.url).host) return null;
    if (from.protocol !== "http:" && from.protocol !== "https:") return null;
    return from.toString().slice(0, 2000);
  } catch {
    return null;
  }
}

async function currentSession(visitorId: string, now: Date): Promise<VisitorSession | null> {
  const latest = await prisma.visitorSession.findFirst({ where: { visitorId }, orderBy: { sessionStart: "desc" } });
  if (!latest) return null;
  const lastSeen = latest.sessionEnd ?? latest.sessionStart;
  return now.getTime() - lastSeen.getTime() < SESSION_IDLE_MS ? latest : null;
}

async function startSession(request: Request, visitorId: string, userId: string | null, landing: string, referrer: string | null, campaign: Campaign, now: Date) {
  const device = readUserAgent(request.headers.get("User-Agent"));
  return prisma.visitorSession.create({
    data: {
      visitorId,
      userId,
      sessionStart: now,
      sessionEnd: now,
      landingPage: landing,
      exitPage: landing,
      referrer,
      deviceType: device.deviceType,
      browser: device.browser,
      os: device.os,
      ipCountry: countryFrom(request),
      utmSource: campaign.utmSource,
      utmMedium: campaign.utmMedium,
      utmCampaign: campaign.utmCampaign,
      utmTerm: campaign.utmTerm,
      utmContent: campaign.utmContent,
      gclid: campaign.gclid,
      fbclid: campaign.fbclid,
    },
  });
}

/**
 * Records one page view for a consented visitor: continues their visit, or starts a new one when
 * the last went quiet or this view arrives from a campaign. Returns null when nothing was recorded.
 */
export async function recordPageView(request: Request, input: PageViewInput, userId: string | null, now = new Date()) {
  const visitorId = consentedVisitorId(request);
  if (!visitorId) return null;
  const target = new URL(input.url, "http://local");
  const path = target.pathname.slice(0, 500);
  const campaign = campaignFrom(target.searchParams);
  const referrer = externalReferrer(input.referrer, request);
  const title = input.title ? input.title : null;

  let session = await currentSession(visitorId, now);
  if (!session || hasCampaign(campaign)) {
    session = await startSession(request, visitorId, userId, path, referrer, campaign, now);
  } else {
    session = await prisma.visitorSession.update({
      where: { id: session.id },
      data: { exitPage: path, sessionEnd: now, ...(userId && !session.userId ? { userId } : {}) },
    });
  }
  const view = await prisma.pageView.create({ data: { sessionId: session.id, path, title, timestamp: now } });
  await prisma.visitorSession.update({ where: { id: session.id }, data: { pageViewCount: { increment: 1 } } });
  if (campaign.utmId) await recordCampaignClick(session.id, campaign.utmId, now);
  return { sessionId: session.id, pageViewId: view.id };
}

/** Counts a click on one of our campaign links (once per visit). */
export async function recordCampaignClick(sessionId: string, campaignLinkId: string, now = new Date()) {
  const link = await prisma.campaignLink.findUnique({ where: { id: campaignLinkId }, select: { id: true, utmCampaign: true } });
  if (!link) return;
  await prisma.analyticsEvent.create({
    data: { sessionId, name: CAMPAIGN_CLICK_EVENT, category: "acquisition", metadata: { campaignLinkId: link.id, utmCampaign: link.utmCampaign }, timestamp: now },
  });
}

/** The consented visitor's visit to attach a server-side event to, started if there is none. */
async function sessionForEvent(request: Request, visitorId: string, userId: string, now: Date) {
  const current = await currentSession(visitorId, now);
  if (current) {
    if (current.userId) return current;
    return prisma.visitorSession.update({ where: { id: current.id }, data: { userId, sessionEnd: now } });
  }
  const path = new URL(request.url).pathname.slice(0, 500);
  return startSession(request, visitorId, userId, path, null, campaignFrom(new URLSearchParams()), now);
}

const CONVERSIONS: Record<ServerEventName, ConversionKind | null> = { signup: "SIGNUP", enhancement: null };

/** Events the browser's own request stands behind; purchases come from the payment webhook (recordConfirmedPurchase). */
export type ServerEventName = "signup" | "enhancement";

/**
 * Records a server-side event for the visitor behind this request, if they consented. Sign-ups are
 * also attributed to campaigns (first and last touch). `dedupeKey` stops a repeated request from
 * counting one event twice. Failures are logged, never thrown: the user's action matters more.
 */
export async function recordServerEvent(
  request: Request,
  name: ServerEventName,
  event: { userId: string; value?: number | null; metadata?: Prisma.InputJsonObject; dedupeKey?: string },
  now = new Date(),
): Promise<boolean> {
  if (!mayRecord(request)) return false;
  const visitorId = consentedVisitorId(request);
  if (!visitorId) return false;
  try {
    if (event.dedupeKey) {
      const seen = await prisma.analyticsEvent.findFirst({
        where: { name, session: { visitorId }, metadata: { path: ["dedupeKey"], equals: event.dedupeKey } },
        select: { id: true },
      });
      if (seen) return false;
    }
    const session = await sessionForEvent(request, visitorId, event.userId, now);
    const metadata = { ...(event.metadata ?? {}), ...(event.dedupeKey ? { dedupeKey: event.dedupeKey } : {}) };
    await prisma.analyticsEvent.create({
      data: { sessionId: session.id, name, category: "conversion", value: event.value ?? null, metadata, timestamp: now },
    });
    // Every visit this browser made now belongs to the user, so attribution sees the whole path.
    await prisma.visitorSession.updateMany({ where: { visitorId, userId: null }, data: { userId: event.userId } });
    const conversion = CONVERSIONS[name];
    if (conversion) await attributeConversion(event.userId, conversion, event.value ?? null, now);
    return true;
  } catch (error) {
    console.error(`analytics event ${name} not recorded`, error);
    return false;
  }
}

/**
 * A payment the provider confirmed (its webhook), counted as a purchase on the buyer's latest visit
 * and attributed to campaigns, once per payment reference. Only buyers whose visits we were allowed to
 * record have one: without a recorded visit nothing is written. Failures are logged, never thrown.
 */
export async function recordConfirmedPurchase(purchase: { userId: string; kind: string; amount: string; currency: string; reference: string }, now = new Date()): Promise<boolean> {
  const value = Number(purchase.amount);
  // A £0 invoice (a free first period, a credit that covered it) is not a sale.
  if (!(value > 0)) return false;
  try {
    const session = await prisma.visitorSession.findFirst({ where: { userId: purchase.userId }, orderBy: { sessionStart: "desc" }, select: { id: true } });
    if (!session) return false;
    const dedupeKey = `payment:${purchase.reference}`;
    const seen = await prisma.analyticsEvent.findFirst({ where: { name: "purchase", session: { userId: purchase.userId }, metadata: { path: ["dedupeKey"], equals: dedupeKey } }, select: { id: true } });
    if (seen) return false;
    await prisma.analyticsEvent.create({
      data: { sessionId: session.id, name: "purchase", category: "conversion", value, metadata: { kind: purchase.kind, currency: purchase.currency, dedupeKey }, timestamp: now },
    });
    await attributeConversion(purchase.userId, "PURCHASE", value, now);
    return true;
  } catch (error) {
    console.error("analytics purchase not recorded", error);
    return false;
  }
}

/** Forgets a visitor who withdrew consent: their visits, page views and events go. */
export async function forgetVisitor(visitorId: string): Promise<number> {
  const { count } = await prisma.visitorSession.deleteMany({ where: { visitorId } });
  return count;
}
