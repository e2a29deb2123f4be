/** How merch order statuses look wherever orders are listed: a word for the customer and a badge tone. */
export const ORDER_STATUS_LABEL: Record<string, string> = {
  PENDING: "Awaiting payment",
  PAYMENT_PENDING: "Awaiting payment",
  PAID: "Payment authorised",
  SUBMITTED: "With the print studio",
  IN_PRODUCTION: "In production",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
};

export const ORDER_STATUS_TONE: Record<string, "slate" | "brand" | "green" | "amber" | "red"> = {
  PENDING: "amber",
  PAYMENT_PENDING: "amber",
  PAID: "brand",
  SUBMITTED: "brand",
  IN_PRODUCTION: "brand",
  SHIPPED: "green",
  DELIVERED: "green",
  CANCELLED: "red",
  REFUNDED: "slate",
};
