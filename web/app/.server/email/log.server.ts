/** The email log for admins: every message sent, with its delivery lifecycle, filtered and paged. */
import type { EmailStatus, Prisma } from "../platform/db.server.ts";
import { prisma } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { EMAIL_STATUSES as STATUSES } from "../../components/admin/email-status.ts";

export const EMAIL_LOG_PAGE_SIZE = 25;
// Shared with the page's status filter, which the browser bundle imports.
export const EMAIL_STATUSES = STATUSES satisfies readonly EmailStatus[];

const row = {
  id: true,
  to: true,
  subject: true,
  template: true,
  status: true,
  resendId: true,
  sentAt: true,
  openedAt: true,
  clickedAt: true,
  bouncedAt: true,
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.EmailLogSelect;

export type EmailLogFilter = { status?: EmailStatus; recipient?: string };

export async function listEmailLog(filter: EmailLogFilter, page: number) {
  const where: Prisma.EmailLogWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.recipient ? { to: { contains: filter.recipient, mode: "insensitive" } } : {}),
  };
  const [total, emails] = await prisma.$transaction([
    prisma.emailLog.count({ where }),
    prisma.emailLog.findMany({ where, orderBy: [{ sentAt: "desc" }, { id: "desc" }], ...pageWindow(page, EMAIL_LOG_PAGE_SIZE), select: row }),
  ]);
  return { total, emails, pages: pageCount(total, EMAIL_LOG_PAGE_SIZE) };
}

/** One user's most recent emails, for the admin user page. */
export function emailHistory(userId: string, limit = 10) {
  return prisma.emailLog.findMany({
    where: { userId },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, subject: true, template: true, status: true, sentAt: true, openedAt: true, clickedAt: true, bouncedAt: true },
  });
}
