/**
 * Feedback from visitors (a bug, an idea, anything else) with the page and browser it came from, and
 * the admin inbox: filter, review, reply (kept as the admin note and emailed when there is an address).
 */
import { DomainError } from "@spike-land/shared/errors";
import type { FeedbackStatus, FeedbackType, Prisma } from "../platform/db.server.ts";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { consume } from "../platform/rate-limit.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { feedbackReplyEmail } from "../email/templates.server.ts";
import { feedbackPage } from "../../lib/feedback-form.ts";

export const FEEDBACK_PAGE_SIZE = 20;

export class FeedbackError extends DomainError {
  constructor(status: number, message: string, field?: string) {
    super(status, message, undefined, field ? { field } : undefined);
  }
}

export type NewFeedback = { type: FeedbackType; message: string; email?: string | undefined; page?: string | undefined };

export async function submitFeedback(from: { userId: string | null; ip: string; userAgent: string | null }, input: NewFeedback) {
  await consume("feedback", from.userId ? `user:${from.userId}` : `ip:${from.ip}`);
  return prisma.feedback.create({
    data: {
      userId: from.userId,
      email: input.email ?? null,
      type: input.type,
      message: input.message,
      page: feedbackPage(input.page),
      userAgent: from.userAgent?.slice(0, 1000) ?? null,
    },
    select: { id: true },
  });
}

export type FeedbackFilter = { status?: FeedbackStatus | undefined; type?: FeedbackType | undefined };

export async function listFeedback(filter: FeedbackFilter, page: number) {
  const where: Prisma.FeedbackWhereInput = { ...(filter.status ? { status: filter.status } : {}), ...(filter.type ? { type: filter.type } : {}) };
  const [total, items, unread] = await prisma.$transaction([
    prisma.feedback.count({ where }),
    prisma.feedback.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, FEEDBACK_PAGE_SIZE),
      select: { id: true, type: true, status: true, message: true, page: true, email: true, createdAt: true, user: { select: { id: true, email: true } } },
    }),
    prisma.feedback.count({ where: { status: "NEW" } }),
  ]);
  return { total, unread, items, pages: pageCount(total, FEEDBACK_PAGE_SIZE) };
}

export async function getFeedback(id: string) {
  const item = await prisma.feedback.findUnique({
    where: { id },
    select: { id: true, type: true, status: true, message: true, page: true, email: true, userAgent: true, adminNote: true, createdAt: true, updatedAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!item) throw new FeedbackError(404, "That feedback no longer exists.");
  return item;
}

/** Where a reply goes: the address given with the feedback, else the signed-in sender's. */
function replyAddress(item: { email: string | null; user: { email: string | null } | null }): string | null {
  return item.email ?? item.user?.email ?? null;
}

export async function reviewFeedback(
  actor: { id: string },
  ip: string | null,
  change: { id: string; status: FeedbackStatus; reply?: string | undefined; sendReply: boolean },
): Promise<string> {
  const item = await getFeedback(change.id);
  const to = replyAddress(item);
  if (change.sendReply && !change.reply) throw new FeedbackError(400, "Write the reply before sending it", "reply");
  if (change.sendReply && !to) throw new FeedbackError(400, "This feedback came with no email address, so the reply can only be kept as a note.", "sendReply");
  // The email needs a user to belong to in the email log: the sender's account, else the admin who answers.
  const owner = item.user?.id ?? actor.id;
  await prisma.$transaction(async (tx) => {
    await tx.feedback.update({ where: { id: item.id }, data: { status: change.status, adminNote: change.reply ?? item.adminNote } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "USER_UPDATE",
      event: change.sendReply ? "feedback.reply" : "feedback.review",
      targetId: item.id,
      metadata: { from: item.status, to: change.status, replied: change.sendReply },
      ipAddress: ip,
    });
  });
  if (change.sendReply && to && change.reply) {
    await sendEmail(owner, "feedback_reply", feedbackReplyEmail(to, item.user?.name ?? null, item.message, change.reply, env.appUrl));
    return `Saved as ${change.status.toLowerCase()}; the reply was emailed to ${to}.`;
  }
  return `Saved as ${change.status.toLowerCase()}.`;
}
