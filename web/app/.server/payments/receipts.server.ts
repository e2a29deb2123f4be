/**
 * Receipt emails, one per purchase and renewal. Sent after the webhook's transaction commits, so a
 * mail server that is down never undoes a payment; a failed send is logged (and kept in email_logs).
 */
import { formatMoney } from "@spike-land/shared/payments/money";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { sendEmail } from "../email/send.server.ts";
import { receiptEmail } from "../email/templates.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";

export type Receipt = {
  userId: string;
  /** What was paid for: a token pack, or a plan (its first month, a renewal or an upgrade). */
  kind: "pack" | "plan";
  item: string;
  /** Exact decimal, e.g. "24.99". */
  amount: string;
  currency: string;
  reference: string;
  paidAt: Date;
  notes: string[];
};

export async function sendReceipts(receipts: readonly Receipt[]): Promise<void> {
  for (const receipt of receipts) {
    const user = await prisma.user.findUnique({ where: { id: receipt.userId }, select: { email: true, name: true } });
    if (!user?.email) continue;
    const message = receiptEmail(
      user.email,
      user.name,
      { item: receipt.item, amount: formatMoney(receipt.amount, receipt.currency), paidAt: receipt.paidAt, reference: receipt.reference, notes: receipt.notes },
      `${env.appUrl}/billing`,
    );
    try {
      await sendEmail(receipt.userId, "receipt", message);
    } catch (error) {
      await recordServerError(error, { route: "/webhooks/stripe", userId: receipt.userId });
    }
  }
}
