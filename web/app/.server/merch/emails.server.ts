/** The merch order emails: confirmation, dispatch with tracking, and a refusal by the print studio. Plain text plus simple HTML. */
import { formatMoney } from "@spike-land/shared/payments/money";
import type { OutgoingEmail } from "../email/provider.server.ts";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function message(to: string, subject: string, heading: string, lines: string[], action: { label: string; url: string }): OutgoingEmail {
  const body = lines.map((line) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(line)}</p>`).join("");
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;background:#f6f7fb;padding:24px;color:#1f2333">
<main style="max-width:520px;margin:auto;background:#fff;border-radius:12px;padding:32px">
<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(heading)}</h1>${body}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#5b6075">Or paste this link into your browser: ${escapeHtml(action.url)}</p>
</main></body></html>`;
  return { to, subject, text: `${lines.join("\n\n")}\n\n${action.label}: ${action.url}\n`, html };
}

export type OrderSummary = {
  orderNumber: string;
  currency: string;
  subtotal: string;
  shippingCost: string;
  totalAmount: string;
  items: Array<{ productName: string; variantName: string | null; quantity: number; totalPrice: string }>;
};

export function orderConfirmationEmail(to: string, name: string | null, order: OrderSummary, url: string): OutgoingEmail {
  const lines = [
    `Hi ${name ?? "there"},`,
    `Thank you for your order ${order.orderNumber}. Our print studio has accepted it and your payment has been taken.`,
    ...order.items.map((item) => `${item.quantity} × ${item.productName}${item.variantName ? ` (${item.variantName})` : ""}: ${formatMoney(item.totalPrice, order.currency)}`),
    `Shipping: ${Number(order.shippingCost) === 0 ? "free" : formatMoney(order.shippingCost, order.currency)}`,
    `Total: ${formatMoney(order.totalAmount, order.currency)}`,
    "We will email you again when it ships, with its tracking number.",
  ];
  return message(to, `Your Spike Land order ${order.orderNumber}`, "Thank you for your order", lines, { label: "View your order", url });
}

export type ParcelDetails = { carrier: string | null; trackingNumber: string | null; trackingUrl: string | null };

export function orderShippedEmail(to: string, name: string | null, orderNumber: string, parcels: ParcelDetails[], url: string): OutgoingEmail {
  const several = parcels.length > 1;
  const lines = [
    `Hi ${name ?? "there"},`,
    `Good news: your order ${orderNumber} is on its way${several ? ` in ${parcels.length} parcels` : parcels[0]?.carrier ? ` with ${parcels[0].carrier}` : ""}.`,
    ...parcels.flatMap((parcel, index) => [
      ...(parcel.trackingNumber ? [`${several ? `Parcel ${index + 1}${parcel.carrier ? ` (${parcel.carrier})` : ""}: tracking` : "Tracking"} number ${parcel.trackingNumber}`] : []),
      ...(parcel.trackingUrl ? [`Track it here: ${parcel.trackingUrl}`] : []),
    ]),
  ];
  return message(to, `Your Spike Land order ${orderNumber} has shipped`, "Your order has shipped", lines, { label: "View your order", url });
}

export function orderRejectedEmail(to: string, name: string | null, order: { orderNumber: string; reason: string }, url: string): OutgoingEmail {
  const lines = [
    `Hi ${name ?? "there"},`,
    `We are sorry: the print studio could not accept your order ${order.orderNumber}.`,
    `The reason given: ${order.reason}`,
    "You have not been charged: the authorisation on your card has been released (your bank may take a few days to show it).",
    "You can place the order again with a different photo or address.",
  ];
  return message(to, `Your Spike Land order ${order.orderNumber} could not be printed`, "We could not print your order", lines, { label: "View your order", url });
}
