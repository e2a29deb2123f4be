/**
 * Saved enhancement pipelines: a user's own, the public ones anyone can use, and those shared by link.
 */
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../db.server.ts";

export type UsablePipeline = { id: string; name: string; tier: EnhancementTier; mine: boolean };

/** Pipelines a user may run a job with: their own first, then public ones by popularity. */
export async function listUsablePipelines(userId: string): Promise<UsablePipeline[]> {
  const rows = await prisma.enhancementPipeline.findMany({
    where: { OR: [{ userId }, { visibility: "PUBLIC" }, { userId: null }] },
    orderBy: [{ usageCount: "desc" }, { name: "asc" }],
    select: { id: true, name: true, tier: true, userId: true },
    take: 200,
  });
  const list = rows.map((row) => ({ id: row.id, name: row.name, tier: row.tier, mine: row.userId === userId }));
  return [...list.filter((row) => row.mine), ...list.filter((row) => !row.mine)];
}
