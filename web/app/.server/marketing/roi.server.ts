/**
 * Campaign return on ad spend over the last 30 days (or another period): cached platform metrics
 * summed per campaign, and the revenue of purchases attributed (last touch) to the campaign, matched by the platform's
 * campaign id, by a campaign link from a UTM campaign, or by a UTM campaign equal to the campaign's name.
 */
import { prisma } from "../platform/db.server.ts";
import type { CampaignRoiRow } from "../../lib/campaign-roi.ts";
import { readCampaignDays } from "./cache.server.ts";
import { lastDays, SYNC_DAYS } from "./sync.server.ts";

export type CampaignRoiReport = { since: string; until: string; rows: CampaignRoiRow[]; attributedPurchases: number };

export async function campaignRoi(now = new Date(), periodDays = SYNC_DAYS): Promise<CampaignRoiReport> {
  const range = lastDays(periodDays, now);
  const days = await readCampaignDays(range.since);
  const byCampaign = new Map<string, CampaignRoiRow>();
  // The same ad account connected by two admins is synced twice: count each campaign-day once.
  const counted = new Set<string>();
  for (const day of days) {
    const dayKey = `${day.platform}:${day.campaignId}:${day.date}`;
    if (day.date > range.until || counted.has(dayKey)) continue;
    counted.add(dayKey);
    const key = `${day.platform}:${day.campaignId}`;
    const row = byCampaign.get(key) ?? {
      platform: day.platform,
      campaignId: day.campaignId,
      campaignName: day.campaignName,
      currency: day.currency,
      impressions: 0,
      clicks: 0,
      spendMinor: 0,
      conversions: 0,
      cpaMinor: null,
      revenueMinor: null,
      roi: null,
    };
    row.impressions += day.impressions;
    row.clicks += day.clicks;
    row.spendMinor += day.spendMinor;
    row.conversions += day.conversions;
    byCampaign.set(key, row);
  }

  const purchases = await prisma.campaignAttribution.findMany({
    where: { conversionType: "PURCHASE", attributionType: "LAST_TOUCH", convertedAt: { gte: new Date(`${range.since}T00:00:00Z`) } },
    select: { platform: true, externalCampaignId: true, utmCampaign: true, conversionValue: true },
  });
  const links = await prisma.campaignLink.findMany({ select: { utmCampaign: true, platform: true, externalCampaignId: true } });
  const linked = new Map(links.map((link) => [`${link.platform}:${link.utmCampaign.toLowerCase()}`, link.externalCampaignId]));
  const rows = [...byCampaign.values()];
  const byName = new Map(rows.map((row) => [`${row.platform}:${row.campaignName.toLowerCase()}`, row]));
  const anyPlatformByName = new Map(rows.map((row) => [row.campaignName.toLowerCase(), row]));

  for (const purchase of purchases) {
    const platform = purchase.platform === "GOOGLE_ADS" || purchase.platform === "FACEBOOK" ? purchase.platform : null;
    const utm = purchase.utmCampaign?.toLowerCase() ?? null;
    const campaignId = purchase.externalCampaignId ?? (platform && utm ? linked.get(`${platform}:${utm}`) : undefined);
    const row =
      (campaignId ? rows.find((candidate) => candidate.campaignId === campaignId && (!platform || candidate.platform === platform)) : undefined) ??
      (utm ? (platform ? byName.get(`${platform}:${utm}`) : anyPlatformByName.get(utm)) : undefined);
    if (!row) continue;
    // conversionValue is the purchase amount in the currency's major unit.
    row.revenueMinor = (row.revenueMinor ?? 0) + Math.round((purchase.conversionValue ?? 0) * 100);
  }

  const attributed = purchases.length > 0;
  for (const row of rows) {
    row.conversions = Math.round(row.conversions * 100) / 100;
    row.cpaMinor = row.conversions > 0 ? Math.round(row.spendMinor / row.conversions) : null;
    if (attributed) row.revenueMinor ??= 0;
    row.roi = row.revenueMinor !== null && row.spendMinor > 0 ? Math.round((row.revenueMinor / row.spendMinor) * 100) / 100 : null;
  }
  rows.sort((a, b) => b.spendMinor - a.spendMinor);
  return { ...range, rows, attributedPurchases: purchases.length };
}
