/**
 * Merch orders: the order number format, the status machine and the event types of the timeline.
 * Browser-safe.
 */
import { REFERRAL_ALPHABET, randomCode } from "../accounts/referral-code.ts";

/** The most of one item (product, variant, photo) a cart or order may hold. */
export const MAX_QUANTITY = 20;

/** `SL-YYYYMMDD-XXXX`, X from the 32-character referral alphabet (business rules). */
export function orderNumber(date: Date, random: (size: number) => Uint8Array): string {
  const day = date.toISOString().slice(0, 10).replaceAll("-", "");
  return `SL-${day}-${randomCode(4, random)}`;
}

export const ORDER_NUMBER_PATTERN = new RegExp(`^SL-\\d{8}-[${REFERRAL_ALPHABET}]{4}$`);

export const MERCH_ORDER_STATUSES = ["PENDING", "PAYMENT_PENDING", "PAID", "SUBMITTED", "IN_PRODUCTION", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"] as const;
export type MerchOrderStatus = (typeof MERCH_ORDER_STATUSES)[number];

/**
 * Allowed moves. PENDING: created, awaiting payment authorisation. PAYMENT_PENDING: the card step is
 * under way. PAID: authorised (not yet captured) — submitted to the provider next. SUBMITTED: the
 * provider accepted it and the payment was captured. A provider rejection cancels the authorisation
 * (CANCELLED); a captured order cancelled by an admin is refunded (REFUNDED).
 */
const ORDER_TRANSITIONS: Record<MerchOrderStatus, readonly MerchOrderStatus[]> = {
  PENDING: ["PAYMENT_PENDING", "PAID", "CANCELLED"],
  PAYMENT_PENDING: ["PAID", "CANCELLED"],
  PAID: ["SUBMITTED", "CANCELLED"],
  SUBMITTED: ["IN_PRODUCTION", "SHIPPED", "CANCELLED", "REFUNDED"],
  IN_PRODUCTION: ["SHIPPED", "REFUNDED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
  REFUNDED: [],
};

export function canMove(from: MerchOrderStatus, to: MerchOrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Event types written to `merch_order_events`, one per step. */
export const ORDER_EVENT_TYPES = [
  "ORDER_CREATED",
  "CHECKOUT_STARTED",
  "PAYMENT_AUTHORIZED",
  "PAYMENT_FAILED",
  "SUBMITTED_TO_POD",
  "POD_ACCEPTED",
  "POD_REJECTED",
  "PAYMENT_CAPTURED",
  "PAYMENT_CANCELLED",
  "IN_PRODUCTION",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
  "REFUNDED",
  "RESUBMITTED",
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** Words for the timeline. */
export const ORDER_EVENT_LABEL: Record<OrderEventType, string> = {
  ORDER_CREATED: "Order placed",
  CHECKOUT_STARTED: "Checkout opened",
  PAYMENT_AUTHORIZED: "Payment authorised",
  PAYMENT_FAILED: "Payment failed",
  SUBMITTED_TO_POD: "Sent to the print studio",
  POD_ACCEPTED: "Accepted by the print studio",
  POD_REJECTED: "Refused by the print studio",
  PAYMENT_CAPTURED: "Payment taken",
  PAYMENT_CANCELLED: "Payment authorisation released",
  IN_PRODUCTION: "In production",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
  RESUBMITTED: "Resubmitted to the print studio",
};

/** A product accepts an image when it covers the minimum print size in either orientation. */
export function fitsPrint(image: { width: number; height: number }, product: { minWidth: number; minHeight: number }): boolean {
  const [imageShort, imageLong] = [Math.min(image.width, image.height), Math.max(image.width, image.height)];
  const [minShort, minLong] = [Math.min(product.minWidth, product.minHeight), Math.max(product.minWidth, product.minHeight)];
  return imageShort >= minShort && imageLong >= minLong;
}

export function tooSmallMessage(image: { width: number; height: number }, product: { name: string; minWidth: number; minHeight: number; minDpi: number }): string {
  return `This photo is ${image.width} × ${image.height} px; a ${product.name} needs at least ${product.minWidth} × ${product.minHeight} px (${product.minDpi} dpi). Enhance it at a larger tier or choose a smaller product.`;
}
