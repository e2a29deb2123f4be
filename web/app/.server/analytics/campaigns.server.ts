/**
 * Campaign links and tracked URLs. A campaign link ties a UTM campaign to an ad platform's campaign
 * (for ROI matching) and gives a short address, /c/<id>?to=/page, that sends visitors on to a page
 * of this site with the campaign's UTM parameters added. Tracked URLs are paths of this site whose
 * views the dashboard reports on their own.
 */
import type { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { prisma } from "../platform/db.server.ts";
import { consentedVisitorId } from "./consent.server.ts";
import { CAMPAIGN_CLICK_EVENT, recordPageView } from "./collect.server.ts";
import type { campaignLinkSchema, Platform, trackedUrlSchema } from "../../lib/analytics-forms.ts";

const UTM_SOURCE: Record<Platform, { source: string; medium: string }> = {
  GOOGLE_ADS: { source: "google", medium: "cpc" },
  FACEBOOK: { source: "facebook", medium: "paid_social" },
};

export class CampaignError extends DomainError {}

export async function createCampaignLink(input: z.infer<typeof campaignLinkSchema>) {
  const taken = await prisma.campaignLink.findUnique({ where: { utmCampaign_platform: { utmCampaign: input.utmCampaign, platform: input.platform } } });
  if (taken) throw new CampaignError(409, "That campaign already has a link on this platform.", "conflict", { field: "utmCampaign" });
  return prisma.campaignLink.create({ data: { ...input, externalCampaignName: input.externalCampaignName || null } });
}

export async function deleteCampaignLink(id: string) {
  const { count } = await prisma.campaignLink.deleteMany({ where: { id } });
  if (count === 0) throw new CampaignError(404, "That campaign link no longer exists.", "not_found");
}

export async function createTrackedUrl(input: z.infer<typeof trackedUrlSchema>, createdById: string) {
  const taken = await prisma.trackedUrl.findUnique({ where: { path: input.path } });
  if (taken) throw new CampaignError(409, "That path is already tracked.", "conflict", { field: "path" });
  return prisma.trackedUrl.create({ data: { path: input.path, label: input.label || null, createdById } });
}

export async function setTrackedUrlActive(id: string, isActive: boolean) {
  const { count } = await prisma.trackedUrl.updateMany({ where: { id }, data: { isActive } });
  if (count === 0) throw new CampaignError(404, "That tracked URL no longer exists.", "not_found");
}

export async function deleteTrackedUrl(id: string) {
  const { count } = await prisma.trackedUrl.deleteMany({ where: { id } });
  if (count === 0) throw new CampaignError(404, "That tracked URL no longer exists.", "not_found");
}

/**
 * Where a click on a campaign link goes: a path of this site (or an absolute URL on this site's own
 * origin). Anything else is refused so the link cannot be turned into an open redirect.
 */
export function campaignTarget(to: string | null, request: Request): URL | null {
  const raw = (to ?? "/").trim() || "/";
  const origin = new URL(request.url).origin;
  if (raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\")) return new URL(raw, origin);
  try {
    const absolute = new URL(raw);
    return absolute.origin === origin ? absolute : null;
  } catch {
    return null;
  }
}

/**
 * Follows a campaign link: the target with the campaign's UTM parameters. A visitor who already
 * consented gets the click (and the landing view) counted now; anyone else carries utm_id so the
 * click is counted if they accept on the page they land on.
 */
export async function followCampaignLink(id: string, to: string | null, request: Request, userId: string | null): Promise<string> {
  const link = await prisma.campaignLink.findUnique({ where: { id } });
  if (!link) throw new CampaignError(404, "That campaign link doesn't exist.", "not_found");
  const target = campaignTarget(to, request);
  if (!target) throw new CampaignError(400, "Campaign links only lead to pages of this site.", "bad_request");
  const utm = UTM_SOURCE[link.platform as Platform] ?? { source: link.platform.toLowerCase(), medium: "cpc" };
  target.searchParams.set("utm_source", utm.source);
  target.searchParams.set("utm_medium", utm.medium);
  target.searchParams.set("utm_campaign", link.utmCampaign);
  target.searchParams.set("utm_id", link.id);
  const visitorId = consentedVisitorId(request);
  if (visitorId) {
    await recordPageView(request, { url: `${target.pathname}${target.search}`, referrer: request.headers.get("Referer") ?? "", title: "" }, userId);
    target.searchParams.delete("utm_id");
  }
  return target.pathname + target.search + target.hash;
}

/** Campaign links with their clicks in a period (clicks are only known for consenting visitors). */
export async function campaignLinksWithClicks(since: Date) {
  const links = await prisma.campaignLink.findMany({ orderBy: { createdAt: "desc" } });
  const clicks = await prisma.analyticsEvent.findMany({ where: { name: CAMPAIGN_CLICK_EVENT, timestamp: { gte: since } }, select: { metadata: true } });
  const counts = new Map<string, number>();
  for (const click of clicks) {
    const id = (click.metadata as { campaignLinkId?: unknown } | null)?.campaignLinkId;
    if (typeof id === "string") counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return links.map((link) => ({
    id: link.id,
    utmCampaign: link.utmCampaign,
    platform: link.platform,
    externalCampaignId: link.externalCampaignId,
    externalCampaignName: link.externalCampaignName,
    clicks: counts.get(link.id) ?? 0,
  }));
}

/** Tracked URLs with their page views in a period. */
export async function trackedUrlsWithViews(since: Date) {
  const urls = await prisma.trackedUrl.findMany({ orderBy: { createdAt: "desc" } });
  const views = urls.length
    ? await prisma.pageView.groupBy({ by: ["path"], where: { path: { in: urls.map((u) => u.path) }, timestamp: { gte: since } }, _count: { _all: true } })
    : [];
  const byPath = new Map(views.map((v) => [v.path, v._count._all]));
  return urls.map((url) => ({ id: url.id, path: url.path, label: url.label, isActive: url.isActive, views: byPath.get(url.path) ?? 0 }));
}
