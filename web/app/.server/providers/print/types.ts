/**
 * The print provider: submits a paid order's items to a print-on-demand studio and reads or cancels
 * it there. Implementations: Prodigi's Print API v4 (prodigi.server.ts), Printful's API
 * (printful.server.ts) and the embedded local print studio (local.server.ts), chosen per product in
 * index.server.ts. Status changes come back later as webhooks (routes/webhooks.print.$provider.tsx).
 */

export type PodProviderName = "PRODIGI" | "PRINTFUL";

export type PrintRecipient = {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, e.g. "GB". */
  country: string;
  email?: string | null;
};

export type PrintItem = {
  /** Our order item id. */
  id: string;
  /** The provider's SKU: the variant's, else the product's. */
  sku: string;
  copies: number;
  /** A signed, fetchable URL of the print file. */
  imageUrl: string;
  customText?: string | null;
  /** The product's minimum print size in pixels (the local studio checks it, as a real lab's file check would). */
  minWidth?: number;
  minHeight?: number;
};

export type PrintOrderInput = {
  /** Our order id, sent as the merchant reference / external id. */
  id: string;
  orderNumber: string;
  recipient: PrintRecipient;
  items: PrintItem[];
};

/** Normalised provider order stages. */
export type PrintStage = "ACCEPTED" | "IN_PRODUCTION" | "SHIPPED" | "DELIVERED" | "CANCELLED";

export type PrintOrderRef = { providerOrderId: string; status: PrintStage };

export interface PrintProvider {
  readonly kind: "prodigi" | "printful" | "local";
  submitOrder(order: PrintOrderInput): Promise<PrintOrderRef>;
  getOrder(providerOrderId: string): Promise<PrintOrderRef>;
  cancelOrder(providerOrderId: string): Promise<void>;
}

/**
 * A provider call that failed. `rejected`: the provider refused the order (bad address, unusable
 * file, unknown SKU) and retrying will not help; otherwise a transient failure worth retrying.
 * `message` is safe to show to the customer.
 */
export class PrintProviderError extends Error {
  readonly rejected: boolean;
  readonly status: number | null;
  constructor(message: string, options: { rejected: boolean; status?: number | null }) {
    super(message);
    this.name = "PrintProviderError";
    this.rejected = options.rejected;
    this.status = options.status ?? null;
  }
}

/** A status update parsed from a provider's webhook, the same for every provider. */
export type PrintUpdate = {
  provider: PodProviderName;
  eventId: string;
  eventType: string;
  providerOrderId: string;
  /** Our order id when the provider echoes it (merchant reference / external id). */
  orderId: string | null;
  stage: PrintStage | null;
  /** The provider's own words for the status, stored on the items. */
  providerStatus: string;
  shipment: { providerShipId: string | null; carrier: string | null; trackingNumber: string | null; trackingUrl: string | null; at: Date | null } | null;
  reason: string | null;
};
