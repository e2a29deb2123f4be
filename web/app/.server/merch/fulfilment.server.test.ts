/**
 * Fulfilment: an authorised order goes to its print provider; acceptance captures the payment,
 * refusal releases it and tells the customer, a transient failure is retried by the queue. Prodigi
 * products go to a local Prodigi-shaped server (PRODIGI_API_KEY set), Printful products to the
 * embedded local print studio; payments go through the payment emulator over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJsonServer, type JsonAnswer, type RecordedRequest } from "../../../test/local-json-server.ts";
import { startRouteServer } from "../../../test/route-server.ts";

let prodigiAnswer: (request: RecordedRequest) => JsonAnswer = () => ({ status: 500, body: {} });
const prodigi = await startJsonServer((request) => prodigiAnswer(request));
const app = await startRouteServer();
process.env.APP_URL = app.url;
process.env.PRODIGI_API_KEY = "test-prodigi-key";
process.env.PRODIGI_BASE_URL = prodigi.url;
process.env.PRINT_EMULATOR_STEP_SECONDS = "600";

const { prisma } = await import("../platform/db.server.ts");
const { env } = await import("../platform/env.server.ts");
const { seed } = await import("../../../../prisma/seed.ts");
const { startQueue, stopQueue, queue } = await import("../platform/queue.server.ts");
const { enqueueOrderSubmission } = await import("./fulfilment-queue.server.ts");
const { submitOrder, startMerchWorkers, sendOrderConfirmation } = await import("./fulfilment.server.ts");
const { PrintProviderError } = await import("../providers/print/types.ts");
const { makePaidOrder } = await import("../../../test/merch-orders.ts");
const { action: stripeWebhook } = await import("../../routes/webhooks.stripe.tsx");
const { loader: files } = await import("../../routes/files.$.tsx");

app.mount("POST", "/webhooks/stripe", stripeWebhook);
app.mount("GET", "/files/*", files);

beforeAll(async () => {
  await seed();
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(async () => {
  await stopQueue();
  await app.close();
  await prodigi.close();
});

const created = (id: string, merchantReference: string) => ({
  status: 200,
  body: { outcome: "Created", order: { id, merchantReference, status: { stage: "InProgress", issues: [], details: { inProduction: "NotStarted", shipping: "NotStarted" } } } },
});

async function eventTypes(orderId: string) {
  const events = await prisma.merchOrderEvent.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.type);
}

describe("submitting an authorised order", () => {
  it("sends it to Prodigi, then captures the payment and confirms the order by email", async () => {
    const { order, imageKey } = await makePaidOrder({ products: ["prod_lustre_print"] });
    prodigiAnswer = (request) => created("ord_1001", (request.body as { merchantReference: string }).merchantReference);
    const result = await submitOrder(order.id);
    expect(result).toEqual({ outcome: "submitted", providerOrders: [{ provider: "PRODIGI", providerOrderId: "ord_1001" }] });

    const request = prodigi.requests.at(-1)!;
    expect(request.headers["x-api-key"]).toBe("test-prodigi-key");
    const body = request.body as { merchantReference: string; callbackUrl: string; items: Array<{ sku: string; assets: Array<{ url: string }> }> };
    expect(body.merchantReference).toBe(order.id);
    expect(body.callbackUrl).toMatch(new RegExp(`^${app.url}/webhooks/print/prodigi\\?token=`));
    expect(body.items[0]!.sku).toBe("GLOBAL-PHO-8x12-LUS");
    // The print file URL is signed and really fetchable.
    const file = await fetch(body.items[0]!.assets[0]!.url);
    expect(file.status).toBe(200);
    expect(body.items[0]!.assets[0]!.url).toContain(imageKey);

    const after = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
    expect(after.status).toBe("SUBMITTED");
    expect(after.stripePaymentStatus).toBe("captured");
    expect(after.items.map((item) => [item.podOrderId, item.podStatus])).toEqual([["ord_1001", "ACCEPTED"]]);
    expect(await eventTypes(order.id)).toEqual(["SUBMITTED_TO_POD", "POD_ACCEPTED", "PAYMENT_CAPTURED"]);
    const mail = await prisma.emailLog.findMany({ where: { userId: order.userId } });
    expect(mail.map((m) => m.template)).toEqual(["merch_order_confirmation"]);
    expect(mail[0]!.subject).toContain(order.orderNumber);

    // Handling the job again changes nothing: no second provider order, capture or email.
    const requestsBefore = prodigi.requests.length;
    await submitOrder(order.id);
    expect(prodigi.requests.length).toBe(requestsBefore);
    expect(await eventTypes(order.id)).toEqual(["SUBMITTED_TO_POD", "POD_ACCEPTED", "PAYMENT_CAPTURED"]);
    expect(await sendOrderConfirmation(order.id)).toBe(false);
  });

  it("releases the authorisation, cancels the order and emails the reason when the studio refuses it", async () => {
    const { order } = await makePaidOrder({ products: ["prod_tshirt"], recipient: "Reject Me" });
    const result = await submitOrder(order.id);
    expect(result.outcome).toBe("rejected");
    const after = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
    expect(after.status).toBe("CANCELLED");
    expect(after.stripePaymentStatus).toBe("cancelled");
    expect(after.items[0]!.podStatus).toBe("REJECTED");
    expect(await eventTypes(order.id)).toEqual(["SUBMITTED_TO_POD", "POD_REJECTED", "PAYMENT_CANCELLED", "CANCELLED"]);
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { userId: order.userId, template: "merch_order_rejected" } });
    expect(String((mail.metadata as { text: string }).text)).toContain("the recipient's address could not be verified");
    expect(await prisma.emailLog.count({ where: { userId: order.userId, template: "merch_order_confirmation" } })).toBe(0);
  });

  it("is refused by the local studio when the print file is smaller than the product needs", async () => {
    const { order } = await makePaidOrder({ products: ["prod_tshirt"], image: { width: 1200, height: 1600 } });
    const result = await submitOrder(order.id);
    expect(result).toEqual({ outcome: "rejected", reason: expect.stringContaining("1200 × 1600 px, below the 1800 × 2400 px") });
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("CANCELLED");
  });

  it("is refused by the local studio when the print file cannot be downloaded", async () => {
    const { order } = await makePaidOrder({ products: ["prod_tshirt"], image: "missing" });
    const result = await submitOrder(order.id);
    expect(result).toEqual({ outcome: "rejected", reason: expect.stringContaining("could not be downloaded (HTTP 404)") });
  });

  it("turns a Prodigi validation failure into a refusal", async () => {
    const { order } = await makePaidOrder({ products: ["prod_canvas"] });
    prodigiAnswer = () => ({ status: 400, body: { outcome: "ValidationFailed", failures: { "recipient.address.postalOrZipCode": [{ code: "Invalid" }] } } });
    const result = await submitOrder(order.id);
    expect(result.outcome).toBe("rejected");
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { userId: order.userId, template: "merch_order_rejected" } });
    expect(String((mail.metadata as { text: string }).text)).toContain("recipient.address.postalOrZipCode: Invalid");
  });

  it("throws on a transient failure, keeping the order authorised, and the queue retries it", async () => {
    const { order } = await makePaidOrder({ products: ["prod_lustre_print"] });
    let calls = 0;
    prodigiAnswer = (request) => {
      calls += 1;
      return calls === 1 ? { status: 503, body: { outcome: "InternalServerError" } } : created("ord_2002", (request.body as { merchantReference: string }).merchantReference);
    };
    const error = await submitOrder(order.id).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PrintProviderError);
    const still = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect([still.status, still.stripePaymentStatus]).toEqual(["PAID", "authorized"]);

    // Through the queue: the first attempt fails again (503), pg-boss retries, the second is accepted.
    calls = 0;
    await startMerchWorkers(queue(), { pollingIntervalSeconds: 0.5 });
    await enqueueOrderSubmission(order.id);
    await expect
      .poll(async () => (await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id } })).stripePaymentStatus, { timeout: 45_000, interval: 500 })
      .toBe("captured");
    expect(calls).toBe(2);
    expect((await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("SUBMITTED");
  }, 60_000);
});
