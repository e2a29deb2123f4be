/**
 * Connected ad accounts: stored with their OAuth tokens encrypted (AES-256-GCM with ENCRYPTION_KEY),
 * listed with their last sync, and disconnected together with their cached metrics.
 */
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type MarketingPlatform } from "../platform/db.server.ts";
import { decryptSecret, encryptSecret } from "../platform/crypto.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import type { AdPlatformProvider, AdTokens } from "../providers/marketing/index.server.ts";
import { SYNC_STATUS_PREFIX, METRICS_PREFIX, readSyncStatus, type SyncStatus } from "./cache.server.ts";

/**
 * Stores every account the grant reaches (reconnecting an account replaces its tokens), all or none,
 * with the connection in the audit log.
 */
export async function saveConnectedAccounts(userId: string, provider: AdPlatformProvider, tokens: AdTokens, ipAddress: string | null = null): Promise<number> {
  const accounts = await provider.listAccounts(tokens.accessToken);
  const secrets = {
    accessToken: encryptSecret(tokens.accessToken),
    refreshToken: tokens.refreshToken ? encryptSecret(tokens.refreshToken) : null,
    expiresAt: tokens.expiresAt,
    isActive: true,
  };
  await prisma.$transaction(async (tx) => {
    for (const account of accounts) {
      await tx.marketingAccount.upsert({
        where: { userId_platform_accountId: { userId, platform: provider.platform, accountId: account.accountId } },
        create: { userId, platform: provider.platform, accountId: account.accountId, accountName: account.accountName, ...secrets },
        update: { ...secrets, ...(account.accountName ? { accountName: account.accountName } : {}) },
      });
    }
    await recordAudit(tx, {
      actorId: userId,
      action: "USER_UPDATE",
      event: "marketing.connect",
      metadata: { platform: provider.platform, accountIds: accounts.map((account) => account.accountId) },
      ipAddress,
    });
  });
  return accounts.length;
}

/** The stored tokens of an account, decrypted for a call to its platform. */
export function storedTokens(account: { accessToken: string; refreshToken: string | null; expiresAt: Date | null }): AdTokens {
  return { accessToken: decryptSecret(account.accessToken), refreshToken: account.refreshToken ? decryptSecret(account.refreshToken) : null, expiresAt: account.expiresAt };
}

export async function saveRefreshedTokens(accountId: string, tokens: AdTokens): Promise<void> {
  await prisma.marketingAccount.update({
    where: { id: accountId },
    data: { accessToken: encryptSecret(tokens.accessToken), refreshToken: tokens.refreshToken ? encryptSecret(tokens.refreshToken) : null, expiresAt: tokens.expiresAt },
  });
}

export type MarketingAccountView = {
  id: string;
  platform: MarketingPlatform;
  accountId: string;
  accountName: string | null;
  isActive: boolean;
  connectedBy: string | null;
  createdAt: string;
  sync: SyncStatus | null;
};

export async function listMarketingAccounts(): Promise<MarketingAccountView[]> {
  const accounts = await prisma.marketingAccount.findMany({
    orderBy: [{ platform: "asc" }, { createdAt: "asc" }],
    select: { id: true, platform: true, accountId: true, accountName: true, isActive: true, createdAt: true, user: { select: { email: true } } },
  });
  const statuses = await readSyncStatus(accounts.map((account) => account.id));
  return accounts.map((account) => ({
    id: account.id,
    platform: account.platform,
    accountId: account.accountId,
    accountName: account.accountName,
    isActive: account.isActive,
    connectedBy: account.user.email,
    createdAt: account.createdAt.toISOString(),
    sync: statuses.get(account.id) ?? null,
  }));
}

/** Removes the account, its tokens and its cached metrics, recorded in the audit log. */
export async function disconnectAccount(actorId: string, id: string, ipAddress: string | null = null): Promise<{ platform: MarketingPlatform; accountId: string }> {
  const account = await prisma.marketingAccount.findUnique({ where: { id }, select: { platform: true, accountId: true } });
  if (!account) throw new DomainError(404, "That ad account is not connected.");
  await prisma.$transaction([
    prisma.campaignMetricsCache.deleteMany({ where: { OR: [{ cacheKey: { startsWith: `${METRICS_PREFIX}${id}:` } }, { cacheKey: `${SYNC_STATUS_PREFIX}${id}` }] } }),
    prisma.marketingAccount.delete({ where: { id } }),
    recordAudit(prisma, { actorId, action: "USER_UPDATE", event: "marketing.disconnect", metadata: { platform: account.platform, accountId: account.accountId }, ipAddress }),
  ]);
  return account;
}
