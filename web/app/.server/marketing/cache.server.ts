/**
 * Campaign metrics in campaign_metrics_cache. Each campaign-day of an account is one row keyed
 * "ads:day:<account row id>:<campaign id>:<date>", so a sync upserts and never duplicates; the
 * outcome of an account's last sync is the row "ads:sync:<account row id>" (marketing_accounts has
 * no column for it).
 */
import { DAY_MS } from "@spike-land/shared/time";
import { prisma, type MarketingPlatform } from "../platform/db.server.ts";
import type { CampaignDay } from "../providers/marketing/index.server.ts";

export const METRICS_PREFIX = "ads:day:";
export const SYNC_STATUS_PREFIX = "ads:sync:";
/** Kept a little longer than the 30 days a sync reads, so the page always has a full window. */
const METRICS_KEPT_DAYS = 45;
const STATUS_KEPT_DAYS = 365;

export type CachedCampaignDay = CampaignDay & { platform: MarketingPlatform; marketingAccountId: string };

export type SyncStatus = { at: string; ok: boolean; rows: number; error: string | null };

export function metricsKey(marketingAccountId: string, campaignId: string, date: string): string {
  return `${METRICS_PREFIX}${marketingAccountId}:${campaignId}:${date}`;
}

export async function upsertCampaignDays(marketingAccountId: string, platform: MarketingPlatform, days: CampaignDay[], now = new Date()): Promise<number> {
  const expiresAt = new Date(now.getTime() + METRICS_KEPT_DAYS * DAY_MS);
  for (const day of days) {
    const metrics: CachedCampaignDay = { ...day, platform, marketingAccountId };
    await prisma.campaignMetricsCache.upsert({
      where: { cacheKey: metricsKey(marketingAccountId, day.campaignId, day.date) },
      create: { cacheKey: metricsKey(marketingAccountId, day.campaignId, day.date), metrics, computedAt: now, expiresAt },
      update: { metrics, computedAt: now, expiresAt },
    });
  }
  return days.length;
}

export async function writeSyncStatus(marketingAccountId: string, status: SyncStatus): Promise<void> {
  const at = new Date(status.at);
  const expiresAt = new Date(at.getTime() + STATUS_KEPT_DAYS * DAY_MS);
  const cacheKey = `${SYNC_STATUS_PREFIX}${marketingAccountId}`;
  await prisma.campaignMetricsCache.upsert({ where: { cacheKey }, create: { cacheKey, metrics: status, computedAt: at, expiresAt }, update: { metrics: status, computedAt: at, expiresAt } });
}

export async function readSyncStatus(marketingAccountIds: string[]): Promise<Map<string, SyncStatus>> {
  const rows = await prisma.campaignMetricsCache.findMany({ where: { cacheKey: { in: marketingAccountIds.map((id) => `${SYNC_STATUS_PREFIX}${id}`) } } });
  return new Map(rows.map((row) => [row.cacheKey.slice(SYNC_STATUS_PREFIX.length), row.metrics as SyncStatus]));
}

/** Every cached campaign-day from `since` (YYYY-MM-DD) on, for accounts still connected. */
export async function readCampaignDays(since: string): Promise<CachedCampaignDay[]> {
  const accounts = await prisma.marketingAccount.findMany({ select: { id: true } });
  if (accounts.length === 0) return [];
  const rows = await prisma.campaignMetricsCache.findMany({
    where: { OR: accounts.map((account) => ({ cacheKey: { startsWith: `${METRICS_PREFIX}${account.id}:` } })) },
    select: { metrics: true },
  });
  return rows.map((row) => row.metrics as CachedCampaignDay).filter((day) => day.date >= since);
}
