/** The Printful client against a local Printful-shaped server: request shapes, the Bearer token, status mapping and error sorting. */
import { afterAll, describe, expect, it } from "vitest";
import { startJsonServer, type JsonAnswer, type RecordedRequest } from "../../../../test/local-json-server.ts";
import { createPrintfulProvider, parsePrintfulWebhook } from "./printful.server.ts";
import { PrintProviderError, type PrintOrderInput } from "./types.ts";

let answer: (request: RecordedRequest) => JsonAnswer = () => ({ status: 500, body: {} });
const server = await startJsonServer((request) => answer(request));
afterAll(() => server.close());

const provider = createPrintfulProvider({ apiKey: "test-printful-token", baseUrl: server.url, storeId: "1234" });

const order: PrintOrderInput = {
  id: "order_2",
  orderNumber: "SL-20261125-WXYZ",
  recipient: { name: "Ada Lovelace", line1: "1 Example Street", line2: "Flat 2", city: "London", postalCode: "SW1A 1AA", country: "GB" },
  items: [
    { id: "item_a", sku: "PF-3001-M-BLK", copies: 1, imageUrl: "https://files.example/a.jpg" },
    { id: "item_b", sku: "4012", copies: 3, imageUrl: "https://files.example/b.jpg" },
  ],
};

describe("the Printful client", () => {
  it("creates and confirms an order with a Bearer token and Printful's shape", async () => {
    answer = () => ({ status: 200, body: { code: 200, result: { id: 94832478, external_id: "order_2", status: "pending" } } });
    expect(await provider.submitOrder(order)).toEqual({ providerOrderId: "94832478", status: "ACCEPTED" });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/orders?confirm=true");
    expect(request.headers.authorization).toBe("Bearer test-printful-token");
    expect(request.headers["x-pf-store-id"]).toBe("1234");
    expect(request.body).toMatchObject({
      external_id: "order_2",
      recipient: { name: "Ada Lovelace", address1: "1 Example Street", address2: "Flat 2", city: "London", country_code: "GB", zip: "SW1A 1AA" },
      items: [
        { external_id: "item_a", external_variant_id: "PF-3001-M-BLK", quantity: 1, files: [{ url: "https://files.example/a.jpg" }] },
        { external_id: "item_b", variant_id: 4012, quantity: 3, files: [{ url: "https://files.example/b.jpg" }] },
      ],
    });
  });

  it("turns a 400 into a rejection with Printful's message, and 5xx/429 into transient failures", async () => {
    answer = () => ({ status: 400, body: { code: 400, result: "Invalid address", error: { reason: "BadRequest", message: "Recipient: Invalid address" } } });
    const rejected = await provider.submitOrder(order).catch((thrown: unknown) => thrown);
    expect(rejected).toBeInstanceOf(PrintProviderError);
    expect((rejected as PrintProviderError).rejected).toBe(true);
    expect((rejected as PrintProviderError).message).toContain("Recipient: Invalid address");
    for (const status of [502, 429]) {
      answer = () => ({ status, body: { code: status, result: "Try later" } });
      const transient = await provider.submitOrder(order).catch((thrown: unknown) => thrown);
      expect((transient as PrintProviderError).rejected).toBe(false);
    }
  });

  it("reads and cancels orders", async () => {
    answer = (request) => ({ status: 200, body: { code: 200, result: { id: 94832478, status: request.method === "DELETE" ? "canceled" : "inprocess" } } });
    expect(await provider.getOrder("94832478")).toEqual({ providerOrderId: "94832478", status: "IN_PRODUCTION" });
    await provider.cancelOrder("94832478");
    expect(server.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/orders/94832478" });
  });

  it("reads a package_shipped webhook, with a key stable across Printful's retries", () => {
    const event = (retries: number) => ({
      type: "package_shipped",
      created: 1764072000,
      retries,
      store: 1234,
      data: {
        shipment: { id: 555, carrier: "DHL", service: "DHL Express", tracking_number: "JD0123", tracking_url: "https://track.example/JD0123", ship_date: "2026-11-25" },
        order: { id: 94832478, external_id: "order_2", status: "fulfilled" },
      },
    });
    const first = parsePrintfulWebhook(event(0));
    expect(first).toMatchObject({
      provider: "PRINTFUL",
      providerOrderId: "94832478",
      orderId: "order_2",
      stage: "SHIPPED",
      shipment: { providerShipId: "555", carrier: "DHL", trackingNumber: "JD0123", trackingUrl: "https://track.example/JD0123" },
    });
    expect(parsePrintfulWebhook(event(2))!.eventId).toBe(first!.eventId);
    expect(parsePrintfulWebhook({ type: "package_shipped", data: {} })).toBeNull();
  });
});
