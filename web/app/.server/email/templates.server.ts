/** The account emails: plain text plus a simple, accessible HTML version of the same words. */
import type { OutgoingEmail } from "./provider.server.ts";
import { formatDate } from "../../lib/format.ts";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function layout(heading: string, paragraphs: string[], action: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;background:#f6f7fb;padding:24px;color:#1f2333">
<main style="max-width:520px;margin:auto;background:#fff;border-radius:12px;padding:32px">
<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(heading)}</h1>${body}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#5b6075">Or paste this link into your browser: ${escapeHtml(action.url)}</p>
</main></body></html>`;
}

export function verificationEmail(to: string, name: string | null, url: string): OutgoingEmail {
  const greeting = `Hi ${name ?? "there"},`;
  const lines = [greeting, "Confirm your email address to finish setting up your Spike Land account. The link works once and expires in 24 hours."];
  return {
    to,
    subject: "Confirm your email for Spike Land",
    text: `${lines.join("\n\n")}\n\nConfirm your email: ${url}\n`,
    html: layout("Confirm your email", lines, { label: "Confirm email", url }),
  };
}

export function passwordResetEmail(to: string, name: string | null, url: string): OutgoingEmail {
  const lines = [
    `Hi ${name ?? "there"},`,
    "Someone asked to reset the password of your Spike Land account. If it was you, choose a new password with the link below; it works once and expires in 1 hour.",
    "If it was not you, ignore this email: your password stays the same.",
  ];
  return {
    to,
    subject: "Reset your Spike Land password",
    text: `${lines.join("\n\n")}\n\nReset your password: ${url}\n`,
    html: layout("Reset your password", lines, { label: "Choose a new password", url }),
  };
}

export type ReceiptDetails = {
  /** What was paid for, e.g. "Pro token pack" or "Hobby plan renewal". */
  item: string;
  /** Already formatted, e.g. "£24.99". */
  amount: string;
  paidAt: Date;
  reference: string;
  /** What the payment did, e.g. "150 tokens were added to your balance." */
  notes: string[];
};

/** A receipt for a token pack, a subscription's first month, a renewal or a plan change. */
export function receiptEmail(to: string, name: string | null, receipt: ReceiptDetails, url: string): OutgoingEmail {
  const date = formatDate(receipt.paidAt, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const lines = [
    `Hi ${name ?? "there"},`,
    "Thank you for your payment. This is your receipt.",
    `Item: ${receipt.item}`,
    `Amount paid: ${receipt.amount}`,
    `Date: ${date}`,
    `Reference: ${receipt.reference}`,
    ...receipt.notes,
  ];
  return {
    to,
    subject: `Your Spike Land receipt: ${receipt.item} (${receipt.amount})`,
    text: `${lines.join("\n\n")}\n\nYour plan and past payments: ${url}\n`,
    html: layout("Your receipt", lines, { label: "View billing", url }),
  };
}

/** An admin's answer to feedback, quoting what was sent. */
export function feedbackReplyEmail(to: string, name: string | null, original: string, reply: string, url: string): OutgoingEmail {
  const quoted = original.length > 500 ? `${original.slice(0, 500)}…` : original;
  const lines = [`Hi ${name ?? "there"},`, "Thank you for your feedback. Here is our answer:", reply, `You wrote: “${quoted}”`];
  return {
    to,
    subject: "About your feedback to Spike Land",
    text: `${lines.join("\n\n")}\n\nSpike Land: ${url}\n`,
    html: layout("About your feedback", lines, { label: "Open Spike Land", url }),
  };
}
