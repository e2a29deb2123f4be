/**
 * Printful's API (https://developers.printful.com/docs/): orders are created and confirmed in one call
 * with `POST /orders?confirm=true` (Bearer token), read with `GET /orders/{id}` and cancelled with
 * `DELETE /orders/{id}`. Status changes arrive as webhooks ({type, created, data}); Printful's
 * order webhooks carry no signature, so the registered URL carries a shared secret.
 */
import { callJson, isTransientStatus, record, text } from "./http.server.ts";
import { PrintProviderError, type PrintOrderInput, type PrintOrderRef, type PrintProvider, type PrintStage, type PrintUpdate } from "./types.ts";

const PRINTFUL_API_URL = "https://api.printful.com";

export type PrintfulOptions = { apiKey: string; baseUrl?: string; storeId?: string };

/** Printful's order status → our stage (draft/pending are accepted but not yet printing). */
function printfulStage(status: string | null): PrintStage {
  switch (status) {
    case "inprocess":
    case "onhold":
    case "partial":
      return "IN_PRODUCTION";
    case "fulfilled":
      return "SHIPPED";
    case "canceled":
    case "failed":
      return "CANCELLED";
    default:
      return "ACCEPTED";
  }
}

function errorText(body: unknown): string | null {
  const root = record(body);
  return text(record(root.error).message) ?? text(root.result) ?? text(root.message);
}

export function createPrintfulProvider(options: PrintfulOptions): PrintProvider {
  const base = (options.baseUrl ?? PRINTFUL_API_URL).replace(/\/+$/, "");
  const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}`, ...(options.storeId ? { "X-PF-Store-Id": options.storeId } : {}) };

  async function call(path: string, method: "GET" | "POST" | "DELETE", body?: unknown): Promise<Record<string, unknown>> {
    const answer = await callJson(`${base}${path}`, { method, headers, body }, "Printful");
    const root = record(answer.body);
    if (answer.status >= 200 && answer.status < 300) return record(root.result);
    const detail = errorText(answer.body) ?? `HTTP ${answer.status}`;
    if (isTransientStatus(answer.status)) throw new PrintProviderError(`Printful is unavailable right now (${detail}).`, { rejected: false, status: answer.status });
    throw new PrintProviderError(`The print studio could not accept the order: ${detail}.`, { rejected: true, status: answer.status });
  }

  return {
    kind: "printful",
    async submitOrder(order: PrintOrderInput): Promise<PrintOrderRef> {
      const { recipient } = order;
      const payload = {
        external_id: order.id,
        shipping: "STANDARD",
        recipient: {
          name: recipient.name,
          address1: recipient.line1,
          ...(recipient.line2 ? { address2: recipient.line2 } : {}),
          city: recipient.city,
          country_code: recipient.country,
          zip: recipient.postalCode,
          ...(recipient.email ? { email: recipient.email } : {}),
        },
        items: order.items.map((item) => ({
          external_id: item.id,
          // A catalogue variant id is numeric; anything else names a variant of our Printful store.
          ...(/^\d+$/.test(item.sku) ? { variant_id: Number(item.sku) } : { external_variant_id: item.sku }),
          quantity: item.copies,
          files: [{ url: item.imageUrl }],
        })),
        packing_slip: { message: `Order ${order.orderNumber}` },
      };
      const created = await call("/orders?confirm=true", "POST", payload);
      const id = text(created.id);
      if (!id) throw new PrintProviderError("Printful answered without an order id.", { rejected: false });
      const stage = printfulStage(text(created.status));
      if (stage === "CANCELLED") throw new PrintProviderError("The print studio could not accept the order: it failed Printful's checks.", { rejected: true });
      return { providerOrderId: id, status: stage };
    },
    async getOrder(providerOrderId: string): Promise<PrintOrderRef> {
      const found = await call(`/orders/${encodeURIComponent(providerOrderId)}`, "GET");
      return { providerOrderId, status: printfulStage(text(found.status)) };
    },
    async cancelOrder(providerOrderId: string): Promise<void> {
      await call(`/orders/${encodeURIComponent(providerOrderId)}`, "DELETE");
    },
  };
}

const TYPE_STAGE: Record<string, PrintStage> = {
  package_shipped: "SHIPPED",
  order_canceled: "CANCELLED",
  order_failed: "CANCELLED",
  order_put_hold: "IN_PRODUCTION",
  order_remove_hold: "IN_PRODUCTION",
};

/**
 * Reads a Printful webhook. Its events have no id of their own, so the key is built from the type,
 * the order, the shipment and the event time (unchanged across Printful's retries of one event).
 */
export function parsePrintfulWebhook(body: unknown): PrintUpdate | null {
  const event = record(body);
  const type = text(event.type);
  const data = record(event.data);
  const order = record(data.order);
  const orderId = text(order.id);
  if (!type || !orderId) return null;
  const shipment = record(data.shipment);
  const shipped = type === "package_shipped";
  const stage = TYPE_STAGE[type] ?? (type === "order_updated" ? printfulStage(text(order.status)) : null);
  return {
    provider: "PRINTFUL",
    eventId: `printful_${type}_${orderId}_${text(shipment.id) ?? ""}_${text(event.created) ?? ""}`,
    eventType: type,
    providerOrderId: orderId,
    orderId: text(order.external_id),
    stage,
    providerStatus: text(order.status) ?? type,
    shipment: shipped
      ? {
          providerShipId: text(shipment.id),
          carrier: text(shipment.carrier),
          trackingNumber: text(shipment.tracking_number),
          trackingUrl: text(shipment.tracking_url),
          at: typeof shipment.ship_date === "string" ? new Date(shipment.ship_date) : typeof event.created === "number" ? new Date(event.created * 1000) : null,
        }
      : null,
    reason: text(data.reason),
  };
}
