/** Sends an email through the configured provider and records it in email_logs, sent or failed. */
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { outboxProvider, smtpProvider, type EmailProvider, type OutgoingEmail } from "./provider.server.ts";

let provider: EmailProvider | undefined;
export function emailProvider(): EmailProvider {
  provider ??= env.SMTP_URL ? smtpProvider(env.SMTP_URL) : outboxProvider;
  return provider;
}

export async function sendEmail(userId: string, template: string, message: OutgoingEmail) {
  const transport = emailProvider();
  const base = { userId, to: message.to, subject: message.subject, template };
  const content = { provider: transport.name, text: message.text, html: message.html };
  try {
    const delivery = await transport.send({ ...message, from: env.EMAIL_FROM });
    return await prisma.emailLog.create({
      data: { ...base, status: "SENT", resendId: delivery.messageId, metadata: { ...content, messageId: delivery.messageId } },
    });
  } catch (error) {
    await prisma.emailLog.create({
      data: { ...base, status: "FAILED", metadata: { ...content, error: String(error) } },
    });
    throw new Error(`We could not send the email to ${message.to}. Please try again in a minute.`);
  }
}

/** The outbox, newest first, for the development mailbox page. */
export function listOutbox(limit = 50) {
  return prisma.emailLog.findMany({
    orderBy: { sentAt: "desc" },
    take: limit,
    select: { id: true, to: true, subject: true, template: true, status: true, sentAt: true, metadata: true },
  });
}

export function outboxMessage(id: string) {
  return prisma.emailLog.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, template: true, status: true, sentAt: true, metadata: true },
  });
}
