/** How an email's delivery status is shown in admin lists. */

/** The EmailStatus values, in lifecycle order (browser-safe, for the status filter). */
export const EMAIL_STATUSES = ["PENDING", "SENT", "DELIVERED", "OPENED", "CLICKED", "BOUNCED", "FAILED"] as const;

export const EMAIL_STATUS_TONE: Record<string, "slate" | "brand" | "green" | "amber" | "red"> = {
  PENDING: "slate",
  SENT: "slate",
  DELIVERED: "brand",
  OPENED: "green",
  CLICKED: "green",
  BOUNCED: "red",
  FAILED: "red",
};

export function emailStatusLabel(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}
