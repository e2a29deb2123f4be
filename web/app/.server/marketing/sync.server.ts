/**
 * The metrics sync: for each connected ad account, refresh its token when it has (nearly) expired,
 * read the last 30 days of daily campaign metrics and upsert them into the cache. Runs hourly on the
 * queue (one worker at a time) and on demand from the admin page; a failure is recorded on its
 * account and does not stop the others.
 */
import type PgBoss from "pg-boss";
import { DAY_MS, MINUTE_MS, MINUTE_SECONDS } from "@spike-land/shared/time";
import { prisma } from "../platform/db.server.ts";
import { ensureQueue, queue } from "../platform/queue.server.ts";
import { adPlatform, AdPlatformError, type AdPlatformProvider, type DateRange, type MarketingPlatform } from "../providers/marketing/index.server.ts";
import { saveRefreshedTokens, storedTokens } from "./accounts.server.ts";
import { upsertCampaignDays, writeSyncStatus } from "./cache.server.ts";

export const MARKETING_SYNC_QUEUE = "marketing-sync";
const HOURLY = "0 * * * *";
export const SYNC_DAYS = 30;
/** Tokens this close to expiry are refreshed first, so they do not run out mid-sync. */
const REFRESH_MARGIN_MS = 2 * MINUTE_MS;

export function lastDays(days = SYNC_DAYS, now = new Date()): DateRange {
  const until = now.toISOString().slice(0, 10);
  const since = new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { since, until };
}

export type SyncOutcome = { accountId: string; ok: boolean; rows: number; error: string | null; refreshed: boolean };

type SyncOptions = { now?: Date; providerFor?: (platform: MarketingPlatform) => AdPlatformProvider | null };

export async function syncAccount(id: string, options: SyncOptions = {}): Promise<SyncOutcome> {
  const now = options.now ?? new Date();
  const account = await prisma.marketingAccount.findUnique({ where: { id } });
  if (!account) return { accountId: id, ok: false, rows: 0, error: "The account is no longer connected.", refreshed: false };
  const provider = (options.providerFor ?? adPlatform)(account.platform);
  let refreshed = false;
  try {
    if (!provider) throw new AdPlatformError("This platform is not configured on the server any more.");
    let tokens = storedTokens(account);
    if (tokens.expiresAt && tokens.expiresAt.getTime() - REFRESH_MARGIN_MS <= now.getTime()) {
      tokens = await provider.refresh(tokens);
      await saveRefreshedTokens(account.id, tokens);
      refreshed = true;
    }
    const days = await provider.fetchCampaignMetrics(tokens.accessToken, account.accountId, lastDays(SYNC_DAYS, now));
    const rows = await upsertCampaignDays(account.id, account.platform, days, now);
    await writeSyncStatus(account.id, { at: now.toISOString(), ok: true, rows, error: null });
    if (!account.isActive) await prisma.marketingAccount.update({ where: { id }, data: { isActive: true } });
    return { accountId: id, ok: true, rows, error: null, refreshed };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeSyncStatus(account.id, { at: now.toISOString(), ok: false, rows: 0, error: message });
    // A grant the platform no longer honours needs the account connected again.
    if (error instanceof AdPlatformError && error.options.authorization) await prisma.marketingAccount.update({ where: { id }, data: { isActive: false } });
    return { accountId: id, ok: false, rows: 0, error: message, refreshed };
  }
}

export async function syncAllAccounts(options: SyncOptions = {}): Promise<SyncOutcome[]> {
  const accounts = await prisma.marketingAccount.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  const outcomes: SyncOutcome[] = [];
  for (const account of accounts) outcomes.push(await syncAccount(account.id, options));
  return outcomes;
}

type SyncJob = { accountId?: string };

export async function startMarketingSyncWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await ensureQueue(boss, MARKETING_SYNC_QUEUE, { retryLimit: 1, expireInSeconds: 15 * MINUTE_SECONDS });
  await boss.schedule(MARKETING_SYNC_QUEUE, HOURLY, {});
  await boss.work<SyncJob>(MARKETING_SYNC_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) {
      if (job.data?.accountId) await syncAccount(job.data.accountId);
      else await syncAllAccounts();
    }
  });
}

/** "Sync now": queues a sync of one account, or of all of them. */
export async function requestSync(accountId?: string): Promise<void> {
  const boss = queue();
  await ensureQueue(boss, MARKETING_SYNC_QUEUE, { retryLimit: 1, expireInSeconds: 15 * MINUTE_SECONDS });
  await boss.send(MARKETING_SYNC_QUEUE, accountId ? { accountId } : {});
}
