/** What the referral pages show: a user's own referrals (emails masked) and the admin's full list. */
import { maskEmail, referralLink } from "@spike-land/shared/accounts/referrals";
import { prisma, type Prisma, type ReferralStatus } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";

export const MY_REFERRALS_LIMIT = 100;

/** The user's link and the people who signed up through it; only the referrer's own rows. */
export async function myReferrals(userId: string) {
  const [user, rows, earned] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { referralCode: true, referralCount: true } }),
    prisma.referral.findMany({
      where: { referrerId: userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MY_REFERRALS_LIMIT,
      select: { id: true, status: true, tokensGranted: true, createdAt: true, completedAt: true, referee: { select: { email: true } } },
    }),
    prisma.referral.aggregate({ where: { referrerId: userId, status: "COMPLETED" }, _sum: { tokensGranted: true } }),
  ]);
  return {
    code: user.referralCode,
    link: user.referralCode ? referralLink(env.appUrl, user.referralCode) : null,
    completed: user.referralCount,
    tokensEarned: earned._sum.tokensGranted ?? 0,
    referrals: rows.map((row) => ({
      id: row.id,
      referee: maskEmail(row.referee.email),
      status: row.status,
      tokensGranted: row.tokensGranted,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
    })),
  };
}

export const ADMIN_REFERRALS_PAGE_SIZE = 25;

export async function listReferrals(filter: { status: ReferralStatus | null; page: number }) {
  const where: Prisma.ReferralWhereInput = filter.status ? { status: filter.status } : {};
  const [total, rows, counts] = await prisma.$transaction([
    prisma.referral.count({ where }),
    prisma.referral.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(filter.page, ADMIN_REFERRALS_PAGE_SIZE),
      select: {
        id: true,
        status: true,
        tokensGranted: true,
        ipAddress: true,
        createdAt: true,
        completedAt: true,
        referrer: { select: { id: true, email: true } },
        referee: { select: { id: true, email: true, emailVerified: true } },
      },
    }),
    prisma.referral.groupBy({ by: ["status"], orderBy: { status: "asc" }, _count: { _all: true } }),
  ]);
  const byStatus: Record<ReferralStatus, number> = { PENDING: 0, COMPLETED: 0, INVALID: 0 };
  for (const row of counts) {
    const count = row._count;
    byStatus[row.status] = typeof count === "object" && count ? (count._all ?? 0) : 0;
  }
  return { total, referrals: rows, byStatus, pages: pageCount(total, ADMIN_REFERRALS_PAGE_SIZE) };
}
