/** How the order desk shows an order's status and times (plainer than the customer's wording). */
import { formatDateTime } from "../../lib/format.ts";

export const DESK_STATUS_TONE: Record<string, "slate" | "brand" | "green" | "amber" | "red"> = {
  PENDING: "slate",
  PAYMENT_PENDING: "slate",
  PAID: "brand",
  SUBMITTED: "brand",
  IN_PRODUCTION: "brand",
  SHIPPED: "green",
  DELIVERED: "green",
  CANCELLED: "amber",
  REFUNDED: "amber",
  FAILED: "red",
};

/** "IN_PRODUCTION" → "In production". */
export const deskStatusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replaceAll("_", " ");

/** An order time in UTC, or a dash when there is none. */
export const deskTime = (value: string | Date | null) => (value ? formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }) : "—");
