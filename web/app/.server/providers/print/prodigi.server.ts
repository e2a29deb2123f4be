/**
 * Prodigi's Print API v4 (https://www.prodigi.com/print-api/docs/reference/): orders are created with
 * `POST /v4.0/Orders` (X-API-Key header), read with `GET /v4.0/Orders/{id}` and cancelled with
 * `POST /v4.0/Orders/{id}/actions/cancel`. Status changes arrive as CloudEvents-shaped callbacks at
 * the order's `callbackUrl`; Prodigi does not sign them, so the URL carries a shared secret.
 */
import { callJson, isTransientStatus, record, text } from "./http.server.ts";
import { PrintProviderError, type PrintOrderInput, type PrintOrderRef, type PrintProvider, type PrintStage, type PrintUpdate } from "./types.ts";

const PRODIGI_SANDBOX_URL = "https://api.sandbox.prodigi.com";

export type ProdigiOptions = { apiKey: string; baseUrl?: string; callbackUrl?: string; shippingMethod?: "Budget" | "Standard" | "Express" | "Overnight" };

/** Prodigi's order status → our stage. Prodigi reports dispatch ("Complete") but not delivery. */
export function prodigiStage(order: unknown): PrintStage {
  const status = record(record(order).status);
  const stage = text(status.stage);
  const details = record(status.details);
  if (stage === "Cancelled") return "CANCELLED";
  if (stage === "Complete" || details.shipping === "Complete") return "SHIPPED";
  if (details.inProduction === "InProgress" || details.inProduction === "Complete" || details.shipping === "InProgress") return "IN_PRODUCTION";
  return "ACCEPTED";
}

function issueText(body: unknown): string | null {
  const root = record(body);
  const issues = [root.issues, record(record(root.order).status).issues].flatMap((list) => (Array.isArray(list) ? list : []));
  const first = record(issues[0]);
  const failures = record(root.failures);
  const failure = Object.entries(failures)[0];
  const failureText = failure ? `${failure[0]}: ${text(record((failure[1] as unknown[])?.[0]).code) ?? "invalid"}` : null;
  return text(first.description) ?? text(first.errorCode) ?? failureText ?? text(root.outcome);
}

export function createProdigiProvider(options: ProdigiOptions): PrintProvider {
  const base = (options.baseUrl ?? PRODIGI_SANDBOX_URL).replace(/\/+$/, "");
  const headers = { "X-API-Key": options.apiKey };

  async function readOrder(path: string, method: "GET" | "POST", body?: unknown): Promise<Record<string, unknown>> {
    const answer = await callJson(`${base}${path}`, { method, headers, body }, "Prodigi");
    const root = record(answer.body);
    if (answer.status >= 200 && answer.status < 300 && root.order) return record(root.order);
    const detail = issueText(answer.body) ?? `HTTP ${answer.status}`;
    if (isTransientStatus(answer.status)) throw new PrintProviderError(`Prodigi is unavailable right now (${detail}).`, { rejected: false, status: answer.status });
    throw new PrintProviderError(`The print studio could not accept the order: ${detail}.`, { rejected: true, status: answer.status });
  }

  return {
    kind: "prodigi",
    async submitOrder(order: PrintOrderInput): Promise<PrintOrderRef> {
      const { recipient } = order;
      const payload = {
        merchantReference: order.id,
        // Prodigi refuses a second order with the same key, so a retried job cannot order twice.
        idempotencyKey: order.id,
        shippingMethod: options.shippingMethod ?? "Standard",
        ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
        recipient: {
          name: recipient.name,
          ...(recipient.email ? { email: recipient.email } : {}),
          address: {
            line1: recipient.line1,
            ...(recipient.line2 ? { line2: recipient.line2 } : {}),
            postalOrZipCode: recipient.postalCode,
            countryCode: recipient.country,
            townOrCity: recipient.city,
          },
        },
        items: order.items.map((item) => ({
          merchantReference: item.id,
          sku: item.sku,
          copies: item.copies,
          sizing: "fillPrintArea",
          assets: [{ printArea: "default", url: item.imageUrl }],
        })),
        metadata: { orderNumber: order.orderNumber },
      };
      const created = await readOrder("/v4.0/Orders", "POST", payload);
      const id = text(created.id);
      if (!id) throw new PrintProviderError("Prodigi answered without an order id.", { rejected: false });
      return { providerOrderId: id, status: prodigiStage(created) };
    },
    async getOrder(providerOrderId: string): Promise<PrintOrderRef> {
      const found = await readOrder(`/v4.0/Orders/${encodeURIComponent(providerOrderId)}`, "GET");
      return { providerOrderId, status: prodigiStage(found) };
    },
    async cancelOrder(providerOrderId: string): Promise<void> {
      await readOrder(`/v4.0/Orders/${encodeURIComponent(providerOrderId)}/actions/cancel`, "POST", {});
    },
  };
}

/** Reads a Prodigi callback (a CloudEvent whose data carries the whole order). Null when it is not one. */
export function parseProdigiCallback(body: unknown): PrintUpdate | null {
  const event = record(body);
  const order = record(record(event.data).order);
  const id = text(event.id);
  const type = text(event.type);
  const orderId = text(order.id);
  if (!id || !type || !orderId) return null;
  const stage = prodigiStage(order);
  const shipments = Array.isArray(order.shipments) ? order.shipments.map(record) : [];
  const last = shipments.at(-1);
  const tracking = record(last?.tracking);
  return {
    provider: "PRODIGI",
    eventId: `prodigi_${id}`,
    eventType: type,
    providerOrderId: orderId,
    orderId: text(order.merchantReference),
    stage,
    providerStatus: text(record(order.status).stage) ?? stage,
    shipment: last
      ? {
          providerShipId: text(last.id),
          carrier: text(record(last.carrier).name),
          trackingNumber: text(tracking.number),
          trackingUrl: text(tracking.url),
          at: text(last.dispatchDate) ? new Date(text(last.dispatchDate)!) : null,
        }
      : null,
    reason: issueText(order),
  };
}
