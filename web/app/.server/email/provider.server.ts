/**
 * Email delivery. SMTP through nodemailer when SMTP_URL is set; otherwise the local outbox, where
 * messages are kept in email_logs and read on the development mailbox page.
 */
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";

export type OutgoingEmail = { to: string; subject: string; text: string; html: string };
/** `messageId` is the provider's id for the message: delivery events name the message by it. */
export type Delivery = { provider: "smtp" | "outbox"; messageId: string | null };

export interface EmailProvider {
  readonly name: Delivery["provider"];
  send(message: OutgoingEmail & { from: string }): Promise<Delivery>;
}

export function smtpProvider(url: string): EmailProvider {
  const transport = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(message) {
      const info = await transport.sendMail(message);
      return { provider: "smtp", messageId: info.messageId ?? null };
    },
  };
}

/**
 * The embedded default: delivery is recording the message itself, readable in the mailbox. It still
 * names each message, so delivery events can be replayed against the outbox as against a real provider.
 */
export const outboxProvider: EmailProvider = {
  name: "outbox",
  async send() {
    return { provider: "outbox", messageId: `outbox_${randomUUID()}` };
  },
};
