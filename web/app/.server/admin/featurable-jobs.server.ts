/**
 * The completed enhancement jobs an admin can feature in the public gallery, newest first, with a
 * thumbnail of each photo and how often it is featured already (the admin gallery page's picker).
 */
import { prisma } from "../platform/db.server.ts";
import { pageCount } from "../platform/pagination.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { SIGNED_URL_SECONDS, thumbKey } from "../images/library.server.ts";

const FEATURABLE_PAGE_SIZE = 12;

/** Completed jobs an admin can feature, newest first, with a thumbnail of the photo. */
export async function listFeaturableJobs(page: number) {
  const current = Math.max(1, Math.floor(page) || 1);
  const where = { status: "COMPLETED" as const, enhancedR2Key: { not: null } };
  const [total, jobs] = await Promise.all([
    prisma.imageEnhancementJob.count({ where }),
    prisma.imageEnhancementJob.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * FEATURABLE_PAGE_SIZE,
      take: FEATURABLE_PAGE_SIZE,
      select: {
        id: true,
        tier: true,
        createdAt: true,
        enhancedWidth: true,
        enhancedHeight: true,
        image: { select: { id: true, name: true, originalR2Key: true } },
        user: { select: { email: true, name: true } },
        _count: { select: { featuredGalleryItems: true } },
      },
    }),
  ]);
  const storage = objectStorage();
  const rows = await Promise.all(
    jobs.map(async (job) => ({
      id: job.id,
      tier: job.tier,
      createdAt: job.createdAt,
      width: job.enhancedWidth,
      height: job.enhancedHeight,
      imageName: job.image.name,
      owner: job.user.email ?? job.user.name ?? "Unknown user",
      featured: job._count.featuredGalleryItems,
      thumb: await storage.signedGetUrl(thumbKey(job.image.originalR2Key), { expiresInSeconds: SIGNED_URL_SECONDS }),
    })),
  );
  return { jobs: rows, total, page: current, pages: pageCount(total, FEATURABLE_PAGE_SIZE) };
}
