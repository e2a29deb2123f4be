/**
 * Email delivery. SMTP through nodemailer when SMTP_URL is set; otherwise the local outbox, where
 * messages are kept in email_logs and read on the development mailbox page.
 */
import nodemailer from "nodemailer";

export type OutgoingEmail = { to: string; subject: string; text: string; html: string };
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

/** The embedded default: delivery is recording the message itself, readable in the mailbox. */
export const outboxProvider: EmailProvider = {
  name: "outbox",
  async send() {
    return { provider: "outbox", messageId: null };
  },
};
