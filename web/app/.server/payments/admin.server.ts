/** The admin's payments and subscriptions lists, filtered by status and user email, newest first. */
import { sumAmounts } from "@spike-land/shared/payments/money";
import { prisma, type Prisma, type StripePaymentStatus, type SubscriptionStatus } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { CURRENCY } from "./catalogue.server.ts";

export const ADMIN_PAGE_SIZE = 25;

type Filters<S> = { status: S | null; email: string; page: number };

const emailFilter = (email: string) => (email ? { user: { email: { contains: email, mode: "insensitive" as const } } } : {});

export async function listPayments({ status, email, page }: Filters<StripePaymentStatus>) {
  const where: Prisma.StripePaymentWhereInput = { ...(status ? { status } : {}), ...emailFilter(email) };
  const [total, rows, succeeded] = await prisma.$transaction([
    prisma.stripePayment.count({ where }),
    prisma.stripePayment.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, ADMIN_PAGE_SIZE),
      select: {
        id: true,
        createdAt: true,
        status: true,
        amountGBP: true,
        tokensGranted: true,
        stripePaymentIntentId: true,
        metadata: true,
        user: { select: { id: true, email: true } },
        package: { select: { name: true } },
      },
    }),
    prisma.stripePayment.findMany({ where: { ...where, status: "SUCCEEDED" }, select: { amountGBP: true } }),
  ]);
  return {
    total,
    pages: pageCount(total, ADMIN_PAGE_SIZE),
    // Every pack is sold in GBP; the sum is exact (decimal strings, no floats).
    received: sumAmounts(succeeded.map((p) => p.amountGBP.toFixed(2))),
    payments: rows.map((row) => {
      const meta = (row.metadata ?? {}) as { currency?: string; failureMessage?: string };
      return {
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        status: row.status,
        amount: row.amountGBP.toFixed(2),
        currency: meta.currency ?? CURRENCY,
        tokens: row.tokensGranted,
        pack: row.package.name,
        reference: row.stripePaymentIntentId,
        // An earlier declined attempt on a checkout that was then paid is not a failure any more.
        failure: row.status === "FAILED" ? (meta.failureMessage ?? null) : null,
        user: row.user,
      };
    }),
  };
}

export async function listSubscriptions({ status, email, page }: Filters<SubscriptionStatus>) {
  const where: Prisma.SubscriptionWhereInput = { ...(status ? { status } : {}), ...emailFilter(email) };
  const [total, rows] = await prisma.$transaction([
    prisma.subscription.count({ where }),
    prisma.subscription.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, ADMIN_PAGE_SIZE),
      select: {
        id: true,
        stripeSubscriptionId: true,
        status: true,
        tier: true,
        downgradeTo: true,
        cancelAtPeriodEnd: true,
        currentPeriodEnd: true,
        tokensPerMonth: true,
        maxRollover: true,
        rolloverTokens: true,
        createdAt: true,
        user: { select: { id: true, email: true } },
      },
    }),
  ]);
  return {
    total,
    pages: pageCount(total, ADMIN_PAGE_SIZE),
    subscriptions: rows.map((row) => ({ ...row, currentPeriodEnd: row.currentPeriodEnd.toISOString(), createdAt: row.createdAt.toISOString() })),
  };
}
