/** The Prodigi client against a local Prodigi-shaped server: request shapes, the API key header, stage mapping and error sorting. */
import { afterAll, describe, expect, it } from "vitest";
import { startJsonServer, type JsonAnswer, type RecordedRequest } from "../../../../test/local-json-server.ts";
import { createProdigiProvider, parseProdigiCallback, prodigiStage } from "./prodigi.server.ts";
import { PrintProviderError, type PrintOrderInput } from "./types.ts";

let answer: (request: RecordedRequest) => JsonAnswer = () => ({ status: 500, body: {} });
const server = await startJsonServer((request) => answer(request));
afterAll(() => server.close());

const provider = createProdigiProvider({ apiKey: "test-prodigi-key", baseUrl: server.url, callbackUrl: "https://app.example/webhooks/print/prodigi?token=abc" });

const order: PrintOrderInput = {
  id: "order_1",
  orderNumber: "SL-20261125-ABCD",
  recipient: { name: "Ada Lovelace", line1: "1 Example Street", line2: null, city: "London", postalCode: "SW1A 1AA", country: "GB", email: "ada@example.com" },
  items: [{ id: "item_1", sku: "GLOBAL-PHO-8x12-LUS", copies: 2, imageUrl: "https://files.example/print.jpg?signature=x" }],
};

const prodigiOrder = (stage: string, details: Record<string, string> = {}) => ({
  id: "ord_840796",
  merchantReference: "order_1",
  status: { stage, issues: [], details: { downloadAssets: "Complete", printReadyAssetsPrepared: "Complete", allocateProductionLocation: "Complete", inProduction: "NotStarted", shipping: "NotStarted", ...details } },
  shipments: [],
});

describe("the Prodigi client", () => {
  it("creates an order with Prodigi's v4 shape and X-API-Key, and maps the answer", async () => {
    answer = () => ({ status: 200, body: { outcome: "Created", order: prodigiOrder("InProgress") } });
    const ref = await provider.submitOrder(order);
    expect(ref).toEqual({ providerOrderId: "ord_840796", status: "ACCEPTED" });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v4.0/Orders");
    expect(request.headers["x-api-key"]).toBe("test-prodigi-key");
    expect(request.body).toMatchObject({
      merchantReference: "order_1",
      idempotencyKey: "order_1",
      shippingMethod: "Standard",
      callbackUrl: "https://app.example/webhooks/print/prodigi?token=abc",
      recipient: { name: "Ada Lovelace", address: { line1: "1 Example Street", postalOrZipCode: "SW1A 1AA", countryCode: "GB", townOrCity: "London" } },
      items: [{ sku: "GLOBAL-PHO-8x12-LUS", copies: 2, sizing: "fillPrintArea", assets: [{ printArea: "default", url: "https://files.example/print.jpg?signature=x" }] }],
    });
    expect((request.body as { recipient: { address: Record<string, unknown> } }).recipient.address).not.toHaveProperty("line2");
  });

  it("treats a validation failure as a rejection, with Prodigi's reason", async () => {
    answer = () => ({ status: 400, body: { outcome: "ValidationFailed", failures: { "items[0].sku": [{ code: "NotRecognised" }] } } });
    const error = await provider.submitOrder(order).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PrintProviderError);
    expect((error as PrintProviderError).rejected).toBe(true);
    expect((error as PrintProviderError).message).toContain("items[0].sku: NotRecognised");
  });

  it("treats 5xx, 429 and a bad API key as transient (retried, not a rejection)", async () => {
    for (const status of [500, 503, 429, 401]) {
      answer = () => ({ status, body: { outcome: "InternalServerError" } });
      const error = await provider.submitOrder(order).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(PrintProviderError);
      expect((error as PrintProviderError).rejected).toBe(false);
    }
  });

  it("treats an unreachable API as transient", async () => {
    const offline = createProdigiProvider({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
    const error = await offline.submitOrder(order).catch((thrown: unknown) => thrown);
    expect((error as PrintProviderError).rejected).toBe(false);
  });

  it("reads and cancels orders", async () => {
    answer = (request) =>
      request.path.endsWith("/actions/cancel")
        ? { status: 200, body: { outcome: "Ok", order: prodigiOrder("Cancelled") } }
        : { status: 200, body: { outcome: "Ok", order: prodigiOrder("InProgress", { inProduction: "InProgress" }) } };
    expect(await provider.getOrder("ord_840796")).toEqual({ providerOrderId: "ord_840796", status: "IN_PRODUCTION" });
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", path: "/v4.0/Orders/ord_840796" });
    await provider.cancelOrder("ord_840796");
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", path: "/v4.0/Orders/ord_840796/actions/cancel" });
  });

  it("maps stages and reads a callback with its shipment", () => {
    expect(prodigiStage(prodigiOrder("Complete"))).toBe("SHIPPED");
    expect(prodigiStage(prodigiOrder("Cancelled"))).toBe("CANCELLED");
    const update = parseProdigiCallback({
      specversion: "1.0",
      type: "com.prodigi.order.status.stage.changed#Complete",
      source: "http://api.prodigi.com/v4.0/Orders/",
      id: "evt_305",
      time: "2026-11-25T12:00:00Z",
      datacontenttype: "application/json",
      data: {
        order: {
          ...prodigiOrder("Complete", { shipping: "Complete" }),
          shipments: [{ id: "shp_1", carrier: { name: "Royal Mail", service: "Tracked 48" }, tracking: { number: "RM123456789GB", url: "https://track.example/RM123456789GB" }, dispatchDate: "2026-11-25T11:00:00Z" }],
        },
      },
    });
    expect(update).toMatchObject({
      provider: "PRODIGI",
      eventId: "prodigi_evt_305",
      providerOrderId: "ord_840796",
      orderId: "order_1",
      stage: "SHIPPED",
      shipment: { providerShipId: "shp_1", carrier: "Royal Mail", trackingNumber: "RM123456789GB", trackingUrl: "https://track.example/RM123456789GB" },
    });
    expect(parseProdigiCallback({ type: "x" })).toBeNull();
  });
});
