/** The enhanced versions of a user's image: the jobs run on it, newest first, as its page lists them. */
import { prisma } from "../platform/db.server.ts";

export const RECENT_VERSIONS = 10;

export function enhancedVersions(userId: string, imageId: string) {
  return prisma.imageEnhancementJob.findMany({
    where: { userId, imageId },
    orderBy: { createdAt: "desc" },
    take: RECENT_VERSIONS,
    select: { id: true, tier: true, status: true, createdAt: true, enhancedWidth: true, enhancedHeight: true, isBlend: true },
  });
}
