/**
 * The embedded local print studio end to end: an order queued for submission is accepted, then
 * moved to production, dispatch (Royal Mail with tracking) and delivery by signed webhooks that
 * travel over HTTP to the real /webhooks/print/local route (served on a local port set as APP_URL
 * before the app modules load), with steps of 0 seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouteServer } from "../../../../test/route-server.ts";

const app = await startRouteServer();
process.env.APP_URL = app.url;
process.env.PRINT_EMULATOR_STEP_SECONDS = "0";

const { prisma } = await import("../../platform/db.server.ts");
const { env } = await import("../../platform/env.server.ts");
const { seed } = await import("../../../../../prisma/seed.ts");
const { startQueue, stopQueue } = await import("../../platform/queue.server.ts");
const { startWorkers } = await import("../../jobs/worker.server.ts");
const { enqueueOrderSubmission } = await import("../../merch/fulfilment-queue.server.ts");
const { printConfig, printProvider } = await import("./index.server.ts");
const { studioEvent, postStudioEvent, LOCAL_CARRIER } = await import("./local.server.ts");
const { makePaidOrder } = await import("../../../../test/merch-orders.ts");
const { action: printWebhook } = await import("../../../routes/webhooks.print.$provider.tsx");
const { action: stripeWebhook } = await import("../../../routes/webhooks.stripe.tsx");
const { loader: files } = await import("../../../routes/files.$.tsx");

let localWebhooks = 0;
app.mount("POST", "/webhooks/print/local", (args) => {
  localWebhooks += 1;
  return printWebhook({ ...args, params: { provider: "local" } } as Parameters<typeof printWebhook>[0]);
});
app.mount("POST", "/webhooks/stripe", stripeWebhook);
app.mount("GET", "/files/*", files);

beforeAll(async () => {
  await seed();
  const boss = await startQueue(env.DATABASE_URL, { maintenance: true });
  await startWorkers(boss, { pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await stopQueue();
  await app.close();
});

describe("the local print studio", () => {
  it("is the provider for both product providers when no keys are set", () => {
    expect(printProvider("PRODIGI").kind).toBe("local");
    expect(printProvider("PRINTFUL").kind).toBe("local");
  });

  it("takes a queued order through production, dispatch and delivery with signed webhooks", async () => {
    const { order } = await makePaidOrder({ products: ["prod_lustre_print", "prod_tshirt"] });
    await enqueueOrderSubmission(order.id);
    await expect.poll(async () => (await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id } })).status, { timeout: 40_000, interval: 500 }).toBe("DELIVERED");

    const after = await prisma.merchOrder.findUniqueOrThrow({ where: { id: order.id }, include: { items: true, shipments: true } });
    expect(after.stripePaymentStatus).toBe("captured");
    // One studio order per product provider, each delivered in its own parcel.
    expect(new Set(after.items.map((item) => item.podOrderId)).size).toBe(2);
    expect(after.items.every((item) => item.podStatus === "DELIVERED" && item.shipmentId)).toBe(true);
    expect(after.shipments).toHaveLength(2);
    for (const shipment of after.shipments) {
      expect(shipment.carrier).toBe(LOCAL_CARRIER);
      expect(shipment.trackingNumber).toMatch(/^RM\d{9}GB$/);
      expect(shipment.trackingUrl).toContain(shipment.trackingNumber!);
      expect(shipment.status).toBe("DELIVERED");
      expect(shipment.shippedAt).not.toBeNull();
      expect(shipment.deliveredAt).not.toBeNull();
    }
    const events = await prisma.merchOrderEvent.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["SUBMITTED_TO_POD", "POD_ACCEPTED", "PAYMENT_CAPTURED", "IN_PRODUCTION", "SHIPPED", "DELIVERED"]);
    // Three steps for each of the two studio orders, each stored once as a verified event.
    const stored = await prisma.webhookEvent.findMany({ where: { eventId: { startsWith: "lps_evt_lps_" + order.orderNumber } } });
    expect(stored).toHaveLength(6);
    expect(stored.every((event) => event.processed)).toBe(true);
    const mail = await prisma.emailLog.findMany({ where: { userId: order.userId }, orderBy: { sentAt: "asc" } });
    expect(mail.map((m) => m.template)).toEqual(["merch_order_confirmation", "merch_order_shipped"]);
    const text = String((mail[1]!.metadata as { text: string }).text);
    for (const shipment of after.shipments) expect(text).toContain(`tracking number ${shipment.trackingNumber}`);
  }, 60_000);

  it("signs what it posts: an event signed with another secret is refused", async () => {
    const job = { appUrl: app.url, providerOrderId: "lps_forged", orderId: "nope", provider: "PRODIGI" as const, step: 0, stepSeconds: 0, trackingNumber: "RM000000000GB" };
    const before = localWebhooks;
    await expect(postStudioEvent(app.url, "not-the-secret", studioEvent(job, "SHIPPED"))).rejects.toThrow(/HTTP 401/);
    await expect(postStudioEvent(app.url, printConfig.studioSecret, studioEvent(job, "SHIPPED"))).resolves.toBeUndefined();
    expect(localWebhooks).toBe(before + 2);
  });
});
